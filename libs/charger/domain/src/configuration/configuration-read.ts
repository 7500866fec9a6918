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
 * Z17a: how long a configuration read may take to be recorded after a connection or boot (the read waits a few
 * seconds for the boot, then up to its call timeout), and after a failed read (its retries back off to 15 minutes),
 * before a wake-up asks for it again.
 */
export const CONFIGURATION_READ_OVERDUE_MS = 2 * 60_000;
export const CONFIGURATION_RETRY_OVERDUE_MS = 16 * 60_000;

/** Z17a: the configuration read wanted from `at` (a connection or boot). */
export const configurationReadWanted = (at: string): number => Date.parse(at) + CONFIGURATION_READ_OVERDUE_MS;

/**
 * Z17a: whether the configuration read this state waits for is overdue at `now`: the charger is connected, no read
 * succeeded since its connection or boot, and the time for one has passed.
 */
export function configurationReadOverdue(state: ChargerState, now: number): boolean {
  return state.connected && state.configurationReadDueBy !== null && now >= state.configurationReadDueBy;
}

/**
 * A boot: the firmware it reported (null when it reported none: unknown, so writes wait, Z4), and the
 * commercial mode forgotten — a reboot can lose it, so only a read since the boot counts (Z17). The
 * configuration must be read again before any write.
 */
export function evolveBoot(state: ChargerState, event: EventOf<'ChargerBooted'>): ChargerState {
  const configuration = configurationAfterBoot(state.model, state.configuration);
  return {
    ...state,
    firmwareVersion: event.data.firmwareVersion,
    configuration,
    configurationCurrent: false,
    configurationReadDueBy: configurationReadWanted(event.occurredAt),
  };
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
    return {
      ...state,
      configurationCurrent: true,
      configurationReadFailure: why,
      configurationReadDueBy: Date.parse(event.occurredAt) + CONFIGURATION_RETRY_OVERDUE_MS,
    };
  }
  return {
    ...state,
    configuration: { ...state.configuration, ...event.data.values },
    configurationCurrent: true,
    configurationReadFailure: null,
    configurationReadDueBy: null,
  };
}
