import type { ChargerEvent } from '../events.js';
import type { ChargerState } from '../state.js';

type ConfigurationEvent = Extract<
  ChargerEvent,
  { type: 'ChargerConfigurationDesired' | 'ChargerConfigurationChanged' | 'ChargerConfigurationWriteFailed' }
>;

/**
 * The configuration values the platform wants on the charger, and what the ChangeConfiguration writes that carry
 * them came to. The writes themselves (outstanding write, budget, connection) are the ledger's (L10, L4, L7).
 */
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
    case 'ChargerConfigurationChanged': {
      const { key, value, status } = event.data;
      const stored = status === 'Accepted' || status === 'RebootRequired';
      const desired = state.desiredConfiguration[key];
      const outcome = stored ? 'none' : 'rejected';
      return {
        ...state,
        configuration: stored ? { ...state.configuration, [key]: value } : state.configuration,
        desiredConfiguration:
          desired && desired.value === value
            ? { ...state.desiredConfiguration, [key]: { ...desired, outcome } }
            : state.desiredConfiguration,
      };
    }
    case 'ChargerConfigurationWriteFailed': {
      const desired = state.desiredConfiguration[event.data.key];
      // A CALLERROR is final for that value; a timeout, offline or unsent write is retried.
      const outcome = event.data.failure === 'call-error' ? 'failed' : 'none';
      return {
        ...state,
        desiredConfiguration: desired
          ? { ...state.desiredConfiguration, [event.data.key]: { ...desired, outcome } }
          : state.desiredConfiguration,
      };
    }
  }
}
