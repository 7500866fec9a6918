// The single-command phase of the profile-command benchmark: one generic-ocpp16 charger (no write budget), unloaded.
// Each change is a PUT of a changed profile, timestamped as it goes through the platform: the PUT answered (202), the
// charger's Accepted reaching the platform (the edge's CallResult fact on OCPP_IN), ChargingProfileAccepted on
// CHARGER_EVENTS (event store → outbox → JetStream), the twin in-sync (twin.changed), and a GET that shows it in-sync.
import { dist, load1, monotonicUs, percentile, round, sleep, waitUntil } from '../lib/bench-utils.mjs';

const { subjects } = await import(dist('node_modules/@chargeplane/contracts-api/index.js'));

/**
 * Runs `ctx.runs` runs of `ctx.changes` changes and answers one sample per run. `ctx` is what the benchmark's main
 * module holds: `api`, `bus`, `platform`, `register`, `passwords`, `simProcess`, `cpuMeter`, `profile`, `log`, `save`.
 */
export async function singleCommand(ctx, key, tenantId) {
  const { api, bus, platform, register, passwords, simProcess, cpuMeter, profile, log, save, runs, changes } = ctx;
  const chargerId = 'GEN-BENCH-0001';
  await register(key, [chargerId], 'generic-ocpp16', ['single']);
  const sim = await simProcess({
    url: platform.ocppUrl,
    id: chargerId,
    password: passwords[chargerId],
    model: 'generic-ocpp16',
  });
  const waiters = { fact: [], event: [], twin: [] };
  const deliver = (kind, value) => {
    for (const w of [...waiters[kind]]) if (w.match(value)) w.resolve(performance.now());
  };
  const subs = [
    bus.nc.subscribe(bus.subject(subjects.ocppIn(chargerId, 'CallResult')), {
      callback: (_e, m) => deliver('fact', m.json()),
    }),
    bus.nc.subscribe(bus.subject(subjects.chargerEvents(chargerId)), {
      callback: (_e, m) => deliver('event', m.json()),
    }),
    bus.nc.subscribe(bus.subject(subjects.twinChanged(tenantId)), { callback: (_e, m) => deliver('twin', m.json()) }),
  ];
  await bus.nc.flush();
  const waitFor = (kind, match, timeoutMs = 15_000) =>
    new Promise((resolve, reject) => {
      const w = {
        match,
        resolve: (t) => {
          clearTimeout(timer);
          waiters[kind] = waiters[kind].filter((x) => x !== w);
          resolve(t);
        },
      };
      const timer = setTimeout(() => {
        waiters[kind] = waiters[kind].filter((x) => x !== w);
        reject(new Error(`no ${kind} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters[kind].push(w);
    });
  const limitOf = (p) => p?.chargingSchedule?.chargingSchedulePeriod?.[0]?.limit;
  const twinInSync = (twin, limit) =>
    twin.profiles.some((p) => p.chargingProfileId === 100 && p.sync === 'in-sync' && limitOf(p.confirmed) === limit);

  /** One change, end to end; every waiter is armed before the PUT. */
  async function change(limit) {
    const accepted = waitFor(
      'fact',
      (f) =>
        f.request?.action === 'SetChargingProfile' &&
        limitOf(f.request.payload?.csChargingProfiles) === limit &&
        f.response?.status === 'Accepted',
    );
    const event = waitFor('event', (e) => e.type === 'ChargingProfileAccepted' && e.data?.chargingProfileId === 100);
    const twin = waitFor('twin', (c) => c.chargerId === chargerId && twinInSync(c.twin, limit));
    const t0 = performance.now();
    const put = await api('PUT', `/v1/chargers/${chargerId}/charging-profiles/100`, key, profile(100, limit));
    const tPut = performance.now();
    if (put.status !== 202 || put.body.status !== 'dispatched')
      throw new Error(`PUT answered ${put.status} ${JSON.stringify(put.body)}`);
    const [tAccepted, tEvent, tTwin] = await Promise.all([accepted, event, twin]);
    const get = await api('GET', `/v1/chargers/${chargerId}`, key);
    const tGet = performance.now();
    if (!twinInSync(get.body, limit))
      throw new Error(`GET after twin.changed is not in-sync: ${JSON.stringify(get.body.profiles)}`);
    return {
      put: tPut - t0,
      accepted: tAccepted - t0,
      event: tEvent - t0,
      twin: tTwin - t0,
      get: tGet - t0,
      getAlone: tGet - tTwin,
    };
  }

  try {
    // Connected, booted and configuration read: the first change goes through only then.
    await waitUntil(async () => (await api('GET', `/v1/chargers/${chargerId}`, key)).body?.connected === true, {
      timeoutMs: 60_000,
      what: 'the charger connected',
    });
    let limit = 6;
    const next = () => (limit = limit >= 30 ? 6 : limit + 1);
    await waitUntil(
      async () =>
        change(next()).then(
          () => true,
          () => false,
        ),
      { timeoutMs: 60_000, everyMs: 500, what: 'a first change in sync' },
    );
    for (let i = 0; i < 10; i++) await change(next()); // warm-up
    const samples = [];
    for (let run = 1; run <= runs; run++) {
      const loadAvg1 = load1();
      const cpu = cpuMeter({ sim: sim.pid });
      const windowFromUs = monotonicUs();
      const xs = [];
      let failures = 0;
      for (let i = 0; i < changes; i++) {
        try {
          xs.push(await change(next()));
        } catch (error) {
          failures++;
          log(`single change failed: ${error.message}`);
        }
        await sleep(10);
      }
      const stat = (key) => {
        const values = xs.map((x) => x[key]);
        const at = (p) => round(percentile(values, p), 2);
        return { p50: at(50), p90: at(90), p99: at(99), max: round(Math.max(...values), 2) };
      };
      const sample = {
        run,
        changes: xs.length,
        failures,
        putToHttp202Ms: stat('put'),
        putToAcceptedMs: stat('accepted'),
        putToAcceptedEventMs: stat('event'),
        putToTwinInSyncMs: stat('twin'),
        putToGetInSyncMs: stat('get'),
        getAloneMs: stat('getAlone'),
        cpuPercent: cpu(),
        loadAvg1,
        cpuProfileWindowUs: [windowFromUs, monotonicUs()],
      };
      log(`single run ${run}: ${JSON.stringify(sample)}`);
      samples.push(sample);
      save();
    }
    return samples;
  } finally {
    for (const s of subs) s.unsubscribe();
    await sim.stop();
  }
}
