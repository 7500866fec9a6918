import { DEVICE_DELAY_KEY, type ComplianceEvent } from '@chargeplane/contracts-events';
import type { PolicyCommand } from './policy-commands.js';
import { deviceDelayOn, isZeroDelay, type PolicyState } from './policy-state.js';

type Cmd<T extends PolicyCommand['type']> = Extract<PolicyCommand, { type: T }>;
const iso = (ms: number) => new Date(ms).toISOString();

/** The platform stops delaying once the charger's own delay is on again and no "0" is still on its way. */
function deactivation(state: PolicyState, value: string | null, now: number): ComplianceEvent[] {
  const zeroUnderway = state.deviceDelay.pending !== null && isZeroDelay(state.deviceDelay.pending.value);
  if (
    !state.platformDelayActive ||
    state.settings.randomisedDelay.mode !== 'device' ||
    !deviceDelayOn(value) ||
    zeroUnderway
  )
    return [];
  return [
    { type: 'PlatformDelayDeactivated', schemaVersion: 1, occurredAt: iso(now), data: { deviceDelayValue: value } },
  ];
}

/**
 * A boot or a configuration report: is the charger's own delay on where it has to be? A non-compliant
 * reading is recorded every time (the flag), a compliant one only when the picture changed.
 */
export function decideReading(c: Cmd<'RecordDeviceDelayReading'>, state: PolicyState): ComplianceEvent[] {
  const known = state.deviceDelay;
  if (c.reading === null && known.reportedAtMs === null) return [];
  const reading = c.reading ?? { value: known.reported, keyUnknown: known.keyUnknown };
  const delayBy = state.platformDelayActive ? 'platform' : 'device';
  const compliant = delayBy === 'platform' || deviceDelayOn(reading.value);
  const changed =
    known.lastCheck === null || known.lastCheck.value !== reading.value || known.lastCheck.compliant !== compliant;
  const checked: ComplianceEvent[] =
    changed || !compliant
      ? [
          {
            type: 'DeviceDelayChecked',
            schemaVersion: 1,
            occurredAt: iso(c.now),
            data: {
              trigger: c.reading === null ? 'boot' : 'configuration-report',
              value: reading.value,
              keyUnknown: reading.keyUnknown,
              delayBy,
              compliant,
            },
          },
        ]
      : [];
  return [...checked, ...deactivation(state, reading.value, c.now)];
}

export function decideChangeRequested(c: Cmd<'RecordDeviceDelayChangeRequested'>): ComplianceEvent[] {
  return [
    {
      type: 'DeviceDelayChangeRequested',
      schemaVersion: 1,
      occurredAt: iso(c.now),
      data: { key: DEVICE_DELAY_KEY, value: c.value, valueSource: c.valueSource, reason: c.reason, status: c.status },
    },
  ];
}

/** The charger answered the ChangeConfiguration: Accepted makes the value the charger's. */
export function decideChangeOutcome(c: Cmd<'RecordDeviceDelayChangeOutcome'>, state: PolicyState): ComplianceEvent[] {
  const confirmed: ComplianceEvent = {
    type: 'DeviceDelayChangeConfirmed',
    schemaVersion: 1,
    occurredAt: iso(c.now),
    data: { key: DEVICE_DELAY_KEY, value: c.value, status: c.status },
  };
  if (c.status !== 'Accepted') return [confirmed];
  return [
    confirmed,
    ...deactivation({ ...state, deviceDelay: { ...state.deviceDelay, pending: null } }, c.value, c.now),
  ];
}
