// ocpp-edge benchmark. A real ocpp-edge (own process, `startEdge` from dist, launched with its production runtime
// environment deploy/ocpp-edge.env), the charger-sim fleet (own process), and profile-command's three request/reply
// services answered by a small NATS responder in this process. Isolated by a per-run NATS prefix (its own OCPP_IN
// stream, deleted afterwards). Phases, each in its own file:
//
//   storm, storm-scrypt,   connect.phase.mjs: time until every charger booted, failures, edge CPU per upgrade, and
//   control, ramp          memory per connection after the storm (generated keys under HMAC / one chosen password
//                          under scrypt / cheap hash) and after a ramped connect.
//   steady                 steady.phase.mjs: 10,000 chargers with heartbeats, sessions and meter values.
//   throughput             throughput.phase.mjs: CSMS calls through the edge vs a bare ws server, same fleet.
//   backlog-ab             (not in the default list) the cheap-hash storm with Node's default accept queue vs 4096.
//
//   npm run build && node bench/ocpp-edge/edge.bench.mjs [--phases storm,control,ramp,steady,throughput] [--runs 3]
//        (storm-scrypt is not in the default list)
//        [--count 10000] [--ramp-rate 500] [--settle 10000] [--tp-count 1000] [--concurrency 200]
//        [--out bench/results/ocpp-edge.json]
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { machine } from '../lib/bench-utils.mjs';
import { benchOptions } from './bench-options.mjs';
import { benchProcesses } from './bench-processes.mjs';
import { connectRun } from './connect.phase.mjs';
import { startDirectoryStub } from './directory-stub.mjs';
import { edgeRuntimeEnv } from './edge-runtime.mjs';
import { medians } from './medians.mjs';
import { scryptCost } from './scrypt-cost.mjs';
import { steadyRun } from './steady.phase.mjs';
import { throughputBare, throughputEdge } from './throughput.phase.mjs';

const options = benchOptions();
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const PREFIX = `benchedge${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
const log = (line) => process.stderr.write(`[edge-bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const stub = await startDirectoryStub(NATS_URL, PREFIX);
const processes = benchProcesses(NATS_URL, PREFIX);
const ctx = { options, stub, processes, log };
const { runs, phases } = options;
const runtime = edgeRuntimeEnv({});

const results = {
  benchmark: 'ocpp-edge',
  at: new Date().toISOString(),
  machine: machine(),
  params: { ...options, natsPrefix: PREFIX },
  edgeRuntime: { NODE_OPTIONS: runtime.NODE_OPTIONS ?? null, ...malloc(runtime) },
  notes: [
    'storm: every charger has its own platform-generated key (CredentialHasher.newChargerCredential), stored as HMAC-SHA-256 under the pepper; the edge verifies it at every upgrade.',
    'storm-scrypt: every charger is registered with the same chosen password under scrypt (N=16384, r=8, p=1, as platform-security hashes chosen passwords) to avoid minutes of hashing at setup; the edge still verifies it at every upgrade.',
    'control and ramp runs use a deliberately cheap scrypt hash (N=16, r=1): control isolates the cost of the verification, ramp lets connections arrive at the ramp rate instead of queueing behind scrypt; not a production setting.',
    'Memory per connection: (edge memory with the fleet connected − the same edge idle before it) / connections the edge holds, each read after the settle time and two forced full GCs (edge runs with --expose-gc). It includes what a loaded edge keeps and an idle one has not grown yet (V8 young generation, pooled heap pages, malloc arenas), so it is not a pure marginal cost.',
  ],
};

function malloc(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('MALLOC_')));
}

function save() {
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
}

async function cleanup() {
  await processes.stopAll();
  await stub.close();
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void cleanup().finally(() => process.exit(130)));

const push = (key, sample) => (results[key] ??= []).push(sample);
try {
  results.scrypt = await scryptCost(stub.realHash);
  log(`scrypt: ${JSON.stringify(results.scrypt)}`);
  for (let run = 1; run <= runs; run++) {
    const connect = (label, hash, connectRate, edgeEnv, fleet) =>
      connectRun(ctx, { label: `${label} run ${run}`, hash, connectRate, edgeEnv, fleet });
    if (phases.includes('storm')) {
      const fleet = await stub.generatedFleet(options.count);
      push('storm', await connect('storm', stub.realHash, options.stormRate, {}, fleet));
    }
    if (phases.includes('storm-scrypt'))
      push('stormScrypt', await connect('storm-scrypt', stub.realHash, options.stormRate));
    if (phases.includes('control')) push('control', await connect('control', stub.controlHash, options.stormRate));
    if (phases.includes('ramp')) push('ramp', await connect('ramp', stub.controlHash, options.rampRate));
    save();
    if (phases.includes('steady'))
      for (const clock of options.steadyClocks) push('steady', await steadyRun(ctx, clock));
    save();
    if (phases.includes('backlog-ab')) {
      push(
        'backlog511',
        await connect('backlog 511', stub.controlHash, options.stormRate, { BENCH_FORCE_BACKLOG: '511' }),
      );
      push('backlog4096', await connect('backlog 4096', stub.controlHash, options.stormRate));
    }
    if (phases.includes('throughput')) {
      push('throughputEdge', await throughputEdge(ctx));
      push('throughputBare', await throughputBare(ctx));
    }
    save();
  }
  results.medians = medians(results, options.steadyClocks);
  save();
  console.log(JSON.stringify(results.medians, null, 2));
} finally {
  await cleanup();
}
