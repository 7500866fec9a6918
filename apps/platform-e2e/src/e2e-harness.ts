import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePorts,
  provideInfra,
  startPlatform,
  type RunningPlatform,
  type TestInfra,
} from '@chargeplane/platform-testing';

export const root = new URL('../../../', import.meta.url).pathname;

export { freePort, freePorts } from '@chargeplane/platform-testing';

export interface Harness {
  infra: TestInfra;
  platform: RunningPlatform;
  adminKey: string;
  topicPrefix: string;
  logDir: string;
  stop(): Promise<void>;
}

/** The whole platform as separate processes on real NATS, PostgreSQL and Kafka, isolated for this run. */
export async function startHarness(
  options: { clockSpeed?: number; env?: Record<string, string> } = {},
): Promise<Harness> {
  const infra = await provideInfra({ postgres: true, nats: true, kafka: true });
  const adminKey = `e2e-admin-${infra.runId}`;
  const topicPrefix = `${infra.runId}.`;
  const logDir = join(root, '.local/e2e-logs', infra.runId);
  const [apiPort, edgePort, edge, twin, bridge, compliance] = await freePorts(6);
  const platform = await startPlatform({
    root,
    natsUrl: infra.natsUrl,
    natsPrefix: infra.runId,
    databaseUrl: infra.databaseUrl,
    kafkaBrokers: infra.kafkaBrokers.join(','),
    kafkaTopicPrefix: topicPrefix,
    apiPort: apiPort!,
    edgePort: edgePort!,
    metricsPorts: { edge: edge!, twin: twin!, bridge: bridge!, compliance: compliance! },
    adminKey,
    logDir,
    ...(options.clockSpeed ? { clockSpeed: options.clockSpeed } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  return {
    infra,
    platform,
    adminKey,
    topicPrefix,
    logDir,
    async stop() {
      await platform.stop();
      await infra.stop();
    },
  };
}

/** A small typed HTTP client for the public API. */
export async function api<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** A new tenant (through the operator's admin key) with one charger registered: its API key and the charger's password. */
export async function tenantWithCharger(
  h: Harness,
  tenant: string,
  charger: { chargerId: string; model: 'zappi' | 'generic-ocpp16'; jurisdiction?: 'GB' },
): Promise<{ key: string; password: string }> {
  const { apiUrl } = h.platform;
  const created = await api<{ apiKey: string }>(apiUrl, 'POST', '/v1/tenants', h.adminKey, { name: tenant });
  if (created.status !== 201) throw new Error(`tenant ${tenant} not created: ${created.status}`);
  const registered = await api<{ password: string }>(apiUrl, 'POST', '/v1/chargers', created.body.apiKey, charger);
  if (registered.status !== 201) throw new Error(`charger ${charger.chargerId} not registered: ${registered.status}`);
  return { key: created.body.apiKey, password: registered.body.password };
}

/** One simulated charger as its own process (the way an operator would run it). */
export function startCharger(args: {
  ocppUrl: string;
  id: string;
  password: string;
  controlPort: number;
  extra?: string[];
}): ChildProcess {
  const stateDir = mkdtempSync(join(tmpdir(), 'cp-sim-'));
  return spawn(
    process.execPath,
    [
      join(root, 'dist/apps/charger-sim/src/main.js'),
      '--url',
      args.ocppUrl,
      '--id',
      args.id,
      '--password',
      args.password,
      '--control-port',
      String(args.controlPort),
      '--state-dir',
      stateDir,
      ...(args.extra ?? []),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}
