import { z } from 'zod';
import { apiRoutes } from './api-routes.js';
import { buildOpenApiDocument, jsonSchemaOf } from './openapi-document.js';
import { route } from './route-contract.js';

const info = { title: 'test', version: '0' };
const toJsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return rest;
};

describe('buildOpenApiDocument', () => {
  const Body = z.strictObject({ name: z.string().min(1), size: z.number().default(1) });
  const Answer = z.object({ id: z.string(), size: z.number().default(1) });
  const routes = {
    thing: route({
      method: 'PUT',
      path: '/v1/things/{thingId}',
      summary: 'Put a thing',
      tag: 'things',
      access: 'tenant',
      params: z.object({ thingId: z.coerce.number().int() }),
      query: z.object({ dryRun: z.enum(['true', 'false']).optional(), limit: z.coerce.number().default(5) }),
      headers: z.object({ 'if-match': z.string().optional().describe('the ETag') }),
      body: Body,
      responses: { 200: { description: 'ok', body: Answer, headers: { etag: { description: 'version' } } } },
    }),
    open: route({
      method: 'GET',
      path: '/open',
      summary: 'Open',
      tag: 'ops',
      access: 'public',
      responses: { 200: { description: 'text', body: z.string(), contentType: 'text/plain' } },
    }),
  };

  it('given a route, when the document is built, then body and answer are z.toJSONSchema of their schemas', () => {
    const op = (buildOpenApiDocument(routes, info)['paths'] as Record<string, Record<string, Record<string, unknown>>>)[
      '/v1/things/{thingId}'
    ]!['put']!;
    expect(op['requestBody']).toEqual({
      required: true,
      content: { 'application/json': { schema: toJsonSchema(Body, 'input') } },
    });
    expect(op['responses']).toEqual({
      200: {
        description: 'ok',
        headers: { etag: { description: 'version', schema: { type: 'string' } } },
        content: { 'application/json': { schema: toJsonSchema(Answer, 'output') } },
      },
    });
  });

  it('given path, query and header schemas, then one parameter per property, required as the schema says', () => {
    const op = (buildOpenApiDocument(routes, info)['paths'] as Record<string, Record<string, Record<string, unknown>>>)[
      '/v1/things/{thingId}'
    ]!['put']!;
    expect(op['parameters']).toEqual([
      {
        name: 'thingId',
        in: 'path',
        required: true,
        schema: { type: 'integer', minimum: expect.any(Number), maximum: expect.any(Number) },
      },
      { name: 'dryRun', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } },
      { name: 'limit', in: 'query', required: false, schema: { type: 'number', default: 5 } },
      {
        name: 'if-match',
        in: 'header',
        required: false,
        description: 'the ETag',
        schema: { type: 'string', description: 'the ETag' },
      },
    ]);
  });

  it('given a public route, then it needs no key, and its own content type is kept', () => {
    const op = (buildOpenApiDocument(routes, info)['paths'] as Record<string, Record<string, Record<string, unknown>>>)[
      '/open'
    ]!['get']!;
    expect(op['security']).toEqual([]);
    expect(op['responses']).toEqual({
      200: { description: 'text', content: { 'text/plain': { schema: { type: 'string' } } } },
    });
  });

  it('documents the routes the issue found missing, with their query parameters and 409/412 answers', () => {
    const doc = buildOpenApiDocument(apiRoutes, info)['paths'] as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    expect(doc['/v1/fleet/summary']?.['get']).toBeDefined();
    expect(doc['/v1/chargers/{chargerId}/drift-check']?.['post']).toBeDefined();
    expect(doc['/v1/chargers/stream']?.['get']).toBeDefined();
    const names = (op: Record<string, unknown> | undefined) =>
      ((op?.['parameters'] ?? []) as { name: string; in: string }[]).filter((p) => p.in === 'query').map((p) => p.name);
    expect(names(doc['/v1/chargers']?.['get'])).toEqual(Object.keys(apiRoutes.listChargers.query.shape));
    expect(names(doc['/v1/chargers/{chargerId}/events']?.['get'])).toEqual(['fromVersion', 'limit']);
    const put = doc['/v1/chargers/{chargerId}/charging-profiles/{chargingProfileId}']?.['put'];
    expect(Object.keys(put?.['responses'] as object)).toEqual(expect.arrayContaining(['202', '409', '412', '422']));
    expect(jsonSchemaOf(apiRoutes.putProfile.body, 'input')).toEqual(toJsonSchema(apiRoutes.putProfile.body, 'input'));
  });
});
