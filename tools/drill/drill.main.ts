import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import {
  freePorts,
  PLATFORM_APPS,
  startPlatform,
  stopAllOpen,
  type RunningPlatform,
} from '@chargeplane/platform-testing';
import { requireSupportedNode } from '@chargeplane/platform-config';
import { runChecks, settle } from './verdict.js';
import { type FaultOutcome } from './checks.js';
import { runFault, type FaultTargets } from './faults.js';
import { connectedCount, startFleet, type Fleet } from './fleet.js';
import { startDrillInfra, type DrillInfra } from './infra.js';
import { cleanupOnce, interruptHandler } from './interrupts.js';
import { parseDrillArgs } from './options.js';
import { FAULT_KINDS, faultSchedule } from './schedule.js';
import { startWorkload } from './workload.js';

const root = new URL('../../../', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `npm run drill`: the platform with N replicas of every service on its own NATS cluster, PostgreSQL and Kafka, a
 * simulated fleet and a CPO workload, a seeded schedule of faults, then the checks (checks.ts) from independent
 * sources; a JSON report and a one-line verdict (README "Fault drill"). Exit 0 only when every check passed.
 */
async function main(): Promise<number> {
  requireSupportedNode();
  const options = parseDrillArgs(process.argv.slice(2), {
    outDir: join(root, '.local/drill'),
    seed: randomBytes(4).toString('hex'),
  });
  const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${options.seed}`;
  const runDir = join(options.outDir, runId);
  mkdirSync(runDir, { recursive: true });
  const logFile = join(runDir, 'drill.log');
  const log = (line: string) => {
    const stamped = `${new Date().toISOString()} ${line}`;
    process.stderr.write(`${stamped}\n`);
    appendFileSync(logFile, `${stamped}\n`);
  };
  log(`drill: ${JSON.stringify(options)} → ${runDir}`);
  const began = Date.now();
  let infra: DrillInfra | undefined;
  let platform: RunningPlatform | undefined;
  let fleet: Fleet | undefined;
  let keeping = false; // --keep-on-failure: an interrupt ends the wait, then the cleanup below runs
  const cleanup = cleanupOnce(async () => {
    await fleet?.stop().catch(() => undefined);
    await platform?.stop().catch(() => undefined);
    // A platform still starting (no handle yet) and the NATS cluster are tracked by platform-testing: stop them too.
    await stopAllOpen().catch((e: unknown) => log(`drill: cleanup: ${String(e)}`));
    await infra?.stop().catch(() => undefined);
    rmSync(join(runDir, 'servers'), { recursive: true, force: true });
  });
  const onInterrupt = interruptHandler({ cleanup, keeping: () => keeping, exit: (code) => process.exit(code), log });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, onInterrupt);
  try {
    infra = await startDrillInfra(root, join(runDir, 'servers'), log);
    const sets = Math.max(...Object.values(options.replicas));
    const ports = await freePorts(6 * sets);
    const portSet = (i: number) => ({
      apiPort: ports[6 * i]!,
      edgePort: ports[6 * i + 1]!,
      metricsPorts: {
        edge: ports[6 * i + 2]!,
        twin: ports[6 * i + 3]!,
        bridge: ports[6 * i + 4]!,
        compliance: ports[6 * i + 5]!,
      },
    });
    const epochMs = Date.now();
    const simNow = () => epochMs + (Date.now() - epochMs) * options.clockSpeed;
    const adminKey = `drill-admin-${randomBytes(8).toString('hex')}`;
    log(`drill: starting the platform (${PLATFORM_APPS.map((a) => `${a}×${options.replicas[a]}`).join(', ')})`);
    platform = await startPlatform({
      root,
      natsUrl: infra.nats.url,
      natsPrefix: '',
      databaseUrl: infra.databaseUrl,
      kafkaBrokers: infra.kafkaBrokers,
      kafkaTopicPrefix: '',
      ...portSet(0),
      replicaPorts: Array.from({ length: sets - 1 }, (_, i) => portSet(i + 1)),
      replicas: options.replicas,
      supervise: true,
      adminKey,
      logDir: join(runDir, 'logs'),
      logLevel: 'warn',
      clockSpeed: options.clockSpeed,
      clockEpoch: epochMs,
      env: { NATS_STREAM_REPLICAS: '3' },
      onSupervisorLine: log,
    });
    log('drill: registering and connecting the fleet');
    fleet = await startFleet(
      {
        root,
        dir: runDir,
        prefix: `D${options.seed
          .replace(/[^A-Za-z0-9]/g, '')
          .slice(0, 6)
          .toUpperCase()}-`,
        chargers: options.chargers,
        seed: options.seed,
        clockSpeed: options.clockSpeed,
        epochMs,
        apiUrls: platform.apiUrls,
        ocppUrls: platform.ocppUrls,
        adminKey,
      },
      log,
    );
    const deadline = Date.now() + 180_000;
    while ((await connectedCount(fleet)) < fleet.all.length) {
      if (Date.now() > deadline) throw new Error('the fleet did not connect within 3 minutes');
      await sleep(1_000);
    }
    log(`drill: ${fleet.all.length} chargers connected; fault phase of ${options.minutes} min begins`);
    const durationMs = options.minutes * 60_000;
    const warmupMs = 20_000;
    const minGapMs = Math.max(15_000, Math.min(60_000, Math.floor((durationMs - warmupMs) / FAULT_KINDS.length)));
    const schedule = faultSchedule({
      seed: options.seed,
      durationMs,
      warmupMs,
      minGapMs,
      replicas: platform.replicas.map((r) => r.name),
    });
    const workload = startWorkload({
      apiUrls: platform.apiUrls,
      key: fleet.tenantKey,
      seed: options.seed,
      chargers: fleet.all,
      zappis: fleet.zappis,
      simNow,
      intervalMs: Math.max(200, Math.round(60_000 / (10 * options.chargers))),
    });
    const targets: FaultTargets = { platform, infra, fleet, simNow, log };
    const phaseStart = Date.now();
    const outcomes: FaultOutcome[] = [];
    for (const fault of schedule) {
      const wait = phaseStart + fault.atMs - Date.now();
      if (wait > 0) await sleep(wait);
      outcomes.push(await runFault(fault, targets));
    }
    const rest = phaseStart + durationMs - Date.now();
    if (rest > 0) await sleep(rest);
    await workload.stop();
    log(`drill: fault phase over (${outcomes.length} faults, ${workload.stats.requests} API requests); settling`);
    const settled = await settle({ fleet, platform, infra, settleMs: options.settleMinutes * 60_000, log });
    const checks = await runChecks({ fleet, platform, infra, outcomes, workload, settled, seed: options.seed, log });
    const report = {
      verdict: checks.verdict,
      seed: options.seed,
      options,
      startedAt: new Date(began).toISOString(),
      realSeconds: Math.round((Date.now() - began) / 1000),
      loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
      chargers: { total: fleet.all.length, zappis: fleet.zappis.length, slow: fleet.slow },
      replicas: options.replicas,
      faults: outcomes,
      workload: workload.stats,
      settle: settled,
      checks: checks.results,
    };
    const reportFile = join(runDir, 'report.json');
    writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(options.outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
    log(`drill: report ${reportFile}`);
    console.log(checks.verdict);
    if (!checks.passed && options.keepOnFailure) {
      log(
        `drill: --keep-on-failure: NATS ${infra.nats.url}, PostgreSQL ${infra.databaseUrl}, Kafka ${infra.kafkaBrokers}, ` +
          `API ${platform.apiUrls.join(' ')}; left running until interrupted (Ctrl-C)`,
      );
      keeping = true;
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
    return checks.passed ? 0 : 1;
  } finally {
    await cleanup.run();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`drill could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(2);
  },
);
