import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appRuntimeEnv } from './app-runtime-env.js';
import { trackOpen } from './open-resources.js';
import { SupervisedProcess, describeSupervisorEvent, type BackoffPolicy, type SupervisorEvent } from './supervisor.js';

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
  /** Replicas per app (default 1 each); replica n > 1 listens on `replicaPorts[n - 2]`. */
  replicas?: Partial<Record<PlatformApp, number>>;
  replicaPorts?: ReplicaPorts[];
  /** Restart a replica that exits unasked, with back-off (npm start, the drill); false: only log it. */
  supervise?: boolean;
  backoff?: BackoffPolicy;
  /** Where supervisor lines go (a crash, a restart, ready again); stderr when not given. */
  onSupervisorLine?: (line: string) => void;
}

/** The ports of one replica set beyond the first (the first uses PlatformEnv's own ports). */
export interface ReplicaPorts {
  apiPort: number;
  edgePort: number;
  metricsPorts: PlatformEnv['metricsPorts'];
}

export const PLATFORM_APPS = ['profile-command', 'device-twin', 'compliance-gb', 'kafka-bridge', 'ocpp-edge'] as const;
export type PlatformApp = (typeof PLATFORM_APPS)[number];

/** One running (supervised) replica of an app: `name` is `app#n`, n from 1. */
export interface PlatformReplica {
  app: PlatformApp;
  name: string;
  healthUrl: string;
  process: SupervisedProcess<ChildProcess>;
}

export interface RunningPlatform {
  apiUrl: string;
  ocppUrl: string;
  /** One per profile-command replica / ocpp-edge replica. */
  apiUrls: string[];
  ocppUrls: string[];
  replicas: PlatformReplica[];
  stop(): Promise<void>;
}

/** The credential pepper of test and benchmark platforms (never a deployment's: those keep theirs secret). */
export const TEST_CREDENTIAL_PEPPER = 'test-credential-pepper-0123456789abcdef';

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

/**
 * How long a replica may take to answer its readiness check. Ten Node processes loading at once on a shared, loaded
 * two-core machine took over a minute for the first of them (the fault drill next to a 10,000-charger benchmark).
 */
const READY_TIMEOUT_MS = 180_000;

/** Waits for the replica's health check; without supervision a replica that exits meanwhile fails the start. */
async function waitFor(url: string, timeoutMs: number, replica: PlatformReplica, supervised: boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const child = replica.process.current;
    if (!supervised && (!child || child.exitCode !== null))
      throw new Error(`${replica.name} exited with code ${child?.exitCode ?? '?'} while starting (see its log)`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${replica.name} not ready at ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function portsOf(p: PlatformEnv, replica: number): ReplicaPorts {
  if (replica === 1) return { apiPort: p.apiPort, edgePort: p.edgePort, metricsPorts: p.metricsPorts };
  const ports = p.replicaPorts?.[replica - 2];
  if (!ports) throw new Error(`replica ${replica} needs replicaPorts[${replica - 2}] (ports of replica sets 2..N)`);
  return ports;
}

function healthUrl(app: PlatformApp, ports: ReplicaPorts): string {
  const port = {
    'profile-command': ports.apiPort,
    'device-twin': ports.metricsPorts.twin,
    'kafka-bridge': ports.metricsPorts.bridge,
    'compliance-gb': ports.metricsPorts.compliance,
    'ocpp-edge': ports.metricsPorts.edge,
  }[app];
  return `http://127.0.0.1:${port}/readyz`;
}

/** A replica's own environment: its ports, and its own local state (the edge's fact spool) that outlives a restart. */
function replicaEnv(env: NodeJS.ProcessEnv, ports: ReplicaPorts, stateDir: string): NodeJS.ProcessEnv {
  return {
    ...env,
    EDGE_SPOOL_DIR: join(stateDir, 'spool'),
    API_PORT: String(ports.apiPort),
    EDGE_PORT: String(ports.edgePort),
    EDGE_METRICS_PORT: String(ports.metricsPorts.edge),
    TWIN_METRICS_PORT: String(ports.metricsPorts.twin),
    BRIDGE_METRICS_PORT: String(ports.metricsPorts.bridge),
    COMPLIANCE_METRICS_PORT: String(ports.metricsPorts.compliance),
  };
}

/** Once a restarted replica answers its health check again, says so and how long it was away. */
async function reportReadyAgain(replica: PlatformReplica, downSince: number, say: (line: string) => void) {
  for (;;) {
    const child = replica.process.current;
    if (!child || child.exitCode !== null) return;
    try {
      if ((await fetch(replica.healthUrl)).ok) {
        say(
          `supervisor: ${replica.name} ready again ${((Date.now() - downSince) / 1000).toFixed(1)} s after it went down`,
        );
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Provisions (migrations, streams) and starts the built apps, each replica as a supervised child process with its
 * runtime environment (`appRuntimeEnv`: deploy/<app>.env) logging to its own file (`<app>.log`, `<app>-2.log`, …),
 * and waits until each answers its health check. With `supervise`, a replica that exits is started again with
 * back-off (supervisor.ts) and a line says when it is ready again. `stop()` stops them all (SIGTERM, then SIGKILL).
 */
export async function startPlatform(p: PlatformEnv): Promise<RunningPlatform> {
  const env = envFor(p);
  mkdirSync(p.logDir, { recursive: true });
  await runToCompletion(p.root, 'dist/tools/provision/provision.main.js', env);
  const say = p.onSupervisorLine ?? ((line: string) => process.stderr.write(`${line}\n`));
  const replicas: PlatformReplica[] = [];
  const stop = trackOpen(async () => {
    await Promise.all(replicas.map((r) => r.process.stop()));
  });
  try {
    for (const app of PLATFORM_APPS) {
      const count = p.replicas?.[app] ?? 1;
      for (let n = 1; n <= count; n++) {
        const ports = portsOf(p, n);
        const name = `${app}#${n}`;
        const logFile = join(p.logDir, n === 1 ? `${app}.log` : `${app}-${n}.log`);
        const stateDir = join(p.logDir, 'state', `${app}-${n}`);
        const childEnv = appRuntimeEnv(p.root, app, replicaEnv(env, ports, stateDir));
        let downSince = 0;
        const replica: PlatformReplica = { app, name, healthUrl: healthUrl(app, ports), process: undefined as never };
        const onEvent = (event: SupervisorEvent) => {
          say(describeSupervisorEvent(event));
          if (event.kind === 'exited') downSince = Date.now();
          else if (event.start > 1) void reportReadyAgain(replica, downSince, say);
        };
        replica.process = new SupervisedProcess<ChildProcess>(
          name,
          {
            spawn: () => {
              const log = createWriteStream(logFile, { flags: 'a' });
              const child = spawn(process.execPath, [join(p.root, `dist/apps/${app}/src/main.js`)], {
                env: childEnv,
                cwd: p.root,
                stdio: ['ignore', 'pipe', 'pipe'],
              });
              child.stdout?.pipe(log);
              child.stderr?.pipe(log);
              child.once('exit', () => setTimeout(() => log.end(), 100));
              return child;
            },
            now: () => Date.now(),
            schedule: (fn, ms) => {
              const timer = setTimeout(fn, ms);
              return () => clearTimeout(timer);
            },
            log: onEvent,
          },
          p.backoff,
          p.supervise ?? false,
        );
        replicas.push(replica);
        replica.process.start();
      }
    }
    for (const r of replicas) await waitFor(r.healthUrl, READY_TIMEOUT_MS, r, p.supervise ?? false);
  } catch (error) {
    await stop();
    throw error;
  }
  const apiUrls = replicas
    .filter((r) => r.app === 'profile-command')
    .map((_, i) => `http://127.0.0.1:${portsOf(p, i + 1).apiPort}`);
  const ocppUrls = replicas
    .filter((r) => r.app === 'ocpp-edge')
    .map((_, i) => `ws://127.0.0.1:${portsOf(p, i + 1).edgePort}/ocpp`);
  return { apiUrl: apiUrls[0]!, ocppUrl: ocppUrls[0]!, apiUrls, ocppUrls, replicas, stop };
}
