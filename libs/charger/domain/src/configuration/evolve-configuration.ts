import { capabilitiesFor, pruneWriteTimes } from '@chargeplane/smart-charging-domain';
import type { ChargerEvent } from '../events.js';
import { settle, uncounted, type ChargerState } from '../state.js';

type ConfigurationEvent = Extract<
  ChargerEvent,
  {
    type:
      | 'ChargerConfigurationDesired'
      | 'ChargerConfigurationWriteDispatched'
      | 'ChargerConfigurationChanged'
      | 'ChargerConfigurationWriteFailed';
  }
>;

/** The configuration values the platform wants on the charger, and the ChangeConfiguration writes that carry them. */
export function evolveConfiguration(state: ChargerState, event: ConfigurationEvent): ChargerState {
  switch (event.type) {
    case 'ChargerConfigurationDesired':
      return {
        ...state,
        desiredConfiguration: {
          ...state.desiredConfiguration,
          [event.data.key]: { value: event.data.value, reason: event.data.reason, outcome: 'none' },
        },
      };
    case 'ChargerConfigurationWriteDispatched': {
      const at = Date.parse(event.occurredAt);
      const rule = capabilitiesFor(state.model, state.configuration).writeBudget;
      const writeTimes = !event.data.countsAsWrite
        ? state.writeTimes
        : rule
          ? [...pruneWriteTimes(state.writeTimes, at, rule), at]
          : [at];
      const configuration = { key: event.data.key, value: event.data.value };
      const inFlight = {
        writeId: event.data.writeId,
        chargingProfileId: -1,
        action: 'ChangeConfiguration' as const,
        at,
        sent: null,
        configuration,
        connectionId: state.connectionId,
      };
      return { ...state, writeTimes, inFlight, deferredUntil: null };
    }
    case 'ChargerConfigurationChanged': {
      const { key, value, status } = event.data;
      const stored = status === 'Accepted' || status === 'RebootRequired';
      const desired = state.desiredConfiguration[key];
      const outcome = stored ? 'none' : 'rejected';
      return settle(state, event.data.writeId, (s) => ({
        ...s,
        configuration: stored ? { ...s.configuration, [key]: value } : s.configuration,
        desiredConfiguration:
          desired && desired.value === value
            ? { ...s.desiredConfiguration, [key]: { ...desired, outcome } }
            : s.desiredConfiguration,
      }));
    }
    case 'ChargerConfigurationWriteFailed': {
      const desired = state.desiredConfiguration[event.data.key];
      // A CALLERROR is final for that value; a timeout, offline or not-sent write is retried (the value is read again
      // on connection). A write never sent leaves the budget window.
      const outcome = event.data.failure === 'call-error' ? 'failed' : 'none';
      const lost =
        event.data.failure === 'offline' &&
        state.inFlight?.writeId === event.data.writeId &&
        state.inFlight.connectionId === state.connectionId;
      const reachable = lost
        ? { ...state, connected: false, connectionId: null }
        : event.data.failure === 'not-sent'
          ? uncounted(state, event.data.writeId)
          : state;
      return settle(reachable, event.data.writeId, (s) => ({
        ...s,
        desiredConfiguration: desired
          ? { ...s.desiredConfiguration, [event.data.key]: { ...desired, outcome } }
          : s.desiredConfiguration,
      }));
    }
  }
}
