import type { ChargerState } from '../state.js';

export interface ConfigurationWrite {
  key: string;
  value: string;
}

/**
 * ChangeConfiguration writes still needed: a desired value the charger does not report, and that it has
 * not refused (a refused or failed value waits for a new desired value). Never a write for a value the
 * charger already reports (§2.1 dedupe), nor while its configuration could not be read (what it reports is
 * not known, and on zappi a needless write burns budget).
 */
export function pendingConfigurationWrites(state: ChargerState): ConfigurationWrite[] {
  if (state.configurationReadFailure !== null) return [];
  return Object.entries(state.desiredConfiguration)
    .filter(([key, d]) => d.outcome === 'none' && state.configuration[key] !== d.value)
    .map(([key, d]) => ({ key, value: d.value }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
