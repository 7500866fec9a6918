import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';

/**
 * A route's request headers, parsed with its contract's `headers` schema (Nest's `@Headers()` takes no pipe);
 * a ZodError reaches the error filter as a 400, like a bad body.
 */
export const RouteHeaders = createParamDecorator((schema: z.ZodObject, context: ExecutionContext): unknown =>
  schema.parse(context.switchToHttp().getRequest<FastifyRequest>().headers),
);
