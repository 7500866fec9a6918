import { z } from 'zod';
import { ErrorBody } from '../errors.js';

/** A response header of a route (documentation only: answers are not validated on the way out). */
export interface ResponseHeader {
  description: string;
}

/** One status code of a route: its meaning, and its body's schema (JSON unless `contentType` says otherwise). */
export interface RouteResponse {
  description: string;
  body?: z.ZodType;
  contentType?: string;
  headers?: Record<string, ResponseHeader>;
}

/**
 * One HTTP route, declared once: the controllers validate with these schemas (ZodPipe, RouteHeaders) and the
 * OpenAPI document is generated from them, so the two cannot drift. `path` is in OpenAPI form
 * (`/v1/chargers/{chargerId}`); header names are lower-case, as the server reads them.
 */
export interface RouteContract {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  summary: string;
  tag: string;
  /** Who may call it: any tenant's API key, the operator's admin key, or anyone. */
  access: 'tenant' | 'admin' | 'public';
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** Other request media types the route reads into the same body (documented beside application/json). */
  alsoAccepts?: Record<string, { description: string }>;
  /** The route's own request body limit, when it takes more than the server's default. */
  bodyLimitBytes?: number;
  /** Every status the route answers with, the success first. */
  responses: Record<number, RouteResponse>;
}

/** Keeps each route's own schema types (the controllers' pipes infer their values from them). */
export const route = <const R extends RouteContract>(contract: R): R => contract;

const error = (description: string) => ({ description, body: ErrorBody });

/** The error answers of the API (the status of each code is `httpStatusOf`). */
export const errorResponses = {
  400: error('VALIDATION_FAILED: the request cannot be parsed (malformed JSON)'),
  401: error('UNAUTHENTICATED: missing, unknown or revoked API key'),
  403: error('FORBIDDEN: this route needs the operator admin key'),
  404: error('NOT_FOUND: no such resource for this tenant'),
  409: error('ILLEGAL_STATE or CONCURRENCY_CONFLICT: the resource is not in a state that allows this'),
  412: error("PRECONDITION_FAILED: If-Match is not the resource's current version; nothing changed"),
  /** A ZodError too: a path, query, header or body value breaks the route's schema. */
  422: error(
    'VALIDATION_FAILED: a value breaks the contract (details.issues name the fields), or IDEMPOTENCY_KEY_REUSED',
  ),
  413: error('PAYLOAD_TOO_LARGE: the body is larger than the API takes (details.limitBytes, half of NATS max_payload)'),
  503: error(
    'UNAVAILABLE: a service behind this route is not answering, or DATABASE_UNAVAILABLE: PostgreSQL is away (nothing recorded); try again shortly',
  ),
  504: error('TIMEOUT: a service behind this route did not answer in time'),
} satisfies Record<number, RouteResponse>;

/** The answers every tenant route can give besides its own (413 only where a request has a body). */
export const tenantErrors = {
  400: errorResponses[400],
  401: errorResponses[401],
  413: errorResponses[413],
  422: errorResponses[422],
};
