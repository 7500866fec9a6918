import { NotFoundError } from '@chargeplane/contracts-api';
import { OFF_PEAK_DEFAULT_PROFILE_ID, type ComplianceEvent } from '@chargeplane/contracts-events';
import { changedPaths, nextSettings } from './change-settings.js';
import { decideChangeOutcome, decideChangeRequested, decideReading } from './decide-device-delay.js';
import { decideEvaluation } from './decide-evaluation.js';
import { decideRemoval } from './decide-removal.js';
import type { PolicyCommand } from './policy-commands.js';
import { defaultGbSettings, deviceDelayOn, isZeroDelay, type PolicyState } from './policy-state.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The compliance policy's decider. Facts about a charger without a policy (not GB) decide nothing;
 * changing a policy that does not exist is an error, thrown before any event is built.
 */
export function decidePolicy(c: PolicyCommand, state: PolicyState): ComplianceEvent[] {
  if (c.type === 'CreatePolicy') {
    if (state.exists) return [];
    return [
      {
        type: 'CompliancePolicyCreated',
        schemaVersion: 1,
        occurredAt: iso(c.now),
        data: { tenantId: c.tenantId, model: c.model, settings: defaultGbSettings() },
      },
    ];
  }
  if (!state.exists) {
    if (c.type === 'ChangePolicy') throw new NotFoundError('this charger has no GB compliance policy');
    return [];
  }
  const occurredAt = iso(c.now);
  switch (c.type) {
    case 'ChangePolicy':
      return changePolicy(c, state);
    case 'EvaluateProfile':
      return decideEvaluation(c, state);
    case 'EvaluateRemoval':
      return decideRemoval(c, state);
    case 'RecordDeviceDelayReading':
      return decideReading(c, state);
    case 'RecordDeviceDelayChangeRequested':
      return decideChangeRequested(c);
    case 'RecordDeviceDelayChangeOutcome':
      return decideChangeOutcome(c, state);
    case 'ObserveCpoTxDefaultProfile':
      return state.cpoTxDefaultProfileId === c.chargingProfileId
        ? []
        : [
            {
              type: 'CpoTxDefaultProfileObserved',
              schemaVersion: 1,
              occurredAt,
              data: { chargingProfileId: c.chargingProfileId },
            },
          ];
    case 'RecordOffPeakDefaultIssued':
      return [
        {
          type: 'OffPeakDefaultIssued',
          schemaVersion: 1,
          occurredAt,
          data: {
            connectorId: c.connectorId,
            chargingProfile: c.profile,
            blockedWindows: c.blockedWindows,
            overrideUntil: c.overrideUntilMs === null ? null : iso(c.overrideUntilMs),
            horizonEnd: iso(c.horizonEndMs),
            nextWriteAt: iso(c.nextWriteAtMs),
            nextWriteReason: c.nextWriteReason,
            status: c.status,
          },
        },
      ];
    case 'RecordOffPeakDefaultRefused':
      return [
        {
          type: 'OffPeakDefaultRefused',
          schemaVersion: 1,
          occurredAt,
          data: { chargingProfileId: OFF_PEAK_DEFAULT_PROFILE_ID, code: c.code, message: c.message },
        },
      ];
    case 'RecordOffPeakDefaultWithdrawn':
      return [
        {
          type: 'OffPeakDefaultWithdrawn',
          schemaVersion: 1,
          occurredAt,
          data: { chargingProfileId: OFF_PEAK_DEFAULT_PROFILE_ID, reason: c.reason, status: c.status },
        },
      ];
  }
}

/**
 * Settings changed through the API. Switching to platform mode activates the platform delay at once (the
 * charger's key goes to 0 only later, once every profile carries platform delays). Switching back keeps
 * the platform delaying until the charger's own delay is confirmed on.
 */
function changePolicy(c: Extract<PolicyCommand, { type: 'ChangePolicy' }>, state: PolicyState): ComplianceEvent[] {
  const settings = nextSettings(state.settings, c.body, c.actor, c.now);
  const changes = changedPaths(state.settings, settings);
  if (changes.length === 0) return [];
  const occurredAt = iso(c.now);
  const events: ComplianceEvent[] = [
    { type: 'CompliancePolicyChanged', schemaVersion: 1, occurredAt, data: { settings, changes, changedBy: c.actor } },
  ];
  const mode = settings.randomisedDelay.mode;
  if (mode === 'platform' && !state.platformDelayActive) {
    events.push({
      type: 'PlatformDelayActivated',
      schemaVersion: 1,
      occurredAt,
      data: { maxDelaySeconds: settings.randomisedDelay.maxDelaySeconds },
    });
  }
  const device = state.deviceDelay;
  const zeroUnderway = device.pending !== null && isZeroDelay(device.pending.value);
  if (mode === 'device' && state.platformDelayActive && deviceDelayOn(device.reported) && !zeroUnderway) {
    events.push({
      type: 'PlatformDelayDeactivated',
      schemaVersion: 1,
      occurredAt,
      data: { deviceDelayValue: device.reported },
    });
  }
  return events;
}
