import { PlatformError } from '@chargeplane/contracts-api';
import { z } from 'zod';

/** Every NATS request/reply answer: `{ result }` or `{ error: { code, message, details } }`. */
export const ReplyEnvelope = z.union([
  z.object({ result: z.unknown() }),
  z.object({
    error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).default({}) }),
  }),
]);

/** A request that got an error reply, a malformed reply, no responder or no answer in time. */
export class RequestError extends Error {
  constructor(
    readonly subject: string,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${subject}: ${message}`);
    this.name = 'RequestError';
  }
}

export function errorReply(error: unknown): {
  error: { code: string; message: string; details: Record<string, unknown> };
} {
  if (error instanceof PlatformError)
    return { error: { code: error.code, message: error.message, details: error.details } };
  if (error instanceof z.ZodError) {
    return { error: { code: 'VALIDATION_FAILED', message: z.prettifyError(error), details: { issues: error.issues } } };
  }
  return { error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), details: {} } };
}
