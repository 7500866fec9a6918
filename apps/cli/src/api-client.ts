import { ErrorBody } from '@chargeplane/contracts-api';
import { z } from 'zod';
import { UsageError, optional, type ParsedCommand } from './cli-args.js';
import { CliConfig } from './config.schema.js';

/** A failure the CLI reports as one line (exit 1): what failed and, when the API said so, its code. */
export class CliError extends Error {}

export interface ApiTarget {
  url: string;
  key: string;
}

/** The API URL and key from flags, else the environment; a clear error for each thing missing or wrong. */
export function apiTarget(flags: ParsedCommand['flags'], env: NodeJS.ProcessEnv): ApiTarget {
  const parsed = CliConfig.safeParse({
    CHARGEPLANE_API_URL: optional(flags, 'api-url') ?? env['CHARGEPLANE_API_URL'],
    CHARGEPLANE_API_KEY: optional(flags, 'api-key') ?? env['CHARGEPLANE_API_KEY'],
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${optional(flags, 'api-url') ? '--api-url' : 'CHARGEPLANE_API_URL'} ${issue.message}`);
  }
  const key = parsed.data.CHARGEPLANE_API_KEY;
  if (!key) throw new UsageError("no API key: pass --api-key KEY or set CHARGEPLANE_API_KEY (a tenant's key)");
  return { url: parsed.data.CHARGEPLANE_API_URL.replace(/\/$/, ''), key };
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** profile-command's HTTP API, as the CLI calls it: JSON answers parsed with the route's own schema. */
export class ApiClient {
  constructor(
    private readonly target: ApiTarget,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async call<S extends z.ZodType>(
    method: string,
    path: string,
    answer: S,
    options: RequestOptions = {},
  ): Promise<z.infer<S>> {
    const res = await this.send(method, path, options);
    const text = await res.text();
    const json = parseJson(text);
    if (!res.ok) {
      const error = ErrorBody.safeParse(json);
      throw new CliError(
        error.success
          ? `${method} ${path}: ${res.status} ${error.data.code}: ${error.data.message}`
          : `${method} ${path}: ${res.status} ${text.slice(0, 200)}`,
      );
    }
    const parsed = answer.safeParse(json);
    if (!parsed.success) throw new CliError(`${method} ${path}: unexpected answer: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  /** The raw response (for streams); an HTTP error is thrown as for `call`. */
  async stream(path: string, signal: AbortSignal): Promise<Response> {
    const res = await this.send('GET', path, { headers: { accept: 'text/event-stream' } }, signal);
    if (!res.ok) {
      const error = ErrorBody.safeParse(parseJson(await res.text()));
      throw new CliError(
        `GET ${path}: ${res.status}${error.success ? ` ${error.data.code}: ${error.data.message}` : ''}`,
      );
    }
    return res;
  }

  private async send(method: string, path: string, options: RequestOptions, signal?: AbortSignal): Promise<Response> {
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    try {
      return await this.fetchFn(`${this.target.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.target.key}`,
          ...(body === undefined ? {} : { 'content-type': options.contentType ?? 'application/json' }),
          ...options.headers,
        },
        ...(body === undefined ? {} : { body }),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new CliError(
        `cannot reach the API at ${this.target.url} (${cause}): is profile-command running? Set --api-url or CHARGEPLANE_API_URL`,
      );
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return text;
  }
}
