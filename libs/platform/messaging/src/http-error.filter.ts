import { randomUUID } from 'node:crypto';
import { httpStatusOf, PlatformError } from '@chargeplane/contracts-api';
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';

/** The one mapping from errors to HTTP: status by code, body `{ code, message, details, correlationId }`. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const correlationId = String(request.headers['x-correlation-id'] ?? request.id ?? randomUUID());
    const { status, body } = this.describe(error, request);
    if (isBodyTooLarge(error)) readRestOfRefusedBody(request, reply);
    if (status >= 500) this.log.error({ err: error, correlationId, url: request.url }, 'request failed');
    void reply
      .status(status)
      .header('content-type', 'application/json')
      .send({ ...body, correlationId });
  }

  private describe(
    error: unknown,
    request: FastifyRequest,
  ): {
    status: number;
    body: { code: string; message: string; details: Record<string, unknown> };
  } {
    if (error instanceof PlatformError) {
      return {
        status: httpStatusOf(error.code),
        body: { code: error.code, message: error.message, details: error.details },
      };
    }
    if (error instanceof z.ZodError) {
      const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      return {
        status: httpStatusOf('VALIDATION_FAILED'),
        body: { code: 'VALIDATION_FAILED', message: z.prettifyError(error), details: { issues } },
      };
    }
    if (isBodyTooLarge(error)) {
      const limitBytes = request.routeOptions?.bodyLimit;
      return {
        status: httpStatusOf('PAYLOAD_TOO_LARGE'),
        body: {
          code: 'PAYLOAD_TOO_LARGE',
          message: `the request body is larger than ${limitBytes ?? 'the allowed'} bytes, the most the API takes (bounded by what the message bus carries)`,
          details: limitBytes === undefined ? {} : { limitBytes },
        },
      };
    }
    if (isDatabaseUnavailable(error)) {
      return {
        status: httpStatusOf('DATABASE_UNAVAILABLE'),
        body: {
          code: 'DATABASE_UNAVAILABLE',
          message: 'PostgreSQL is unreachable or restarting; nothing was recorded, retry shortly',
          details: {},
        },
      };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code =
        status === 404
          ? 'NOT_FOUND'
          : status === 400
            ? 'VALIDATION_FAILED'
            : status < 500
              ? 'ILLEGAL_STATE'
              : 'INTERNAL';
      return { status, body: { code, message: error.message, details: {} } };
    }
    return { status: 500, body: { code: 'INTERNAL', message: 'internal error', details: {} } };
  }
}

/** The most of a refused body read and dropped before the connection is cut instead. */
const REFUSED_BODY_READ_BYTES = 16 * 1024 * 1024;

/**
 * fastify answers a body over its limit without reading it and closes the connection; the kernel then resets a
 * connection the client is still sending on, and the client may lose the 413 before reading it (it sees a reset,
 * not the answer). So the rest of the body is read and dropped, the connection kept, and only a body beyond
 * REFUSED_BODY_READ_BYTES gets the connection cut.
 */
function readRestOfRefusedBody(request: FastifyRequest, reply: FastifyReply): void {
  const raw = request.raw;
  if (raw.readableEnded || raw.destroyed) return;
  reply.removeHeader('connection');
  let read = 0;
  raw.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read > REFUSED_BODY_READ_BYTES) raw.socket.destroy();
  });
  raw.resume();
}

/** fastify's refusal of a body over its `bodyLimit` (Nest passes it on as a 413 HttpException or as is). */
function isBodyTooLarge(error: unknown): boolean {
  if (error instanceof HttpException) return error.getStatus() === 413;
  return (error as { code?: unknown } | null)?.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
}

/**
 * A PostgreSQL that is away or restarting: the connection refused or cut, or the server shutting down, starting up
 * or terminating sessions (SQLSTATE class 57P, 08 connection exceptions).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (e === null || typeof e !== 'object') return false;
  if (e.driverError !== undefined && e.driverError !== error) return isDatabaseUnavailable(e.driverError);
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^(57P0[1-3]|08\d{3})$/.test(code) || code === 'ECONNREFUSED' || code === 'ECONNRESET') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|the database system is (shutting down|starting up)/.test(message);
}
