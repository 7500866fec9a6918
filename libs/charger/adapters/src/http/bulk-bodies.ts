import { bulkRowsOf, chargerRowsFromCsv, type BulkRow, type RouteContract } from '@chargeplane/contracts-api';
import type { PipeTransform } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';

/** A text/csv request body, as read (parsed by the route's pipe, so that a bad file is a mapped 422). */
export class CsvText {
  constructor(readonly text: string) {}
}

/**
 * The body of a bulk route as rows: JSON parsed with the route's schema (`schema` is what the OpenAPI test
 * compares), or a CSV read with the one charger CSV reader; each row says where it came from.
 */
export class BulkRowsPipe implements PipeTransform<unknown, BulkRow[]> {
  constructor(readonly schema: z.ZodType<{ chargers: unknown[] }>) {}

  transform(value: unknown): BulkRow[] {
    if (value instanceof CsvText) return chargerRowsFromCsv(value.text);
    return bulkRowsOf(this.schema.parse(value).chargers);
  }
}

/**
 * Lets the HTTP server read what the route table says: `text/csv` bodies (for routes that accept them) and a
 * route's own body limit where it needs more than the server default. Call before the routes are registered.
 */
export function acceptRouteBodies(fastify: FastifyInstance, routes: Record<string, RouteContract>): void {
  const limits = new Map<string, number>();
  for (const r of Object.values(routes))
    if (r.bodyLimitBytes !== undefined)
      limits.set(`${r.method} ${r.path.replace(/\{(\w+)\}/g, ':$1')}`, r.bodyLimitBytes);
  fastify.addHook('onRoute', (options) => {
    for (const method of [options.method].flat()) {
      const limit = limits.get(`${method} ${options.url}`);
      if (limit !== undefined) options.bodyLimit = limit;
    }
  });
  if (Object.values(routes).some((r) => r.alsoAccepts?.['text/csv']))
    fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => {
      done(null, new CsvText(String(body)));
    });
}
