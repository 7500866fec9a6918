import { capabilitiesFor, evolveLedger, ledgerOf } from '@chargeplane/smart-charging-domain';
import type { ChargerEvent } from './events.js';
import { configurationReadWanted, evolveBoot, evolveConfigurationRead } from './configuration/configuration-read.js';
import { evolveConfiguration } from './configuration/evolve-configuration.js';
import type { ChargerState } from './state.js';

/**
 * Applies one event to the charger's state. Pure; never fails on an event it recorded itself. Everything about
 * profiles, writes, connections and transactions is the ledger's fold (`evolveLedger`); this adds the device
 * facts (registration, boot, configuration).
 */
export function evolve(state: ChargerState, event: ChargerEvent): ChargerState {
  const device = evolveDevice(state, event);
  return { ...device, ...evolveLedger(ledgerOf(state), event, capabilitiesFor(state.model, state.configuration)) };
}

function evolveDevice(state: ChargerState, event: ChargerEvent): ChargerState {
  switch (event.type) {
    case 'ChargerRegistered':
      return { ...state, registered: true, ...event.data };
    case 'ChargerCredentialsRehashed':
      return { ...state, credentialsHash: event.data.credentialsHash };
    case 'ChargerBooted':
      return evolveBoot(state, event);
    case 'ChargerConnected':
      return {
        ...state,
        configurationCurrent: false,
        configurationReadDueBy: configurationReadWanted(event.occurredAt),
      };
    case 'ChargerConfigurationReported':
      return evolveConfigurationRead(state, event);
    case 'ChargerConfigurationDesired':
    case 'ChargerConfigurationChanged':
    case 'ChargerConfigurationWriteFailed':
      return evolveConfiguration(state, event);
    default:
      return state;
  }
}
