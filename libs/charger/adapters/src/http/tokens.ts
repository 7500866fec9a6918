/** DI tokens of the profile-command HTTP module (values are built in main.ts and passed in). */
export const CHARGING_PROFILES = Symbol('CHARGING_PROFILES');
export const CHARGER_READS = Symbol('CHARGER_READS');
export const CHARGER_REGISTRATION = Symbol('CHARGER_REGISTRATION');
export const TENANTS = Symbol('TENANTS');
/** The `ApiKeyTenants` the guard authenticates tenant requests with. */
export const API_KEY_TENANTS = Symbol('API_KEY_TENANTS');
export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
export const HEALTH = Symbol('HEALTH');

export interface AuthConfig {
  adminKey: string;
}

export interface HealthProbe {
  ready(): Promise<{ ready: boolean; checks: Record<string, boolean> }>;
  metrics(): Promise<{ contentType: string; body: string }>;
}
export const IDEMPOTENCY = Symbol('IDEMPOTENCY');
export const ASSIGNMENTS_API = Symbol('ASSIGNMENTS_API');
export const CHARGER_BULK_REGISTRATION = Symbol('CHARGER_BULK_REGISTRATION');
/** The directory of the console's static build (index.html, assets/). */
export const CONSOLE_DIR = Symbol('CONSOLE_DIR');
