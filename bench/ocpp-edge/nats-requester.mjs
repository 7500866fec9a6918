// CSMS side of the edge throughput test, in its own process: `concurrency` loops sending `cp.{id}.call` requests
// through NATS exactly as profile-command's NatsChargerGateway does (NatsBus.request + ChargerCallReply parse).
// Loop k owns chargers k, k+C, k+2C…, so each charger has at most one call outstanding.
//
//   env: NATS_URL, NATS_PREFIX; IPC `drive` {chargerIds, concurrency, durationMs, action, payload}
import { dist, percentile } from '../lib/bench-utils.mjs';

const { NatsBus } = await import(dist('node_modules/@chargeplane/platform-messaging/index.js'));
const { ChargerCallReply, subjects } = await import(dist('node_modules/@chargeplane/contracts-api/index.js'));

const bus = await NatsBus.connect({
  url: process.env.NATS_URL,
  name: 'bench-requester',
  prefix: process.env.NATS_PREFIX,
});

async function drive({ chargerIds, concurrency, durationMs, action, payload }) {
  const latencies = [];
  const outcomes = {};
  let ok = 0;
  const end = performance.now() + durationMs;
  const loop = async (k) => {
    const mine = chargerIds.filter((_, i) => i % concurrency === k);
    for (let n = 0; performance.now() < end; n++) {
      const chargerId = mine[n % mine.length];
      const t0 = performance.now();
      let kind;
      try {
        const reply = await bus.request(
          subjects.chargerCall(chargerId),
          { action, payload, timeoutMs: 30_000 },
          ChargerCallReply,
          33_000,
        );
        kind = reply.kind;
      } catch (error) {
        kind = `error:${error.code ?? error.message}`;
      }
      outcomes[kind] = (outcomes[kind] ?? 0) + 1;
      if (kind === 'result') {
        ok++;
        latencies.push(performance.now() - t0);
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, k) => loop(k)));
  const seconds = (performance.now() - t0) / 1000;
  return {
    ok,
    outcomes,
    seconds,
    perSecond: ok / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

process.on('message', async (message) => {
  if (message.type === 'drive') process.send({ id: message.id, ...(await drive(message)) });
});
process.once('SIGTERM', () => void bus.close().finally(() => process.exit(0)));
process.send({ type: 'ready' });
