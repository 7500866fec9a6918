import type { DelayExemptionReason } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import type { InstalledProfile } from '@chargeplane/smart-charging-domain';
import { delayBound, type DeliveredTime } from './apply-delays.js';
import { limitInForce, sameLimit } from './limit-in-force.js';
import type { RandomSource } from './random-source.js';
import type { RelevantTime } from './relevant-times.js';
import { periodAt } from './schedule-limit.js';

const utcSecond = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface RemovalRequest {
  /** The profile removed, as the charger confirmed it. */
  removed: InstalledProfile;
  /** Everything the charger confirmed (the removed profile included). */
  installed: readonly InstalledProfile[];
  nowMs: number;
  maxDelaySeconds: number;
  exemptAll: DelayExemptionReason | null;
  exemptNext: boolean;
  random: RandomSource;
}

export type RemovalOutcome =
  | { kind: 'nothing-to-delay' }
  | { kind: 'exempt'; reason: DelayExemptionReason; relevant: RelevantTime; overrideUsed: boolean }
  | {
      kind: 'delayed';
      /** What replaces the removed profile until the delayed end (null: the draw was 0, removed at once). */
      tail: ChargingProfile | null;
      delay: DeliveredTime;
      before: number | null;
      after: number | null;
      endsAtMs: number;
    };

/**
 * A removal that lifts or changes the limit in force (a DELETE, the off-peak default's withdrawal) is a
 * relevant time (rule G1). Its delay is one draw in 0..max: the removed profile is replaced by an
 * Absolute one with the same id, purpose and stack level holding the limit it sets now (one period: never
 * more slots than the profile it replaces) for the drawn seconds; it then ends, and compliance-gb removes it.
 */
export function decideRemovalDelay(request: RemovalRequest): RemovalOutcome {
  const { removed, installed } = request;
  const atMs = Math.floor(request.nowMs / 1000) * 1000;
  const unit = removed.profile.chargingSchedule.chargingRateUnit;
  const before = limitInForce(installed, removed.connectorId, atMs, unit);
  const rest = installed.filter((p) => p.profile.chargingProfileId !== removed.profile.chargingProfileId);
  const after = limitInForce(rest, removed.connectorId, atMs, unit);
  const own = periodAt(removed.profile, atMs);
  if (sameLimit(before, after) || own === null) return { kind: 'nothing-to-delay' };
  const relevant: RelevantTime = {
    point: { at: 'installation' },
    change: after === null || (before !== null && after > before) ? 'increase' : 'decrease',
    nominalOffset: 0,
    gapSeconds: Number.POSITIVE_INFINITY,
    nominalAtMs: atMs,
  };
  if (request.exemptAll) return { kind: 'exempt', reason: request.exemptAll, relevant, overrideUsed: false };
  if (request.exemptNext) return { kind: 'exempt', reason: 'owner-override', relevant, overrideUsed: true };
  const boundSeconds = delayBound(relevant, request.maxDelaySeconds);
  const delaySeconds = request.random.int(boundSeconds);
  const delay: DeliveredTime = { relevant, boundSeconds, delaySeconds, startPeriod: delaySeconds };
  const endsAtMs = atMs + delaySeconds * 1000;
  if (delaySeconds === 0) return { kind: 'delayed', tail: null, delay, before, after, endsAtMs };
  const p = removed.profile;
  const tail: ChargingProfile = {
    chargingProfileId: p.chargingProfileId,
    ...(p.transactionId === undefined ? {} : { transactionId: p.transactionId }),
    stackLevel: p.stackLevel,
    chargingProfilePurpose: p.chargingProfilePurpose,
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      startSchedule: utcSecond(atMs),
      duration: delaySeconds,
      chargingRateUnit: unit,
      chargingSchedulePeriod: [
        {
          startPeriod: 0,
          limit: own.limit,
          ...(own.numberPhases === undefined ? {} : { numberPhases: own.numberPhases }),
        },
      ],
    },
  };
  return { kind: 'delayed', tail, delay, before, after, endsAtMs };
}
