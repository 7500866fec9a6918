// ocpp-edge benchmark. A real ocpp-edge (own process, `startEdge` from dist), the charger-sim fleet (own process),
// and profile-command's three request/reply services answered by a small NATS responder in this process. Isolated
// by a per-run NATS prefix (its own OCPP_IN stream, deleted afterwards). Phases:
//
//   storm       10,000 chargers connect at once (real scrypt hash): time until every charger booted, failures,
//               edge CPU per upgrade, edge memory per connection.
//   control     the same storm with a deliberately cheap scrypt hash (N=16, r=1): the difference is what the
//               scrypt verification at every upgrade costs. Not a production setting.
//   steady      10,000 chargers with heartbeats, sessions and meter values: frames/s and p99 charger call latency.
//   throughput  CSMS calls (cp.{id}.call → charger → CALLRESULT) through the edge vs a bare ws server, same fleet.
//
//   npm run build && node bench/ocpp-edge/edge.bench.mjs [--phases storm,control,steady,throughput] [--runs 3]
//        [--count 10000] [--tp-count 1000] [--concurrency 200] [--out bench/results/ocpp-edge.json]
import { execSync } from 'node:child_process';
import { randomBytes, scrypt as scryptCb } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import {
  cpuSecondsOf,
  dist,
  forkWorker,
  freePort,
  load1,
  machine,
  median,
  root,
  round,
  rssOf,
  sleep,
  tcpCounters,
  tcpCountersSince,
  waitUntil,
} from '../lib/bench-utils.mjs';

const { values } = parseArgs({
  options: {
    phases: { type: 'string', default: 'storm,control,steady,throughput' },
    runs: { type: 'string', default: '3' },
    count: { type: 'string', default: '10000' },
    'tp-count': { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '200' },
    'tp-seconds': { type: 'string', default: '15' },
    'steady-seconds': { type: 'string', default: '60' },
    'steady-clocks': { type: 'string', default: '2,10' },
    'steady-heartbeat': { type: 'string', default: '60' },
    settle: { type: 'string', default: '10000' },
    'storm-rate': { type: 'string', default: '1000000' },
    out: { type: 'string', default: join(root, 'bench/results/ocpp-edge.json') },
  },
});
const phases = values.phases.split(',');
const runs = Number(values.runs);
const count = Number(values.count);
const tpCount = Number(values['tp-count']);
const concurrency = Number(values.concurrency);
const tpSeconds = Number(values['tp-seconds']);
const steadySeconds = Number(values['steady-seconds']);
const steadyClocks = values['steady-clocks'].split(',').map(Number);
const steadyHeartbeat = Number(values['steady-heartbeat']);
const settleMs = Number(values.settle);
const stormRate = Number(values['storm-rate']);

const { NatsBus } = await import(dist('node_modules/@chargeplane/platform-messaging/index.js'));
const contracts = await import(dist('node_modules/@chargeplane/contracts-api/index.js'));
const { hashSecret, verifySecret } = await import(dist('node_modules/@chargeplane/platform-security/index.js'));
const { streams, subjects, ChargerAuthLookupRequest, ChargerAuthorizeRequest, TransactionStartRequest, NotFoundError } =
  contracts;

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PREFIX = `benchedge${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const PASSWORD = 'bench-edge-password-0123456789';
const ID_PREFIX = 'EDGEB-';
const log = (line) => process.stderr.write(`[edge-bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// ---- the profile-command side: auth lookup, Authorize, StartTransaction -------------------------------------------
const scrypt = promisify(scryptCb);
/** Same format as platform-security's hashSecret, but N=16, r=1: verifying costs microseconds. Control runs only. */
async function cheapHash(secret) {
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, 32, { N: 16, r: 1, p: 1 });
  return `scrypt$16$1$1$${salt.toString('hex')}$${hash.toString('hex')}`;
}
// One real hash for every charger (hashing 10,000 distinct passwords would cost minutes and measure nothing new:
// the edge verifies each upgrade against its charger's stored hash either way).
const realHash = await hashSecret(PASSWORD);
const controlHash = await cheapHash(PASSWORD);
const directory = { hash: realHash, heartbeatIntervalSeconds: 300 };
let nextTransactionId = 1;
const services = await NatsBus.connect({ url: NATS_URL, name: 'edge-bench-services', prefix: PREFIX });
const served = [
  services.serve(subjects.chargerAuth, ChargerAuthLookupRequest, async ({ chargerId }) => {
    if (!chargerId.startsWith(ID_PREFIX)) throw new NotFoundError(`charger ${chargerId} is not registered`);
    return {
      chargerId,
      tenantId: 'tenant-bench',
      model: 'zappi',
      credentialsHash: directory.hash,
      heartbeatIntervalSeconds: directory.heartbeatIntervalSeconds,
    };
  }),
  services.serve(subjects.transactionStart, TransactionStartRequest, async () => ({
    transactionId: nextTransactionId++,
    idTagInfo: { status: 'Accepted' },
  })),
  services.serve(subjects.chargerAuthorize, ChargerAuthorizeRequest, async () => ({
    idTagInfo: { status: 'Accepted' },
  })),
];

// ---- processes ------------------------------------------------------------------------------------------------------
const started = new Set();
async function track(workerPromise) {
  const worker = await workerPromise;
  started.add(worker);
  worker.exited.then(() => started.delete(worker));
  return worker;
}

async function startEdge(extraEnv = {}) {
  const port = await freePort();
  const metricsPort = await freePort();
  const env = {
    ...process.env,
    NATS_URL,
    NATS_PREFIX: PREFIX,
    EDGE_PORT: String(port),
    EDGE_HOST: '127.0.0.1',
    EDGE_METRICS_PORT: String(metricsPort),
    EDGE_ID: 'bench-edge',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  const edge = await track(
    forkWorker(join(root, 'bench/ocpp-edge/edge-process.mjs'), [], { env, execArgv: ['--expose-gc'] }),
  );
  return { ...edge, url: `ws://127.0.0.1:${edge.ready.port}/ocpp` };
}

function startSim(url, simCount, extra = {}) {
  const options = {
    url,
    count: simCount,
    idPrefix: ID_PREFIX,
    password: PASSWORD,
    connectRate: 1_000_000, // every connection started at once, unless a phase says otherwise
    seed: 'edge-bench',
    summaryEvery: 0,
    logLevel: 'error',
    // The connect timeout is the call timeout: long enough that a charger waiting behind thousands of scrypt
    // verifications is not counted as a failure by its own impatience (the figure reported is the wait itself).
    callTimeoutSeconds: 1800,
    ...extra,
  };
  return track(
    forkWorker(join(root, 'bench/lib/sim-process.mjs'), [JSON.stringify(options)], { readyTimeoutMs: 120_000 }),
  );
}

/** Polls the simulator until every charger booted; samples the edge's RSS meanwhile. */
async function untilAllBooted(sim, edgePid, timeoutMs) {
  let peakRss = 0;
  let report;
  await waitUntil(
    async () => {
      if (edgePid) peakRss = Math.max(peakRss, rssOf(edgePid) ?? 0);
      report = (await sim.request({ type: 'report' })).report;
      return report.allBootedAfterMs !== null;
    },
    { timeoutMs, everyMs: 500, what: 'every charger booted' },
  );
  return { report, peakRss };
}

const failuresOf = (r, chargers) => ({
  rejects: r.rejects,
  timeouts: r.timeouts,
  reconnects: Math.max(0, r.connects - chargers),
  disconnects: r.disconnects,
  notBooted: chargers - r.everBooted,
});
const sumFailures = (f) => f.rejects + f.timeouts + f.reconnects + f.disconnects + f.notBooted;

/** Messages in this run's OCPP_IN stream (facts the edge published and JetStream acked). */
async function storedFacts() {
  return (await services.jsm.streams.info(services.stream(streams.ocppIn.name))).state.messages;
}

async function withStream(fn) {
  await services.ensureStreams([streams.ocppIn]);
  try {
    return await fn();
  } finally {
    await services.deleteStreams([streams.ocppIn]);
  }
}

// ---- phases ---------------------------------------------------------------------------------------------------------
async function scryptCost() {
  const serial = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await verifySecret(PASSWORD, realHash);
    serial.push(performance.now() - t0);
  }
  const n = 40;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, () => verifySecret(PASSWORD, realHash)));
  const parallelMs = performance.now() - t0;
  return {
    serialMsPerVerify: round(median(serial)),
    parallelVerifiesPerSecond: round((n / parallelMs) * 1000),
    loadAvg1: load1(),
  };
}

async function stormRun(hash, label, edgeEnv = {}) {
  directory.hash = hash;
  directory.heartbeatIntervalSeconds = 300;
  return withStream(async () => {
    const edge = await startEdge(edgeEnv);
    let sim;
    try {
      await sleep(2000);
      const memBefore = (await edge.request({ type: 'memory', gc: true })).memory;
      const rssBefore = rssOf(edge.pid);
      const cpuBefore = cpuSecondsOf(edge.pid);
      const loadAvg1 = load1();
      const tcpBefore = tcpCounters();
      sim = await startSim(edge.url, count, { connectRate: stormRate });
      const { report, peakRss } = await untilAllBooted(sim, edge.pid, 45 * 60_000);
      const edgeCpuS = cpuSecondsOf(edge.pid) - cpuBefore;
      const tcp = tcpCountersSince(tcpBefore);
      await sleep(settleMs);
      const memAfter = (await edge.request({ type: 'memory', gc: true })).memory;
      const rssAfter = rssOf(edge.pid);
      const frames = (await edge.request({ type: 'frames' })).frames;
      const final = (await sim.request({ type: 'stop' })).report;
      const failures = failuresOf(final, count);
      const sample = {
        label,
        chargers: count,
        allBootedS: round(report.allBootedAfterMs / 1000),
        bootedPerSecond: round(count / (report.allBootedAfterMs / 1000)),
        failures: sumFailures(failures),
        failureDetail: failures,
        edgeErrors: frames.errors,
        bootLatencyP99Ms: report.latencyMs.p99,
        edgeCpuS: round(edgeCpuS),
        edgeCpuMsPerConnection: round((edgeCpuS * 1000) / count, 2),
        edgeRssBeforeMb: round(rssBefore / 1048576),
        edgeRssAfterMb: round(rssAfter / 1048576),
        edgePeakRssMb: round(peakRss / 1048576),
        rssKbPerConnection: round((rssAfter - rssBefore) / 1024 / count, 1),
        heapKbPerConnection: round((memAfter.heapUsed - memBefore.heapUsed) / 1024 / count, 1),
        heapTotalKbPerConnection: round((memAfter.heapTotal - memBefore.heapTotal) / 1024 / count, 1),
        externalKbPerConnection: round((memAfter.external - memBefore.external) / 1024 / count, 1),
        arrayBuffersKbPerConnection: round((memAfter.arrayBuffers - memBefore.arrayBuffers) / 1024 / count, 1),
        simRssMb: round(final.rssBytes / 1048576),
        tcpMachineWide: tcp,
        loadAvg1,
      };
      log(`${label}: ${JSON.stringify(sample)}`);
      return sample;
    } finally {
      await sim?.stop();
      await edge.stop();
    }
  });
}

async function steadyRun(steadyClock) {
  directory.hash = controlHash; // only the connect speed depends on the hash; it keeps the setup short
  directory.heartbeatIntervalSeconds = steadyHeartbeat;
  return withStream(async () => {
    const edge = await startEdge();
    let sim;
    try {
      // A gentle ramp (1,000 connections per second): the storm is measured on its own above.
      sim = await startSim(edge.url, count, {
        connectRate: 1000,
        clockSpeed: steadyClock,
        sessions: true,
        sessionMinutes: 10,
        idleMinutes: 5,
      });
      await untilAllBooted(sim, edge.pid, 15 * 60_000);
      await sleep(30_000); // sessions and heartbeats reach their steady mix
      const loadAvg1 = load1();
      const before = (await edge.request({ type: 'frames', resetLoop: true })).frames;
      const storedBefore = await storedFacts();
      const cpu = cpuMeter({ edge: edge.pid, sim: sim.pid, natsServer: natsServerPid });
      await sim.request({ type: 'window-start' });
      await sleep(steadySeconds * 1000);
      const window = await sim.request({ type: 'window-end' });
      const edgeEnd = await edge.request({ type: 'frames' });
      const after = edgeEnd.frames;
      const storedAfter = await storedFacts();
      const seconds = window.seconds;
      const sumBy = (frames, prefix) =>
        Object.entries(frames.byKind)
          .filter(([k]) => k.startsWith(prefix))
          .reduce((s, [, v]) => s + v, 0);
      const callsIn = sumBy(after, 'in.call.') - sumBy(before, 'in.call.');
      const actions = {};
      for (const [k, v] of Object.entries(after.byKind)) {
        if (!k.startsWith('in.call.')) continue;
        const d = v - (before.byKind[k] ?? 0);
        if (d > 0) actions[k.slice('in.call.'.length)] = round(d / seconds);
      }
      const sample = {
        chargers: count,
        clockSpeed: steadyClock,
        heartbeatIntervalSimS: steadyHeartbeat,
        seconds: round(seconds),
        framesPerSecond: round((after.in + after.out - before.in - before.out) / seconds),
        chargerCallsPerSecond: round(callsIn / seconds),
        callsPerSecondByAction: actions,
        latencyMs: window.latencyMs,
        simTimeouts: window.timeouts,
        simRejects: window.rejects,
        factsStoredPerSecond: round((storedAfter - storedBefore) / seconds),
        cpu: cpu.read(seconds, callsIn),
        edgeLoopDelayMs: edgeEnd.loopDelayMs,
        simLoopDelayMs: window.loopDelayMs,
        edgeRssMb: round(rssOf(edge.pid) / 1048576),
        edgeHeapMb: round(edgeEnd.memory.heapUsed / 1048576),
        edgeErrors: after.errors,
        loadAvg1,
      };
      log(`steady: ${JSON.stringify(sample)}`);
      return sample;
    } finally {
      await sim?.stop();
      await edge.stop();
    }
  });
}

// The CSMS call used for throughput: profile-command's own call, a TxDefaultProfile (the charger answers Accepted;
// after the first write the same profile is "unchanged", so the zappi write limiter never refuses it).
const tpPayload = {
  connectorId: 1,
  csChargingProfiles: {
    chargingProfileId: 7,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      startSchedule: '2026-01-01T00:00:00Z',
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 16 },
        { startPeriod: 3600, limit: 10 },
        { startPeriod: 7200, limit: 32 },
      ],
    },
  },
};
/** CPU used by each process over a window: percent of one core and ms per completed call. */
function cpuMeter(pids) {
  pids = Object.fromEntries(Object.entries(pids).filter(([, pid]) => pid));
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSecondsOf(pid)]));
  return {
    read(seconds, calls) {
      const out = {};
      for (const [name, pid] of Object.entries(pids)) {
        const used = cpuSecondsOf(pid) - before[name];
        out[name] = { percent: round((used / seconds) * 100), msPerCall: round((used * 1000) / calls, 3) };
      }
      return out;
    },
  };
}
const tidy = ({ id: _id, ...r }) => ({
  ...r,
  perSecond: round(r.perSecond),
  p50: round(r.p50, 2),
  p99: round(r.p99, 2),
});
// nats-server is shared with everything else on the machine: its CPU during a window is an upper bound for ours.
const natsServerPid = (() => {
  try {
    return Number(execSync('pgrep -o nats-server').toString().trim()) || null;
  } catch {
    return null;
  }
})();
const chargerIds = (n) => Array.from({ length: n }, (_, i) => `${ID_PREFIX}${String(i + 1).padStart(4, '0')}`);

async function throughputEdge() {
  directory.hash = controlHash;
  directory.heartbeatIntervalSeconds = 300;
  return withStream(async () => {
    const edge = await startEdge();
    let sim;
    let requester;
    try {
      sim = await startSim(edge.url, tpCount);
      await untilAllBooted(sim, null, 5 * 60_000);
      await sleep(3000);
      requester = await track(
        forkWorker(join(root, 'bench/ocpp-edge/nats-requester.mjs'), [], {
          env: { ...process.env, NATS_URL, NATS_PREFIX: PREFIX },
        }),
      );
      const drive = {
        type: 'drive',
        chargerIds: chargerIds(tpCount),
        concurrency,
        action: 'SetChargingProfile',
        payload: tpPayload,
      };
      await requester.request({ ...drive, durationMs: 3000 }); // warm-up
      const loadAvg1 = load1();
      const cpu = cpuMeter({ edge: edge.pid, requester: requester.pid, sim: sim.pid, natsServer: natsServerPid });
      const result = await requester.request({ ...drive, durationMs: tpSeconds * 1000 });
      const sample = {
        target: 'edge',
        chargers: tpCount,
        concurrency,
        ...tidy(result),
        cpu: cpu.read(result.seconds, result.ok),
        loadAvg1,
      };
      log(`throughput edge: ${JSON.stringify(sample)}`);
      return sample;
    } finally {
      await requester?.stop();
      await sim?.stop();
      await edge.stop();
    }
  });
}

async function throughputBare() {
  const server = await track(
    forkWorker(join(root, 'bench/ocpp-edge/bare-server.mjs'), [], {
      env: { ...process.env, HEARTBEAT_INTERVAL_S: '300' },
    }),
  );
  let sim;
  try {
    sim = await startSim(`ws://127.0.0.1:${server.ready.port}/ocpp`, tpCount);
    await untilAllBooted(sim, null, 5 * 60_000);
    await sleep(3000);
    const drive = {
      type: 'drive',
      chargerIds: chargerIds(tpCount),
      concurrency,
      action: 'SetChargingProfile',
      payload: tpPayload,
    };
    await server.request({ ...drive, durationMs: 3000 });
    const loadAvg1 = load1();
    const cpu = cpuMeter({ server: server.pid, sim: sim.pid });
    const result = await server.request({ ...drive, durationMs: tpSeconds * 1000 });
    const sample = {
      target: 'bare-ws',
      chargers: tpCount,
      concurrency,
      ...tidy(result),
      cpu: cpu.read(result.seconds, result.ok),
      loadAvg1,
    };
    log(`throughput bare: ${JSON.stringify(sample)}`);
    return sample;
  } finally {
    await sim?.stop();
    await server.stop();
  }
}

// ---- main -----------------------------------------------------------------------------------------------------------
const results = {
  benchmark: 'ocpp-edge',
  at: new Date().toISOString(),
  machine: machine(),
  params: {
    runs,
    count,
    tpCount,
    concurrency,
    tpSeconds,
    steadySeconds,
    steadyClocks,
    steadyHeartbeat,
    settleMs,
    stormRate,
    natsPrefix: PREFIX,
  },
  notes: [
    'Every charger is registered with the same scrypt hash (N=16384, r=8, p=1, as platform-security hashes) to avoid minutes of hashing at setup; the edge still verifies it at every upgrade.',
    'control runs use a deliberately cheap scrypt hash (N=16, r=1) to isolate the cost of the verification; not a production setting.',
  ],
};

async function cleanup() {
  for (const worker of [...started]) await worker.stop(5000).catch(() => undefined);
  for (const s of served) s.unsubscribe();
  await services.deleteStreams([streams.ocppIn]);
  await services.close();
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void cleanup().finally(() => process.exit(130)));

const save = () => {
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
};

try {
  results.scrypt = await scryptCost();
  log(`scrypt: ${JSON.stringify(results.scrypt)}`);
  for (let run = 1; run <= runs; run++) {
    if (phases.includes('storm')) (results.storm ??= []).push(await stormRun(realHash, `storm run ${run}`));
    save();
    if (phases.includes('control')) (results.control ??= []).push(await stormRun(controlHash, `control run ${run}`));
    save();
    if (phases.includes('steady'))
      for (const clock of steadyClocks) (results.steady ??= []).push(await steadyRun(clock));
    save();
    if (phases.includes('backlog-ab')) {
      // The same cheap-hash storm against the edge with Node's default accept queue (511) and with the fix (4096).
      (results.backlog511 ??= []).push(
        await stormRun(controlHash, `backlog 511 run ${run}`, { BENCH_FORCE_BACKLOG: '511' }),
      );
      (results.backlog4096 ??= []).push(await stormRun(controlHash, `backlog 4096 run ${run}`));
    }
    save();
    if (phases.includes('throughput')) {
      (results.throughputEdge ??= []).push(await throughputEdge());
      (results.throughputBare ??= []).push(await throughputBare());
    }
    save();
  }
  const m = (xs, key) => (xs ? median(xs.map((x) => x[key])) : null);
  results.medians = {
    storm: results.storm && {
      allBootedS: m(results.storm, 'allBootedS'),
      bootedPerSecond: m(results.storm, 'bootedPerSecond'),
      failures: Math.max(...results.storm.map((s) => s.failures)),
      edgeCpuMsPerConnection: m(results.storm, 'edgeCpuMsPerConnection'),
      rssKbPerConnection: m(results.storm, 'rssKbPerConnection'),
      heapKbPerConnection: m(results.storm, 'heapKbPerConnection'),
      edgePeakRssMb: m(results.storm, 'edgePeakRssMb'),
    },
    control: results.control && {
      allBootedS: m(results.control, 'allBootedS'),
      bootedPerSecond: m(results.control, 'bootedPerSecond'),
      failures: Math.max(...results.control.map((s) => s.failures)),
      edgeCpuMsPerConnection: m(results.control, 'edgeCpuMsPerConnection'),
      rssKbPerConnection: m(results.control, 'rssKbPerConnection'),
      heapKbPerConnection: m(results.control, 'heapKbPerConnection'),
    },
    steady:
      results.steady &&
      steadyClocks.map((clock) => {
        const xs = results.steady.filter((s) => s.clockSpeed === clock);
        return {
          clockSpeed: clock,
          framesPerSecond: m(xs, 'framesPerSecond'),
          chargerCallsPerSecond: m(xs, 'chargerCallsPerSecond'),
          p50Ms: median(xs.map((s) => s.latencyMs.p50)),
          p99Ms: median(xs.map((s) => s.latencyMs.p99)),
          edgeLoopDelayP99Ms: median(xs.map((s) => s.edgeLoopDelayMs.p99)),
          simLoopDelayP99Ms: median(xs.map((s) => s.simLoopDelayMs.p99)),
          edgeCpuPercent: median(xs.map((s) => s.cpu.edge.percent)),
          failures: Math.max(...xs.map((s) => s.simTimeouts + s.simRejects)),
        };
      }),
    throughput: results.throughputEdge && {
      edgePerSecond: m(results.throughputEdge, 'perSecond'),
      barePerSecond: m(results.throughputBare, 'perSecond'),
      ratio: round(m(results.throughputEdge, 'perSecond') / m(results.throughputBare, 'perSecond'), 3),
      edgeP99Ms: round(m(results.throughputEdge, 'p99')),
      bareP99Ms: round(m(results.throughputBare, 'p99')),
    },
  };
  if (results.backlog511) {
    const ab = (xs) => ({
      allBootedS: m(xs, 'allBootedS'),
      bootLatencyP99Ms: m(xs, 'bootLatencyP99Ms'),
      listenOverflows: median(xs.map((x) => x.tcpMachineWide.listenOverflows)),
      synRetrans: median(xs.map((x) => x.tcpMachineWide.synRetrans)),
    });
    results.medians.backlog = { default511: ab(results.backlog511), fixed4096: ab(results.backlog4096) };
  }
  if (results.medians.storm && results.medians.control) {
    results.medians.scryptCostPerUpgrade = {
      edgeCpuMs: round(
        results.medians.storm.edgeCpuMsPerConnection - results.medians.control.edgeCpuMsPerConnection,
        2,
      ),
      wallClockS: round(results.medians.storm.allBootedS - results.medians.control.allBootedS),
    };
  }
  save();
  console.log(JSON.stringify(results.medians, null, 2));
} finally {
  await cleanup();
}
