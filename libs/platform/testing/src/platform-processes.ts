import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appRuntimeEnv } from './app-runtime-env.js';
import { trackOpen } from './open-resources.js';

/** Where the platform's apps find their infrastructure and listen; one value per run (tests isolate by it). */
export interface PlatformEnv {
  root: string;
  natsUrl: string;
  natsPrefix: string;
  databaseUrl: string;
  kafkaBrokers: string;
  kafkaTopicPrefix: string;
  apiPort: number;
  edgePort: number;
  /** Ports of the apps' ops endpoints (/metrics, /healthz, /readyz). */
  metricsPorts: { edge: number; twin: number; bridge: number; compliance: number };
  adminKey: string;
  /** CREDENTIAL_PEPPER of profile-command and ocpp-edge; TEST_CREDENTIAL_PEPPER when not given. */
  credentialPepper?: string;
  logDir: string;
  logLevel?: string;
  /** Accelerated time (CLOCK_SPEED) for simulations; 1 by default. */
  clockSpeed?: number;
  /** Real instant (ms) at which simulated and real time agree; every process of the run shares it. */
  clockEpoch?: number;
  /** Further environment for every app (e.g. shorter timings for a test). */
  env?: Record<string, string>;
}

export interface RunningPlatform {
  apiUrl: string;
  ocppUrl: string;
  processes: Map<string, ChildProcess>;
  stop(): Promise<void>;
}

/** The credential pepper of test and benchmark platforms (never a deployment's: those keep theirs secret). */
export const TEST_CREDENTIAL_PEPPER = 'test-credential-pepper-0123456789abcdef';

const APPS = ['profile-command', 'device-twin', 'compliance-gb', 'kafka-bridge', 'ocpp-edge'] as const;

function envFor(p: PlatformEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NATS_URL: p.natsUrl,
    NATS_PREFIX: p.natsPrefix,
    DATABASE_URL: p.databaseUrl,
    KAFKA_BROKERS: p.kafkaBrokers,
    KAFKA_TOPIC_PREFIX: p.kafkaTopicPrefix,
    API_PORT: String(p.apiPort),
    EDGE_PORT: String(p.edgePort),
    EDGE_METRICS_PORT: String(p.metricsPorts.edge),
    // The run's own spool (a restarted edge of the run finds it; other runs never see it).
    EDGE_SPOOL_DIR: join(tmpdir(), 'chargeplane-edge-spool', `${p.natsPrefix || 'run'}-${p.edgePort}`),
    TWIN_METRICS_PORT: String(p.metricsPorts.twin),
    BRIDGE_METRICS_PORT: String(p.metricsPorts.bridge),
    COMPLIANCE_METRICS_PORT: String(p.metricsPorts.compliance),
    PUBLIC_OCPP_URL: `ws://127.0.0.1:${p.edgePort}/ocpp`,
    CHARGEPLANE_ADMIN_KEY: p.adminKey,
    CREDENTIAL_PEPPER: p.credentialPepper ?? TEST_CREDENTIAL_PEPPER,
    LOG_LEVEL: p.logLevel ?? 'info',
    CLOCK_SPEED: String(p.clockSpeed ?? 1),
    ...(p.clockSpeed && p.clockSpeed > 1 ? { CLOCK_EPOCH: new Date(p.clockEpoch ?? Date.now()).toISOString() } : {}),
    ...p.env,
  };
}

/** Runs a compiled entry point (dist/...) to completion; rejects with its output when it fails. */
export function runToCompletion(root: string, entry: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, entry)], { env, cwd: root });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${entry} exited with ${code}:\n${out}`)),
    );
  });
}

async function waitFor(url: string, timeoutMs: number, child: ChildProcess, name: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited with code ${child.exitCode} while starting (see its log)`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} not ready at ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Provisions (migrations, streams) and starts the built apps as child processes, each with its runtime
 * environment (`appRuntimeEnv`: deploy/<app>.env) and logging to its own file, and waits until each
 * answers its health check. `stop()` sends SIGTERM and waits (the shared setup file calls it when the suite cannot).
 */
export async function startPlatform(p: PlatformEnv): Promise<RunningPlatform> {
  const env = envFor(p);
  mkdirSync(p.logDir, { recursive: true });
  await runToCompletion(p.root, 'dist/tools/provision/provision.main.js', env);
  const processes = new Map<string, ChildProcess>();
  const health: Record<(typeof APPS)[number], string> = {
    'profile-command': `http://127.0.0.1:${p.apiPort}/readyz`,
    'device-twin': `http://127.0.0.1:${p.metricsPorts.twin}/readyz`,
    'kafka-bridge': `http://127.0.0.1:${p.metricsPorts.bridge}/readyz`,
    'compliance-gb': `http://127.0.0.1:${p.metricsPorts.compliance}/readyz`,
    'ocpp-edge': `http://127.0.0.1:${p.metricsPorts.edge}/readyz`,
  };
  const stop = trackOpen(async () => {
    await Promise.all(
      [...processes.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  });
  try {
    for (const app of APPS) {
      const log = createWriteStream(join(p.logDir, `${app}.log`), { flags: 'a' });
      const child = spawn(process.execPath, [join(p.root, `dist/apps/${app}/src/main.js`)], {
        env: appRuntimeEnv(p.root, app, env),
        cwd: p.root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.pipe(log);
      child.stderr?.pipe(log);
      processes.set(app, child);
    }
    for (const app of APPS) await waitFor(health[app], 60_000, processes.get(app)!, app);
  } catch (error) {
    await stop();
    throw error;
  }
  return { apiUrl: `http://127.0.0.1:${p.apiPort}`, ocppUrl: `ws://127.0.0.1:${p.edgePort}/ocpp`, processes, stop };
}
