/** A source of the current time in ms. Apps inject one; domain code never reads the system clock itself. */
export interface Clock {
  now(): number;
}

/**
 * The system clock, optionally accelerated for simulations: with `speed` 60 one real second is one
 * simulated minute. Simulated and real time agree at `epoch` (ms; default: when the clock is made), so
 * processes given the same epoch agree on the simulated time — across restarts too. Used with the
 * simulator's `--clock-speed` so that hour-long behaviour (write windows) can be tested in a minute.
 */
export function systemClock(speed = 1, epoch?: number): Clock {
  if (speed === 1) return { now: () => Date.now() };
  const anchor = epoch ?? Date.now();
  return { now: () => anchor + (Date.now() - anchor) * speed };
}

/** The `CLOCK_SPEED` env field: 1 in production; >1 only for simulations and tests. */
export const clockSpeedHelp = 'simulated seconds per real second (1 in production)';
