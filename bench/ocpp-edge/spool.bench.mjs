// The edge's spool (apps/ocpp-edge/src/spool/fact-spool.ts) on this machine's disk: how many facts per second it
// makes durable while JetStream is away (appends from many chargers at once, each answered only once its fact is
// fsynced) and how many it hands back per second when draining (read + remove in batches of 64, as DurableFacts
// does, without the JetStream publish).
// `node bench/ocpp-edge/spool.bench.mjs [facts] [runs]` after `npm run build`; writes bench/results/ocpp-edge-spool.json.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dist, load1, machine, median, root, round } from '../lib/bench-utils.mjs';

const { FactSpool } = await import(dist('apps/ocpp-edge/src/spool/fact-spool.js'));
const facts = Number(process.argv[2] ?? 2000);
const runs = Number(process.argv[3] ?? 3);

/** A MeterValues fact of the size chargers send every minute. */
function meterValues(n) {
  const at = new Date().toISOString();
  return {
    subject: `ocpp.in.CP-${n % 500}.MeterValues`,
    fact: {
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      context: {
        tenantId: 't',
        chargerId: `CP-${n % 500}`,
        edgeId: 'bench',
        connectionId: 'c',
        receivedAt: at,
        messageId: `m${n}`,
      },
      action: 'MeterValues',
      request: {
        connectorId: 1,
        meterValue: [
          { timestamp: at, sampledValue: [{ value: '1234.5', measurand: 'Energy.Active.Import.Register' }] },
        ],
      },
      response: {},
    },
  };
}

const results = [];
for (let run = 0; run < runs; run++) {
  const dir = await mkdtemp(join(root, '.local', 'spool-bench-'));
  try {
    const spool = await FactSpool.open(dir, { maxMessages: facts, maxBytes: 1024 ** 3 });
    const loadBefore = load1();
    let t0 = performance.now();
    await Promise.all(Array.from({ length: facts }, (_, n) => spool.append(meterValues(n))));
    const appendMs = performance.now() - t0;
    t0 = performance.now();
    // As the edge drains (DurableFacts): the oldest 64 read side by side, each removed once "published".
    for (let batch = await spool.oldest(64); batch.length > 0; batch = await spool.oldest(64))
      await Promise.all(batch.map((item) => spool.remove(item.seq)));
    const drainMs = performance.now() - t0;
    await spool.close();
    results.push({
      spooledPerSecond: round((facts / appendMs) * 1000),
      drainedPerSecond: round((facts / drainMs) * 1000),
      loadAvg1: [loadBefore, load1()],
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
const summary = {
  facts,
  runs: results,
  medianSpooledPerSecond: median(results.map((r) => r.spooledPerSecond)),
  medianDrainedPerSecond: median(results.map((r) => r.drainedPerSecond)),
  machine: machine(),
};
await writeFile(join(root, 'bench/results/ocpp-edge-spool.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary));
