import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** Parses a route's body, params or query with its zod contract; a ZodError reaches the error filter as a 422 (VALIDATION_FAILED). */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    return this.schema.parse(value);
  }
}
