import { z } from 'zod';

// Errors of the control/audit API. The simulator is a device, an oracle the platform is tested against, so
// it keeps its own small error set instead of importing the platform's API contracts; the codes and the
// body shape `{ code, message }` follow the platform's conventions so tests read both the same way.

export const ControlErrorCode = z.enum(['VALIDATION_FAILED', 'NOT_FOUND', 'ILLEGAL_STATE', 'INTERNAL']);
export type ControlErrorCode = z.infer<typeof ControlErrorCode>;

export const httpStatusOf: Record<ControlErrorCode, number> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  ILLEGAL_STATE: 409,
  INTERNAL: 500,
};

export class ControlError extends Error {
  constructor(
    readonly code: ControlErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends ControlError {
  constructor(message: string) {
    super('VALIDATION_FAILED', message);
  }
}

export class NotFoundError extends ControlError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export class IllegalStateError extends ControlError {
  constructor(message: string) {
    super('ILLEGAL_STATE', message);
  }
}
