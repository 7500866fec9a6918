// Baseline for the CALL→CALLRESULT throughput comparison: a bare `ws` OCPP server with no NATS, no validation, no
// facts. It answers the chargers' own CALLs with fixed valid payloads (as bench/charger-sim/ocpp-server.mjs does) and,
// on IPC `drive`, sends CSMS CALL frames itself: `concurrency` loops, loop k owning chargers k, k+C, k+2C… so each
// charger has at most one CALL outstanding (OCPP-J §4.1.1), exactly like the NATS requesters against the edge.
import { WebSocketServer } from 'ws';
import { percentile } from '../lib/bench-utils.mjs';

const heartbeatIntervalS = Number(process.env.HEARTBEAT_INTERVAL_S ?? 300);
const sockets = new Map(); // charger id → ws
const pending = new Map(); // message id → resolve
let nextTx = 1;
let nextMessage = 1;

const answer = (action) => {
  switch (action) {
    case 'BootNotification':
      return { status: 'Accepted', currentTime: new Date().toISOString(), interval: heartbeatIntervalS };
    case 'Heartbeat':
      return { currentTime: new Date().toISOString() };
    case 'Authorize':
    case 'StopTransaction':
      return { idTagInfo: { status: 'Accepted' } };
    case 'StartTransaction':
      return { transactionId: nextTx++, idTagInfo: { status: 'Accepted' } };
    default:
      return {};
  }
};

const wss = new WebSocketServer({
  port: 0,
  host: '127.0.0.1',
  perMessageDeflate: false,
  backlog: 4096,
  handleProtocols: (protocols) => (protocols.has('ocpp1.6') ? 'ocpp1.6' : false),
});
wss.on('connection', (ws, req) => {
  const id = decodeURIComponent(req.url.split('/').at(-1));
  sockets.set(id, ws);
  ws.on('close', () => sockets.get(id) === ws && sockets.delete(id));
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame[0] === 2) ws.send(JSON.stringify([3, frame[1], answer(frame[2])]));
    else if (frame[0] === 3 || frame[0] === 4) {
      const resolve = pending.get(frame[1]);
      pending.delete(frame[1]);
      resolve?.(frame);
    }
  });
});

function call(ws, action, payload, timeoutMs) {
  const messageId = `b${(nextMessage++).toString(36)}`;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(messageId);
      resolve(null);
    }, timeoutMs);
    pending.set(messageId, (frame) => {
      clearTimeout(timer);
      resolve(frame);
    });
    ws.send(JSON.stringify([2, messageId, action, payload]));
  });
}

async function drive({ chargerIds, concurrency, durationMs, action, payload }) {
  const latencies = [];
  let ok = 0;
  let failed = 0;
  const end = performance.now() + durationMs;
  const loop = async (k) => {
    const mine = chargerIds.filter((_, i) => i % concurrency === k);
    for (let n = 0; performance.now() < end; n++) {
      const ws = sockets.get(mine[n % mine.length]);
      const t0 = performance.now();
      const frame = ws ? await call(ws, action, payload, 30_000) : null;
      if (frame?.[0] === 3) {
        ok++;
        latencies.push(performance.now() - t0);
      } else failed++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, k) => loop(k)));
  const seconds = (performance.now() - t0) / 1000;
  return {
    ok,
    failed,
    seconds,
    perSecond: ok / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

process.on('message', async (message) => {
  if (message.type === 'drive') process.send({ id: message.id, ...(await drive(message)) });
  if (message.type === 'connected') process.send({ id: message.id, connected: sockets.size });
  if (message.type === 'memory') {
    global.gc?.();
    process.send({ id: message.id, memory: process.memoryUsage() });
  }
});
process.once('SIGTERM', () => process.exit(0));
wss.on('listening', () => process.send({ type: 'ready', port: wss.address().port }));
