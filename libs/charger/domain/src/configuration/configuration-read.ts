import { configurationAfterBoot } from '@chargeplane/smart-charging-domain';
import type { ChargerCommand } from '../commands/commands.js';
import type { EventOf } from '../events.js';
import type { ChargerState } from '../state.js';

type RecordConfiguration = Extract<ChargerCommand, { type: 'RecordConfiguration' }>;

/** The event of a configuration read: the values it brought, or why it brought none. */
export function configurationReported(
  c: RecordConfiguration,
  occurredAt: string,
): EventOf<'ChargerConfigurationReported'> {
  return {
    type: 'ChargerConfigurationReported',
    schemaVersion: 1,
    occurredAt,
    data: c.readFailure
      ? { values: {}, unknownKeys: [], readFailure: c.readFailure }
      : { values: c.values, unknownKeys: c.unknownKeys },
  };
}

/**
 * A boot: the firmware it reported (null when it reported none: unknown, so writes wait, Z4), and the
 * commercial mode forgotten — a reboot can lose it, so only a read since the boot counts (Z17). The
 * configuration must be read again before any write.
 */
export function evolveBoot(state: ChargerState, event: EventOf<'ChargerBooted'>): ChargerState {
  const configuration = configurationAfterBoot(state.model, state.configuration);
  return { ...state, firmwareVersion: event.data.firmwareVersion, configuration, configurationCurrent: false };
}

/**
 * The configuration read since the last boot or connection has ended. A read that failed teaches nothing and
 * holds every write (CONFIGURATION_READ_FAILED) until a read succeeds; a successful one replaces what it reports.
 * Either way the ledger checks the gates afresh (it clears `blockedBy` on every read, L13).
 */
export function evolveConfigurationRead(
  state: ChargerState,
  event: EventOf<'ChargerConfigurationReported'>,
): ChargerState {
  const failure = event.data.readFailure;
  if (failure) {
    const why = failure.failure === 'timeout' ? 'no answer in time' : `${failure.failure}: ${failure.description}`;
    return { ...state, configurationCurrent: true, configurationReadFailure: why };
  }
  return {
    ...state,
    configuration: { ...state.configuration, ...event.data.values },
    configurationCurrent: true,
    configurationReadFailure: null,
  };
}
