/**
 * Converts between the edge's own clock (real time: its timers, timeouts and rate limits) and the platform's clock,
 * on which the instants exchanged with profile-command are written (a call's `sendBy`, its `sentAt`). They are the
 * same clock in production; a simulation accelerates the platform's (CLOCK_SPEED, anchored at CLOCK_EPOCH, the same
 * formula as `systemClock`), and the edge then converts rather than running its network timers fast.
 */
export interface PlatformTime {
  /** The edge-clock instant of a platform instant. */
  toLocal(platformInstant: number): number;
  /** The platform instant of an edge-clock instant. */
  toPlatform(localInstant: number): number;
}

export function platformTime(speed: number, epoch: number | undefined): PlatformTime {
  if (speed === 1) return { toLocal: (t) => t, toPlatform: (t) => t };
  if (epoch === undefined) throw new RangeError('an accelerated platform clock (CLOCK_SPEED > 1) needs CLOCK_EPOCH');
  return {
    toLocal: (t) => epoch + (t - epoch) / speed,
    toPlatform: (t) => Math.floor(epoch + (t - epoch) * speed),
  };
}
