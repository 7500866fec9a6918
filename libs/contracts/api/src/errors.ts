import { z } from 'zod';

/**
 * Why a charger can never take a profile: the top-level `code` of a 422 refusal (and a bulk assignment's
 * per-charger `code`). The list may grow, never shrink.
 */
export const ProfileRefusalCode = z.enum([
  'NO_PERIODS',
  'FIRST_PERIOD_NOT_ZERO',
  'PERIODS_NOT_INCREASING',
  'LIMIT_PRECISION',
  'RECURRENCY_KIND_MISMATCH',
  'START_SCHEDULE_REQUIRED',
  'RECURRING_DURATION_INVALID',
  'VALIDITY_WINDOW_INVALID',
  'CONNECTOR_PURPOSE_MISMATCH',
  'TRANSACTION_ID_ON_NON_TX_PROFILE',
  'STACK_LEVEL_TOO_HIGH',
  'RATE_UNIT_NOT_SUPPORTED',
  'PURPOSE_NOT_SUPPORTED',
  'KIND_NOT_SUPPORTED',
  'TOO_MANY_PERIODS',
  'TOO_MANY_PROFILES',
  'SLOTS_EXCEEDED',
  'FIRMWARE_TOO_OLD',
  'COMMERCIAL_MODE_OFF',
  'SMART_CHARGING_NOT_SUPPORTED',
  'NO_ACTIVE_TRANSACTION',
  'TRANSACTION_ID_MISMATCH',
  'ID_OUT_OF_RANGE',
  'STACK_LEVEL_OUT_OF_RANGE',
  'DURATION_OUT_OF_RANGE',
  'START_PERIOD_OUT_OF_RANGE',
  'LIMIT_NEGATIVE',
  'NUMBER_PHASES_OUT_OF_RANGE',
  'CONNECTOR_NOT_ON_DEVICE',
  // Device gates whose state is unknown: they hold writes back (a deferral's detail), never refuse a PUT.
  'FIRMWARE_UNKNOWN',
  'COMMERCIAL_MODE_UNKNOWN',
  'CONFIGURATION_READ_FAILED',
]);
export type ProfileRefusalCode = z.infer<typeof ProfileRefusalCode>;

/** Stable error codes: the `code` of every error body, NATS error reply and log line. */
export const ErrorCode = z.enum([
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'ILLEGAL_STATE',
  'CONCURRENCY_CONFLICT',
  'PRECONDITION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'IDEMPOTENCY_KEY_REUSED',
  /** A bulk request with more rows than the route takes (BULK_REGISTRATION_LIMIT). */
  'BATCH_TOO_LARGE',
  /** A CSV body that cannot be read as a whole (no header, an unclosed quote): the message names the line. */
  'MALFORMED_CSV',
  /** Kept for clients of earlier versions; refusals now carry their specific code (ProfileRefusalCode). */
  'PROFILE_REFUSED',
  'UNAVAILABLE',
  /** PostgreSQL is unreachable or restarting: nothing was recorded; the request may be retried as is. */
  'DATABASE_UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
  /** The request body is larger than the API takes (bounded by what the message bus carries). */
  'PAYLOAD_TOO_LARGE',
  ...ProfileRefusalCode.options,
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Base of every expected error; adapters map it once to HTTP, OCPP or NATS. */
export class PlatformError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
export class ValidationError extends PlatformError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('VALIDATION_FAILED', message, details);
  }
}
export class NotFoundError extends PlatformError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('NOT_FOUND', message, details);
  }
}
export class IllegalStateError extends PlatformError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('ILLEGAL_STATE', message, details);
  }
}
/** A stale expected version on append: the stream moved on since it was read. */
export class ConcurrencyError extends PlatformError {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | null,
  ) {
    super('CONCURRENCY_CONFLICT', `stream ${streamId} is not at version ${expectedVersion}`, {
      streamId,
      expectedVersion,
      actualVersion,
    });
  }
}

/** The charger can never accept the profile (422): the specific refusal code is the error's own code. */
export class ProfileRefusedError extends PlatformError {
  constructor(
    readonly refusal: ProfileRefusalCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    // `details.reason` repeats the code for clients written when the code was PROFILE_REFUSED.
    super(refusal, message, { ...details, reason: refusal });
  }
}

/** HTTP status of an error code (the one table; adapters map errors to HTTP through it). */
export function httpStatusOf(code: ErrorCode): number {
  if (ProfileRefusalCode.safeParse(code).success) return 422;
  return generalStatus[code as Exclude<ErrorCode, ProfileRefusalCode>];
}
const generalStatus: Record<Exclude<ErrorCode, ProfileRefusalCode>, number> = {
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ILLEGAL_STATE: 409,
  CONCURRENCY_CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  BATCH_TOO_LARGE: 422,
  MALFORMED_CSV: 422,
  PRECONDITION_FAILED: 412,
  PROFILE_REFUSED: 422,
  UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  TIMEOUT: 504,
  INTERNAL: 500,
  PAYLOAD_TOO_LARGE: 413,
};

/** The one error body shape of the HTTP API and NATS replies. */
export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).default({}),
  correlationId: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
