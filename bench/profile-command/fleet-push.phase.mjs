// The fleet phase of the profile-command benchmark: N zappi chargers registered through POST /v1/chargers/bulk
// (platform-generated keys, handed to the simulator in a passwords file; the set-up time is reported), connected with
// the simulator fleet, then POST /v1/charging-profile-assignments {tag} and the progress polled until every charger
// confirmed, with the CPU of every process, the backlogs, the twin lag and (with --count-queries) the statements.
import {
  dist,
  load1,
  monotonicUs,
  peakRssOf,
  percentile,
  round,
  rssOf,
  sleep,
  waitUntil,
} from '../lib/bench-utils.mjs';
import { fleetIds, fleetParts, writePasswordsFile } from './fleet-setup.mjs';
import { countsSince } from './summaries.mjs';
import { countBusTraffic } from './bus-traffic.mjs';
import { recordTwinLag } from './twin-lag.mjs';
import { vacuumRunTables } from './vacuum.mjs';

const { subjects } = await import(dist('node_modules/@chargeplane/contracts-api/index.js'));

// Every fleet id is padded to the widest size's width (FLEET-00001 … FLEET-10000), so the first 1,000 of the
// 10,000 are the 1,000 fleet's chargers.
const fleetWidthOf = (sizes) => Math.max(4, String(Math.max(...sizes)).length);

/** The fleet's simulators: one process per edge replica, each with its block of the fleet and their keys. */
async function startFleetSims(ctx, size) {
  const { platform, replicas, keysDir, passwords, simProcess } = ctx;
  const parts = fleetParts({
    prefix: 'FLEET-',
    width: fleetWidthOf(ctx.sizes),
    size,
    urls: platform.ocppUrls,
    parts: replicas,
  });
  const sims = [];
  for (const [i, part] of parts.entries()) {
    const { ids, ...options } = part;
    const passwordsFile = writePasswordsFile(keysDir, `fleet-${size}-${i + 1}.json`, passwords, ids);
    sims.push(
      await simProcess({ ...options, passwordsFile, connectRate: 500 / parts.length, callTimeoutSeconds: 600 }),
    );
  }
  return {
    pids: Object.fromEntries(sims.map((s, i) => [`sim#${i + 1}`, s.pid])),
    async report() {
      const reports = await Promise.all(sims.map(async (s) => (await s.request({ type: 'report' })).report));
      return {
        allBooted: reports.every((r) => r.allBootedAfterMs !== null),
        callsIn: reports.reduce((sum, r) => sum + r.callsIn, 0),
      };
    },
    stop: () => Promise.all(sims.map((s) => s.stop())),
  };
}

/** Chargers of the fleet whose configuration was read on their current connection (writes wait for that). */
async function readyChargers(db) {
  const { rows } = await db.query(
    `SELECT count(*) AS n FROM (
       SELECT stream_id,
              max(stream_version) FILTER (WHERE type = 'ChargerConnected') AS connected,
              max(stream_version) FILTER (WHERE type = 'ChargerDisconnected') AS disconnected,
              max(stream_version) FILTER (WHERE type = 'ChargerConfigurationReported') AS configured
         FROM events WHERE stream_id LIKE 'charger-FLEET-%' GROUP BY stream_id) s
      WHERE configured > connected AND (disconnected IS NULL OR disconnected < connected)`,
  );
  return Number(rows[0].n);
}

/**
 * Registers the chargers `size` needs beyond the `registered` ones, connects the fleet, then makes `ctx.runs` pushes
 * to the chargers tagged `tag` and answers the samples. `ctx` is what the benchmark's main module holds: `api`, `bus`,
 * `db`, `platform`, `register`, `passwords`, `keysDir`, `simProcess`, `cpuMeter`, `consumerBacklog`, `outboxSize`,
 * `queryCounts`, `queryCountDir`, `replicaOf`, `replicaProcesses`, `profile`, `log`, `save`, `runs`, `sizes`,
 * `replicas`, `autovacuum`, `pushTimeoutMs`, `pauseProjections`, `busLag`, `countMessages`.
 */
export async function fleetPush(ctx, key, tenantId, size, registered, tag) {
  const { api, bus, db, register, cpuMeter, consumerBacklog, outboxSize, queryCounts, queryCountDir } = ctx;
  const { replicaOf, replicaProcesses, profile, log, save, runs, sizes, replicas, autovacuum, pushTimeoutMs } = ctx;
  const out = { chargers: size };
  if (registered < size) {
    // Each charger carries the tag of every fleet size it belongs to (the first 1,000 are in the 10,000 too).
    out.registration = await register(
      key,
      fleetIds('FLEET-', fleetWidthOf(sizes), registered + 1, size),
      'zappi',
      sizes.filter((s) => s >= size).map((s) => `up-to-${s}`),
    );
    log(`registered ${size - registered} zappi chargers: ${JSON.stringify(out.registration)}`);
  }
  const t0 = performance.now();
  const sim = await startFleetSims(ctx, size);
  try {
    await waitUntil(async () => (await sim.report()).allBooted, {
      timeoutMs: 30 * 60_000,
      everyMs: 1000,
      what: 'every fleet charger booted',
    });
    const bootedS = (performance.now() - t0) / 1000;
    await waitUntil(async () => (await readyChargers(db)) >= size, {
      timeoutMs: 30 * 60_000,
      everyMs: 2000,
      what: 'every fleet charger configured',
    });
    const configuredS = (performance.now() - t0) / 1000;
    await waitUntil(
      async () => Object.values(await consumerBacklog()).every((n) => n === 0) && (await outboxSize()) === 0,
      { timeoutMs: 30 * 60_000, everyMs: 2000, what: 'every consumer drained' },
    );
    out.connect = {
      bootedS: round(bootedS),
      configuredS: round(configuredS),
      drainedS: round((performance.now() - t0) / 1000),
    };
    log(`fleet ${size} connected: ${JSON.stringify(out.connect)}`);
    out.pushes = [];
    for (let run = 1; run <= runs; run++) {
      await sleep(3000);
      const vacuumMs = autovacuum ? null : await vacuumRunTables(db);
      if (vacuumMs !== null) log(`fleet ${size} push ${run}: the run's tables vacuumed first (${round(vacuumMs)} ms)`);
      const limit = 6 + ((Math.round(size / 1000) + run * 3) % 20); // a different profile on every push
      const loadAvg1 = load1();
      const cpu = cpuMeter(sim.pids);
      const eventsBefore = Number((await db.query('SELECT count(*) AS n FROM events')).rows[0].n);
      const simBefore = await sim.report();
      const queriesBefore = await queryCounts();
      const paused = ctx.pauseProjections ? ['device-twin', 'compliance-gb', 'kafka-bridge'].map(replicaOf) : [];
      for (const child of paused) child.kill('SIGSTOP');
      const twinLag = recordTwinLag({
        bus,
        subjects,
        tenantId,
        db,
        streamPrefix: 'FLEET-',
        busLag: ctx.busLag,
      });
      const traffic = ctx.countMessages ? countBusTraffic(bus) : null;
      const tPost = performance.now();
      const windowFromUs = monotonicUs();
      const created = await api('POST', '/v1/charging-profile-assignments', key, { tag, ...profile(100, limit) });
      const postMs = performance.now() - tPost;
      if (created.status !== 202)
        throw new Error(`assignment answered ${created.status} ${JSON.stringify(created.body)}`);
      const { assignmentId } = created.body;
      const timeline = [];
      let progress;
      let maxOutbox = 0;
      let maxBacklog = {};
      const deadline = tPost + pushTimeoutMs;
      for (let i = 0; ; i++) {
        progress = (await api('GET', `/v1/charging-profile-assignments/${assignmentId}`, key)).body;
        const t = (performance.now() - tPost) / 1000;
        const point = {
          t: round(t, 2),
          completed: progress.completed,
          confirmed: progress.byStatus.confirmed ?? 0,
          dispatched: progress.byStatus.dispatched ?? 0,
          pending: progress.byStatus.pending ?? 0,
        };
        if (i % 5 === 0) {
          point.outbox = await outboxSize();
          point.backlog = await consumerBacklog();
          maxOutbox = Math.max(maxOutbox, point.outbox);
          for (const [k, v] of Object.entries(point.backlog)) maxBacklog[k] = Math.max(maxBacklog[k] ?? 0, v);
        }
        timeline.push(point);
        if (progress.completed >= progress.total || performance.now() > deadline) break;
        await sleep(200);
      }
      const allConfirmedS = (performance.now() - tPost) / 1000;
      const cpuProfileWindowUs = [windowFromUs, monotonicUs()];
      const cpuPercent = cpu();
      for (const child of paused) child.kill('SIGCONT');
      const { rows } = await db.query(
        `SELECT extract(epoch FROM (t.updated_at - a.created_at)) * 1000 AS ms FROM assignment_targets t JOIN assignments a USING (assignment_id)
          WHERE assignment_id = $1 AND t.status = 'confirmed'`,
        [assignmentId],
      );
      const perCharger = rows.map((r) => Number(r.ms));
      const eventsAfter = Number((await db.query('SELECT count(*) AS n FROM events')).rows[0].n);
      const simAfter = await sim.report();
      const confirmed = progress.byStatus.confirmed ?? 0;
      // Measured after the projections caught up, so the statements of the twin and compliance are all in.
      const queriesAfterDrain = async () => {
        await waitUntil(
          async () => Object.values(await consumerBacklog()).every((n) => n === 0) && (await outboxSize()) === 0,
          { timeoutMs: 20 * 60_000, everyMs: 2000, what: 'consumers drained' },
        );
        return countsSince(queriesBefore, await queryCounts());
      };
      const sample = {
        run,
        chargers: size,
        postMs: round(postMs),
        total: progress.total,
        confirmed,
        completed: progress.completed,
        byStatus: progress.byStatus,
        problems: progress.problems?.slice(0, 5),
        allConfirmedS: round(allConfirmedS, 2),
        confirmedPerSecond: round(confirmed / allConfirmedS),
        perChargerMs: {
          p50: round(percentile(perCharger, 50)),
          p90: round(percentile(perCharger, 90)),
          p99: round(percentile(perCharger, 99)),
          max: round(Math.max(...perCharger)),
        },
        eventsAppended: eventsAfter - eventsBefore,
        eventsPerSecond: round((eventsAfter - eventsBefore) / allConfirmedS),
        simCallsIn: simAfter.callsIn - simBefore.callsIn,
        maxOutbox,
        maxBacklog,
        cpuPercent,
        rssMb: Object.fromEntries(replicaProcesses().map(([n, c]) => [n, round((rssOf(c.pid) ?? 0) / 1048576)])),
        peakRssMb: Object.fromEntries(
          replicaProcesses().map(([n, c]) => [n, round((peakRssOf(c.pid) ?? 0) / 1048576)]),
        ),
        loadAvg1,
        loadAvg1After: load1(),
        replicas,
        cpuProfileWindowUs,
        projectionsPaused: paused.length > 0,
        timeline: timeline.filter((_, i) => i % 5 === 0 || i === timeline.length - 1),
      };
      if (queryCountDir) {
        const q = await queriesAfterDrain();
        sample.statementsPerConfirmedCharger = Object.fromEntries(
          Object.entries(q).map(([k, v]) => [k, round(v / confirmed, 1)]),
        );
      }
      await waitUntil(
        async () => Object.values(await consumerBacklog()).every((n) => n === 0) && (await outboxSize()) === 0,
        { timeoutMs: 20 * 60_000, everyMs: 1000, what: 'consumers drained after the push' },
      );
      await sleep(500); // the last twin.changed messages in flight
      if (traffic) sample.busMessagesPerConfirmedCharger = traffic.stop(confirmed);
      sample.twinLag = await twinLag.lag();
      twinLag.stop();
      const { timeline: _t, maxBacklog: _b, ...brief } = sample;
      log(`fleet ${size} push ${run}: ${JSON.stringify(brief)}`);
      out.pushes.push(sample);
      save();
      // Let the projections catch up before the next push, so each push starts from a quiet platform.
      await waitUntil(
        async () => Object.values(await consumerBacklog()).every((n) => n === 0) && (await outboxSize()) === 0,
        { timeoutMs: 20 * 60_000, everyMs: 2000, what: 'consumers drained after the push' },
      );
    }
    return out;
  } finally {
    await sim.stop();
  }
}
