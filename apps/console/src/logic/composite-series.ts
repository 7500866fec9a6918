import type { PlatformDelayView, Twin } from '@chargeplane/contracts-api';
import type { PeakWindow } from '@chargeplane/contracts-events';
import { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { InstalledProfile, RateUnit } from '@chargeplane/smart-charging-domain';
import { blockedIntervals, GB_PEAK_WINDOWS } from '@chargeplane/compliance-domain';
import { compositeSteps } from '@chargeplane/twin-domain';
import { delayMarks, describeMarks, type ShiftedBoundary } from './delay-marks.js';

export type { ShiftedBoundary } from './delay-marks.js';

/** One step of a composite series: the limit from `atMs` on (null: no profile limits, the charger's maximum). */
export interface SeriesStep {
  atMs: number;
  limit: number | null;
}

export interface CompositeSeries {
  fromMs: number;
  toMs: number;
  unit: RateUnit;
  connectorId: number;
  confirmed: SeriesStep[];
  desired: SeriesStep[];
  /** GB peak hours (weekday windows, Europe/London) within the range; empty for other chargers. */
  peaks: [number, number][];
  /** Boundaries the GB random delay moved: the platform's exact draws, or guessed (device mode). */
  shifted: ShiftedBoundary[];
  /** Who applies the GB random delay (null: not a GB charger, or not known yet). */
  delayBy: 'platform' | 'device' | null;
}

type TwinProfile = Twin['profiles'][number];

function installed(profiles: readonly TwinProfile[], side: 'desired' | 'confirmed'): InstalledProfile[] {
  return profiles.flatMap((p) => {
    const parsed = ChargingProfile.safeParse(p[side]);
    return parsed.success ? [{ connectorId: p.connectorId, profile: parsed.data }] : [];
  });
}

/** The unit the chart shows: the unit of the first profile (A when there is none). */
function unitOf(profiles: readonly InstalledProfile[]): RateUnit {
  return profiles[0]?.profile.chargingSchedule.chargingRateUnit ?? 'A';
}

export interface CompositeSeriesRequest {
  twin: Pick<Twin, 'profiles' | 'transactions' | 'jurisdiction'>;
  connectorId: number;
  nowMs: number;
  hours: number;
  /** The owner's blocked windows when they changed them (GB), else the regulation's peak hours. */
  blockedWindows?: readonly PeakWindow[];
  /** GB: what GET …/compliance says — who delays, and the platform's draws. */
  compliance?: { platformDelayActive: boolean; platformDelays: readonly PlatformDelayView[] };
}

/**
 * The expected composite schedule of one connector over the next `hours`, from the confirmed profiles (what the
 * charger holds) and from the desired ones (what it will hold once in sync). The arithmetic is the platform's
 * own (`compositeSteps` of the twin, `compositeAt` of smart-charging): the console only lays it out in time.
 */
export function compositeSeries(request: CompositeSeriesRequest): CompositeSeries {
  const { twin, connectorId, nowMs, hours } = request;
  const toMs = nowMs + hours * 3_600_000;
  const confirmedProfiles = installed(twin.profiles, 'confirmed');
  const desiredProfiles = installed(twin.profiles, 'desired');
  const unit = unitOf([...confirmedProfiles, ...desiredProfiles]);
  const tx = twin.transactions.find((t) => t.connectorId === connectorId);
  const transaction = tx ? { transactionId: tx.transactionId, startedAtMs: Date.parse(tx.startedAt) } : null;
  const series = (profiles: InstalledProfile[]): SeriesStep[] =>
    compositeSteps({ profiles, connectorId, fromMs: nowMs, unit, transaction }, 0, hours * 3600).map((s) => ({
      atMs: nowMs + s.second * 1000,
      limit: s.limit,
    }));
  const confirmed = series(confirmedProfiles);
  const desired = series(desiredProfiles);
  const gb = twin.jurisdiction === 'GB';
  const compliance = request.compliance;
  const delayBy = !gb || !compliance ? null : compliance.platformDelayActive ? 'platform' : 'device';
  const shifted = gb
    ? delayMarks({
        connectorId,
        fromMs: nowMs,
        toMs,
        platformDelays: compliance?.platformDelays ?? [],
        delayBy,
        steps: [...confirmed, ...desired].map((s) => s.atMs),
      })
    : [];
  return {
    fromMs: nowMs,
    toMs,
    unit,
    connectorId,
    confirmed,
    desired,
    peaks: gb ? blockedIntervals(request.blockedWindows ?? GB_PEAK_WINDOWS, nowMs, toMs) : [],
    shifted,
    delayBy,
  };
}

/** The limit of a series at an instant. */
export function limitAt(steps: readonly SeriesStep[], atMs: number): number | null {
  return steps.filter((s) => s.atMs <= atMs).at(-1)?.limit ?? null;
}

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const show = (limit: number | null, unit: RateUnit) => (limit === null ? 'no limit' : `${limit} ${unit}`);

/**
 * The chart's text alternative: each change of the confirmed limit, the desired one beside it, the peaks, and the
 * boundaries the GB random delay moved (the platform's exact draws told apart from guesses).
 */
export function describeSeries(series: CompositeSeries): string {
  const changes = series.confirmed.map((s) => `from ${hhmm(s.atMs)} UTC ${show(s.limit, series.unit)}`).join('; ');
  const desired = series.desired.map((s) => `from ${hhmm(s.atMs)} UTC ${show(s.limit, series.unit)}`).join('; ');
  const peaks = series.peaks.length
    ? ` Peak hours: ${series.peaks.map(([a, b]) => `${hhmm(a)}–${hhmm(b)} UTC`).join(', ')}.`
    : '';
  return `Expected limit on connector ${series.connectorId}, confirmed: ${changes || 'none'}. Desired: ${desired || 'none'}.${peaks}${describeMarks(series.shifted)}`;
}
