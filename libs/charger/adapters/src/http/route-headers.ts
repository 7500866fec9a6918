import { ZodPipe } from '@chargeplane/platform-messaging';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';

const requestHeaders = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<FastifyRequest>().headers,
);

/**
 * A route's request headers, parsed by a ZodPipe with its contract's `headers` schema (Nest's `@Headers()` takes
 * no pipe); a ZodError reaches the error filter as a 422, like a bad body.
 */
export const RouteHeaders = (schema: z.ZodObject) => requestHeaders(undefined, new ZodPipe(schema));
