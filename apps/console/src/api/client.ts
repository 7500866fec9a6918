import { ErrorBody } from '@chargeplane/contracts-api';
import type { z } from 'zod';
import { takeEarly } from './early-requests.js';

/** An answer of the API that was not 2xx, with its parsed error body (code, message, details). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** The zod schema of the answer (from libs/contracts/api): a drifted answer fails loudly. */
  schema: z.ZodType<T>;
  headers?: Record<string, string>;
}

/** One request to the API on this origin, with the signed-in key. */
export async function request<T>(key: string, path: string, options: RequestOptions<T>): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const method = options.method ?? 'GET';
  const early = method === 'GET' && !options.headers ? takeEarly(key, path) : undefined;
  const res = await (early ??
    fetch(path, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    }));
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const parsed = ErrorBody.safeParse(json);
    throw new ApiError(
      res.status,
      parsed.success ? parsed.data : { code: `HTTP_${res.status}`, message: text || res.statusText, details: {} },
    );
  }
  return options.schema.parse(json);
}

/** A fresh idempotency key per user action: a retried click cannot act twice. */
export const newIdempotencyKey = (): string => crypto.randomUUID();
