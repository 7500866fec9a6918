import type { RateUnit } from '@chargeplane/smart-charging-domain';
import { compositeSteps, convertLimit, type CompositeInput, type CompositeStep } from './expected-composite.js';

/** A charger's composite answer, parsed leniently; `periods` relative to the schedule start. */
export interface ReportedComposite {
  unit: RateUnit;
  durationSeconds: number;
  periods: readonly { startPeriod: number; limit: number; numberPhases?: number | undefined }[];
}

export interface ScheduleDifference {
  fromSecond: number;
  toSecond: number;
  expected: number | null;
  reported: number | null;
}

export interface ScheduleDriftOptions {
  /**
   * How late the charger may apply a change (its own randomised delay, e.g. RandomSmartChargeDelay):
   * within that many seconds after an expected change, either the old or the new limit is right.
   */
  settleSeconds: number;
  /** Limits closer than this are equal (both sides are rounded to one decimal). */
  tolerance: number;
}

const valueAt = (steps: readonly CompositeStep[], second: number) =>
  steps.filter((s) => s.second <= second).at(-1)?.limit ?? null;

/**
 * Where the charger's composite differs from the one its confirmed profiles imply. Seconds where no profile
 * limits the connector are not compared: the charger then reports its hardware maximum, which the twin does
 * not know. Reported limits in another unit are converted at the nominal voltage.
 */
export function scheduleDifferences(
  input: CompositeInput,
  reported: ReportedComposite,
  options: ScheduleDriftOptions,
): ScheduleDifference[] {
  const horizon = reported.durationSeconds;
  const settle = Math.max(0, Math.floor(options.settleSeconds));
  const expected = compositeSteps(input, -settle, horizon);
  const changes = expected.slice(1).map((s) => s.second);
  const actual: CompositeStep[] = reported.periods.map((p) => ({
    second: p.startPeriod,
    limit: Math.round(convertLimit(p.limit, reported.unit, input.unit, p.numberPhases) * 10) / 10,
  }));
  const points = [...new Set([0, ...expected.map((s) => s.second), ...actual.map((s) => s.second)])]
    .filter((s) => s >= 0 && s < horizon)
    .sort((a, b) => a - b);
  const differences: ScheduleDifference[] = [];
  points.forEach((from, i) => {
    const to = points[i + 1] ?? horizon;
    const want = valueAt(expected, from);
    const got = valueAt(actual, from);
    if (want === null) return;
    if (got !== null && Math.abs(want - got) <= options.tolerance) return;
    if (changes.some((c) => c <= from && to <= c + settle)) return;
    const last = differences.at(-1);
    if (last && last.toSecond === from && last.expected === want && last.reported === got) last.toSecond = to;
    else differences.push({ fromSecond: from, toSecond: to, expected: want, reported: got });
  });
  return differences;
}
