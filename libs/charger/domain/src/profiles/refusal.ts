/** Why a desired profile can never be accepted by its charger (HTTP 422 `code`). */
export type RefusalCode =
  | 'ID_OUT_OF_RANGE'
  | 'STACK_LEVEL_OUT_OF_RANGE'
  | 'DURATION_OUT_OF_RANGE'
  | 'START_PERIOD_OUT_OF_RANGE'
  | 'LIMIT_NEGATIVE'
  | 'NUMBER_PHASES_OUT_OF_RANGE'
  | 'CONNECTOR_NOT_ON_DEVICE'
  | 'NO_PERIODS'
  | 'FIRST_PERIOD_NOT_ZERO'
  | 'PERIODS_NOT_INCREASING'
  | 'LIMIT_PRECISION'
  | 'RECURRENCY_KIND_MISMATCH'
  | 'START_SCHEDULE_REQUIRED'
  | 'RECURRING_DURATION_INVALID'
  | 'VALIDITY_WINDOW_INVALID'
  | 'CONNECTOR_PURPOSE_MISMATCH'
  | 'TRANSACTION_ID_ON_NON_TX_PROFILE'
  | 'STACK_LEVEL_TOO_HIGH'
  | 'RATE_UNIT_NOT_SUPPORTED'
  | 'PURPOSE_NOT_SUPPORTED'
  | 'KIND_NOT_SUPPORTED'
  | 'TOO_MANY_PERIODS'
  | 'TOO_MANY_PROFILES'
  | 'SLOTS_EXCEEDED'
  | 'FIRMWARE_TOO_OLD'
  | 'COMMERCIAL_MODE_OFF'
  | 'SMART_CHARGING_NOT_SUPPORTED'
  | 'NO_ACTIVE_TRANSACTION'
  | 'TRANSACTION_ID_MISMATCH'
  // Gates whose state is unknown or stale: writes wait, the CPO is never refused for them (Z4, Z5, Z17).
  | 'FIRMWARE_UNKNOWN'
  | 'COMMERCIAL_MODE_UNKNOWN'
  | 'CONFIGURATION_READ_FAILED';

export interface Refusal {
  code: RefusalCode;
  /** A sentence a CPO understands. */
  message: string;
  details: Record<string, unknown>;
}

export const refusal = (code: RefusalCode, message: string, details: Record<string, unknown> = {}): Refusal => ({
  code,
  message,
  details,
});
