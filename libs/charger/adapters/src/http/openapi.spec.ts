import 'reflect-metadata';
import { apiRoutes, jsonSchemaOf, type RouteContract } from '@chargeplane/contracts-api';
import { ZodPipe } from '@chargeplane/platform-messaging';
import { RequestMethod } from '@nestjs/common';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { z } from 'zod';
import { AssignmentsController } from './assignments.controller.js';
import { BulkRegistrationController } from './bulk-registration.controller.js';
import { ChargersController } from './chargers.controller.js';
import { ComplianceController } from './compliance.controller.js';
import { DeadLettersController } from './dead-letters.controller.js';
import { ConsoleController } from './console.controller.js';
import { DocsController } from './docs.controller.js';
import { FleetController } from './fleet.controller.js';
import { HealthController } from './health.controller.js';
import { openApiDocument } from './openapi.js';
import { TwinStreamController } from './twin-stream.controller.js';

const controllers = [
  ChargersController,
  BulkRegistrationController,
  AssignmentsController,
  ComplianceController,
  DeadLettersController,
  FleetController,
  TwinStreamController,
  DocsController,
  HealthController,
  ConsoleController,
];

/** What a handler validates with, read from Nest's own route metadata (not from the route table). */
interface Handler {
  name: string;
  method: string;
  path: string;
  successStatus: number;
  access: string;
  params?: z.ZodType;
  query?: z.ZodType;
  headers?: z.ZodType;
  body?: z.ZodType;
}

type ArgMetadata = { data?: unknown; pipes?: unknown[] };

function handlersOf(controller: (typeof controllers)[number]): Handler[] {
  const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  const proto = controller.prototype as unknown as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto).flatMap((name) => {
    const fn = proto[name] as object;
    const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
    if (method === undefined) return [];
    const own = String(Reflect.getMetadata(PATH_METADATA, fn) ?? '');
    const path = `/${[prefix, own].filter((p) => p !== '' && p !== '/').join('/')}`.replace(/:(\w+)/g, '{$1}');
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, ArgMetadata>;
    const handler: Handler = {
      name: `${controller.name}.${name}`,
      method: RequestMethod[method],
      path,
      successStatus:
        (Reflect.getMetadata(HTTP_CODE_METADATA, fn) as number | undefined) ??
        (method === RequestMethod.POST ? 201 : 200),
      access:
        (Reflect.getMetadata('chargeplane:access', fn) as string | undefined) ??
        (Reflect.getMetadata('chargeplane:access', controller) as string | undefined) ??
        'tenant',
    };
    for (const [key, arg] of Object.entries(args)) {
      // A ZodPipe, or a pipe that parses with a route schema of its own (the bulk routes' JSON-or-CSV rows).
      const pipe = arg.pipes?.find(
        (p): p is { schema: z.ZodType } =>
          p instanceof ZodPipe ||
          (typeof p === 'object' && p !== null && (p as { schema?: unknown }).schema instanceof z.ZodType),
      );
      const type = key.includes(CUSTOM_ROUTE_ARGS_METADATA) ? RouteParamtypes.HEADERS : Number(key.split(':')[0]);
      if (arg.data !== undefined && pipe) throw new Error(`${handler.name}: validate the whole ${key}, not one field`);
      if (pipe && type === RouteParamtypes.PARAM) handler.params = pipe.schema;
      if (pipe && type === RouteParamtypes.QUERY) handler.query = pipe.schema;
      if (pipe && type === RouteParamtypes.BODY) handler.body = pipe.schema;
      if (pipe && type === RouteParamtypes.HEADERS) handler.headers = pipe.schema;
    }
    return [handler];
  });
}

const handlers = controllers.flatMap(handlersOf);
const document = openApiDocument() as { paths: Record<string, Record<string, Record<string, unknown>>> };
const operation = (h: { method: string; path: string }) => document.paths[h.path]?.[h.method.toLowerCase()];
const routeOf = (h: Handler): RouteContract | undefined =>
  Object.values(apiRoutes as Record<string, RouteContract>).find((r) => r.method === h.method && r.path === h.path);

type Parameter = { name: string; in: string; required: boolean; schema: unknown };
/** A path, query or header schema as the document spreads it over parameters, put back together. */
function objectFromParameters(op: Record<string, unknown>, where: string) {
  const parameters = ((op['parameters'] ?? []) as Parameter[]).filter((p) => p.in === where);
  return {
    properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema])),
    required: parameters.filter((p) => p.required).map((p) => p.name),
  };
}
function objectOf(schema: z.ZodType, where: string) {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  const properties = (json.properties ?? {}) as Record<string, unknown>;
  // Path parameters are always required in OpenAPI (and a path without them does not reach the route).
  const required = where === 'path' ? Object.keys(properties) : ((json.required ?? []) as string[]);
  return { properties, required };
}

describe('the OpenAPI document against the controllers', () => {
  it('finds every handler of every controller (the reading of Nest metadata works)', () => {
    expect(handlers.length).toBe(Object.keys(apiRoutes).length);
    expect(handlers.find((h) => h.name === 'ChargersController.putProfile')).toMatchObject({
      method: 'PUT',
      path: '/v1/chargers/{chargerId}/charging-profiles/{chargingProfileId}',
      successStatus: 202,
    });
  });

  it.each(handlers.map((h) => [h.name, h] as const))('%s: in the route table and the document', (_name, h) => {
    expect(routeOf(h), `${h.method} ${h.path} is not in apiRoutes`).toBeDefined();
    expect(operation(h), `${h.method} ${h.path} is not in /docs`).toBeDefined();
    expect(Object.keys(routeOf(h)!.responses)[0]).toBe(String(h.successStatus));
    expect(routeOf(h)!.access).toBe(h.access);
  });

  it.each(handlers.map((h) => [h.name, h] as const))(
    '%s: the document carries the very schemas the handler validates with',
    (_name, h) => {
      const op = operation(h)!;
      const route = routeOf(h)!;
      // The same schema objects as the route table (one declaration)…
      expect(h.params).toBe(route.params);
      expect(h.query).toBe(route.query);
      expect(h.headers).toBe(route.headers);
      expect(h.body).toBe(route.body);
      // …and the document says exactly what z.toJSONSchema says of them.
      const sides = [
        ['path', h.params],
        ['query', h.query],
        ['header', h.headers],
      ] as const;
      for (const [where, schema] of sides) {
        expect(objectFromParameters(op, where)).toEqual(
          schema ? objectOf(schema, where) : { properties: {}, required: [] },
        );
      }
      const requestBody = op['requestBody'] as { content: Record<string, { schema: unknown }> } | undefined;
      expect(requestBody?.content['application/json']?.schema).toEqual(
        h.body ? jsonSchemaOf(h.body, 'input') : undefined,
      );
      if (h.body) {
        const { $schema: _d, ...expected } = z.toJSONSchema(h.body, {
          target: 'draft-2020-12',
          io: 'input',
          unrepresentable: 'any',
        });
        expect(requestBody?.content['application/json']?.schema).toEqual(expected);
      }
    },
  );

  it('documents every route of the table once, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(handlers.map((h) => `${h.method} ${h.path}`).sort());
  });
});
