import { randomUUID } from 'node:crypto';

/** One answer of the platform's HTTP API; status 0 = no answer (connection refused, reset, timeout). */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

export async function request<T = unknown>(
  url: string,
  init: { method: string; key?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number },
): Promise<ApiAnswer<T>> {
  try {
    const res = await fetch(url, {
      method: init.method,
      headers: {
        ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      ...(init.body === undefined
        ? {}
        : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text
    }
    return { status: res.status, body: body as T };
  } catch {
    return { status: 0, body: null as T };
  }
}

/** A status after which the same request may be sent again (a CPO client retries these with its key). */
export const retryable = (status: number) => status === 0 || status === 409 || status >= 500;

/**
 * A write as a careful CPO client makes it: one Idempotency-Key for all its attempts, sent again (to the next API
 * replica) while there is no definitive answer, for up to `patienceMs`.
 */
export async function writeWithRetry<T = unknown>(
  baseUrls: readonly string[],
  path: string,
  init: { method: string; key: string; body?: unknown },
  patienceMs = 90_000,
): Promise<ApiAnswer<T> & { attempts: number }> {
  const headers = { 'idempotency-key': randomUUID() };
  const deadline = Date.now() + patienceMs;
  let attempts = 0;
  for (;;) {
    const base = baseUrls[attempts % baseUrls.length]!;
    attempts++;
    const answer = await request<T>(`${base}${path}`, { ...init, headers });
    if (!retryable(answer.status) || Date.now() > deadline) return { ...answer, attempts };
    await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * attempts)));
  }
}
