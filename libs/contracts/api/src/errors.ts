import { z } from 'zod';

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
  'PROFILE_REFUSED',
  /** The charger answered that it does not support smart charging: it takes no charging profile (L12). */
  'SMART_CHARGING_NOT_SUPPORTED',
  'UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
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

/** The one error body shape of the HTTP API and NATS replies. */
export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).default({}),
  correlationId: z.string().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
