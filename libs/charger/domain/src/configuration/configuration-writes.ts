import type { ChargerState } from '../state.js';

export interface ConfigurationWrite {
  key: string;
  value: string;
}

/**
 * ChangeConfiguration writes still needed: a desired value the charger does not report, and that it has
 * not refused (a refused or failed value waits for a new desired value). Never a write for a value the
 * charger already reports (§2.1 dedupe).
 */
export function pendingConfigurationWrites(state: ChargerState): ConfigurationWrite[] {
  return Object.entries(state.desiredConfiguration)
    .filter(([key, d]) => d.outcome === 'none' && state.configuration[key] !== d.value)
    .map(([key, d]) => ({ key, value: d.value }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
