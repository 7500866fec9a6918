import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A tiny client for the simulator's control/audit API, as a test (or the platform's e2e suite) uses it.

export interface ControlResponse<T> {
  status: number;
  body: T;
}

export function controlClient(port: number | null) {
  if (port === null) throw new Error('the simulator was started without a control port');
  const base = `http://127.0.0.1:${port}`;
  const request = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ControlResponse<T>> => {
    const res = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  return {
    get: <T = Record<string, unknown>>(path: string) => request<T>('GET', path),
    post: <T = Record<string, unknown>>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  };
}

export function tempStateDir(): string {
  return mkdtempSync(join(tmpdir(), 'charger-sim-state-'));
}
