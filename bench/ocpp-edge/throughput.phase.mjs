// Throughput phase: CSMS calls (cp.{id}.call → charger → CALLRESULT) through the edge, and the same frames through a
// bare ws server with the same fleet, as the baseline the edge's own work is compared with.
import { load1, round, sleep } from '../lib/bench-utils.mjs';
import { untilAllBooted } from './bench-processes.mjs';
import { cpuMeter, natsServerPid } from './cpu-meter.mjs';
import { ID_PREFIX } from './directory-stub.mjs';

// profile-command's own call, a TxDefaultProfile (the charger answers Accepted; after the first write the same
// profile is "unchanged", so the zappi write limiter never refuses it).
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

const chargerIds = (n) => Array.from({ length: n }, (_, i) => `${ID_PREFIX}${String(i + 1).padStart(4, '0')}`);
const tidy = ({ id: _id, ...r }) => ({
  ...r,
  perSecond: round(r.perSecond),
  p50: round(r.p50, 2),
  p99: round(r.p99, 2),
});

/** Warms up for 3 s, then drives calls for the measuring window through `driver` (an IPC worker that answers `drive`). */
async function drive(ctx, driver, cpuPids, target) {
  const { tpCount, concurrency, tpSeconds } = ctx.options;
  const request = { type: 'drive', chargerIds: chargerIds(tpCount), concurrency, action: 'SetChargingProfile' };
  await driver.request({ ...request, payload: tpPayload, durationMs: 3000 });
  const loadAvg1 = load1();
  const cpu = cpuMeter(cpuPids);
  const result = await driver.request({ ...request, payload: tpPayload, durationMs: tpSeconds * 1000 });
  const sample = { target, chargers: tpCount, concurrency, ...tidy(result), cpu: cpu.read(result.seconds, result.ok) };
  ctx.log(`throughput ${target}: ${JSON.stringify({ ...sample, loadAvg1 })}`);
  return { ...sample, loadAvg1 };
}

/** Calls through NATS and the edge. */
export async function throughputEdge(ctx) {
  const { stub, processes, options } = ctx;
  stub.directory.hash = stub.controlHash;
  stub.directory.hashes = null;
  stub.directory.heartbeatIntervalSeconds = 300;
  return stub.withStream(async () => {
    const edge = await processes.startEdge();
    let sim;
    let requester;
    try {
      sim = await processes.startSim(edge.url, options.tpCount);
      await untilAllBooted(sim, null, 5 * 60_000);
      await sleep(3000);
      requester = await processes.startRequester();
      const pids = { edge: edge.pid, requester: requester.pid, sim: sim.pid, natsServer: natsServerPid };
      return await drive(ctx, requester, pids, 'edge');
    } finally {
      await requester?.stop();
      await sim?.stop();
      await edge.stop();
    }
  });
}

/** The same calls sent by a bare ws server to the same fleet. */
export async function throughputBare(ctx) {
  const server = await ctx.processes.startBareServer();
  let sim;
  try {
    sim = await ctx.processes.startSim(`ws://127.0.0.1:${server.ready.port}/ocpp`, ctx.options.tpCount);
    await untilAllBooted(sim, null, 5 * 60_000);
    await sleep(3000);
    return await drive(ctx, server, { server: server.pid, sim: sim.pid }, 'bare-ws');
  } finally {
    await sim?.stop();
    await server.stop();
  }
}
