import { z } from 'zod';
import type { RouteContract, RouteResponse } from './route-contract.js';

type Json = Record<string, unknown>;

/**
 * The JSON Schema of a route's zod schema, as the document carries it: requests as the server reads them
 * (`input`: defaults optional, coercions from strings), answers as it writes them (`output`).
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Json;
  return rest;
}

/** One OpenAPI parameter per property of a path, query or header schema, with that property's own schema. */
function parametersOf(where: 'path' | 'query' | 'header', schema: z.ZodObject | undefined): Json[] {
  if (!schema) return [];
  const object = jsonSchemaOf(schema, 'input');
  const properties = (object['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((object['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property['description'] === 'string' ? { description: property['description'] } : {}),
    schema: property,
  }));
}

function responseOf(response: RouteResponse): Json {
  const contentType = response.contentType ?? 'application/json';
  return {
    description: response.description,
    ...(response.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(response.headers).map(([name, h]) => [
              name,
              { description: h.description, schema: { type: 'string' } },
            ]),
          ),
        }
      : {}),
    ...(response.body ? { content: { [contentType]: { schema: jsonSchemaOf(response.body, 'output') } } } : {}),
  };
}

function operationOf(name: string, route: RouteContract): Json {
  const parameters = [
    ...parametersOf('path', route.params),
    ...parametersOf('query', route.query),
    ...parametersOf('header', route.headers),
  ];
  return {
    operationId: name,
    summary: route.summary,
    tags: [route.tag],
    ...(route.access === 'public' ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: jsonSchemaOf(route.body, 'input') },
              ...Object.fromEntries(
                Object.entries(route.alsoAccepts ?? {}).map(([type, a]) => [
                  type,
                  { schema: { type: 'string', description: a.description } },
                ]),
              ),
            },
          },
        }
      : {}),
    responses: Object.fromEntries(Object.entries(route.responses).map(([status, r]) => [status, responseOf(r)])),
  };
}

/** The OpenAPI 3.1 document of a route table: every route, with the schemas its handler validates with. */
export function buildOpenApiDocument(
  routes: Record<string, RouteContract>,
  info: { title: string; version: string; description?: string },
): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const [name, route] of Object.entries(routes)) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operationOf(name, route);
  }
  return {
    openapi: '3.1.0',
    info,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: "a tenant's API key, or the operator admin key" },
      },
    },
    security: [{ apiKey: [] }],
    paths,
  };
}
