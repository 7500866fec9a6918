import {
  anchorMs,
  compositeAt,
  recurrenceMs,
  runLengthMs,
  type CompositeInput,
  type CompositeStep,
  type InstalledProfile,
} from '@chargeplane/smart-charging-domain';

export {
  compositeAt,
  convertLimit,
  NOMINAL_VOLTAGE_V,
  type CompositeInput,
  type CompositeStep,
} from '@chargeplane/smart-charging-domain';

/** Instants in [fromMs, toMs) where a profile's limit may change (a superset: callers merge equal neighbours). */
function breakpoints(entry: InstalledProfile, fromMs: number, toMs: number, input: CompositeInput): number[] {
  const p = entry.profile;
  const points = [p.validFrom, p.validTo].flatMap((v) => (v === undefined ? [] : [Date.parse(v)]));
  const anchor = anchorMs(p, input);
  if (anchor !== null) {
    const cycle = recurrenceMs(p);
    const run = runLengthMs(p);
    const first = cycle === null ? 0 : Math.max(0, Math.floor((fromMs - anchor) / cycle));
    for (let k = first; ; k++) {
      const start = anchor + k * (cycle ?? 0);
      if (start >= toMs) break;
      for (const period of p.chargingSchedule.chargingSchedulePeriod)
        if (period.startPeriod * 1000 < run) points.push(start + period.startPeriod * 1000);
      if (Number.isFinite(run)) points.push(start + run);
      if (cycle === null) break;
    }
  }
  return points.filter((t) => t >= fromMs && t < toMs);
}

const round = (limit: number | null) => (limit === null ? null : Math.round(limit * 10) / 10);

/**
 * The predicted composite over seconds [fromSecond, toSecond) after `fromMs`, as steps whose limits are
 * rounded to one decimal with equal neighbours merged. A change at a fractional second shows from the next
 * whole second, as chargers report it. `fromSecond` may be negative (to see changes before the schedule start).
 */
export function compositeSteps(input: CompositeInput, fromSecond: number, toSecond: number): CompositeStep[] {
  const fromMs = input.fromMs + fromSecond * 1000;
  const toMs = input.fromMs + toSecond * 1000;
  const seconds = new Set<number>([fromSecond]);
  for (const entry of input.profiles) {
    for (const t of breakpoints(entry, fromMs, toMs, input)) {
      const s = Math.ceil((t - input.fromMs) / 1000);
      if (s > fromSecond && s < toSecond) seconds.add(s);
    }
  }
  const steps: CompositeStep[] = [];
  for (const second of [...seconds].sort((a, b) => a - b)) {
    const limit = round(compositeAt(input, input.fromMs + second * 1000));
    if (steps.length === 0 || steps.at(-1)!.limit !== limit) steps.push({ second, limit });
  }
  return steps;
}

/** The composite schedule the confirmed profiles imply for `durationSeconds` from `fromMs`, as OCPP-style periods. */
export function expectedComposite(
  input: CompositeInput,
  durationSeconds: number,
): { startPeriod: number; limit: number | null }[] {
  return compositeSteps(input, 0, durationSeconds).map((s) => ({ startPeriod: s.second, limit: s.limit }));
}
