// The ocpp-edge under test, in its own process: exactly what dist/apps/ocpp-edge/src/main.js runs (config from the
// environment, one NatsBus, `startEdge`), plus an IPC channel for the benchmark: `memory` (after a full GC; the
// process runs with --expose-gc; with the open connections), `frames` (the edge's own frame counters) and `stop`.
import { randomUUID } from 'node:crypto';
import { Server } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { dist } from '../lib/bench-utils.mjs';

// A/B switch for the accept-queue fix: BENCH_FORCE_BACKLOG=511 makes the edge listen with Node's default backlog
// again, so both variants can be measured alternately in one run of the benchmark.
if (process.env.BENCH_FORCE_BACKLOG) {
  const listen = Server.prototype.listen;
  Server.prototype.listen = function (...args) {
    if (typeof args[0] === 'object' && args[0] !== null)
      args[0] = { ...args[0], backlog: Number(process.env.BENCH_FORCE_BACKLOG) };
    return listen.apply(this, args);
  };
}

const { loadConfig } = await import(dist('node_modules/@chargeplane/platform-config/index.js'));
const { NatsBus } = await import(dist('node_modules/@chargeplane/platform-messaging/index.js'));
const { createLogger, createMetricsRegistry } = await import(
  dist('node_modules/@chargeplane/platform-observability/index.js')
);
const { EdgeConfigSchema } = await import(dist('apps/ocpp-edge/src/config.schema.js'));
const { startEdge } = await import(dist('apps/ocpp-edge/src/start-edge.js'));

const config = loadConfig('ocpp-edge', EdgeConfigSchema, process.env);
const log = createLogger('ocpp-edge', config.LOG_LEVEL);
const bus = await NatsBus.connect({
  url: config.NATS_URL,
  name: `ocpp-edge-${config.EDGE_ID}`,
  prefix: config.NATS_PREFIX,
  asyncTraces: false,
});
const registry = createMetricsRegistry('ocpp-edge');
const edge = await startEdge(config, { bus, log, registry, now: Date.now, newId: randomUUID });

// Event-loop delay since the last `frames` request with `resetLoop`: how long a ready frame may wait for the edge.
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const loopFigures = () => ({
  p50: Math.round(loop.percentile(50) / 1e4) / 100,
  p99: Math.round(loop.percentile(99) / 1e4) / 100,
  max: Math.round(loop.max / 1e4) / 100,
});

async function frames() {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'ocpp_edge_frames_total');
  const errors = (await registry.getMetricsAsJSON()).find((m) => m.name === 'ocpp_edge_errors_total');
  const total = { in: 0, out: 0, byKind: {} };
  for (const v of metric?.values ?? []) {
    total[v.labels.direction] += v.value;
    const key = `${v.labels.direction}.${v.labels.kind}.${v.labels.action}`;
    total.byKind[key] = (total.byKind[key] ?? 0) + v.value;
  }
  const errorCounts = Object.fromEntries((errors?.values ?? []).map((v) => [v.labels.code, v.value]));
  return { ...total, errors: errorCounts };
}

process.on('message', async (message) => {
  switch (message.type) {
    case 'memory': {
      if (message.gc && global.gc) {
        global.gc();
        await new Promise((r) => setTimeout(r, 200));
        global.gc();
      }
      const gauge = (await registry.getMetricsAsJSON()).find((m) => m.name === 'ocpp_edge_connections');
      process.send({ id: message.id, memory: process.memoryUsage(), connections: gauge?.values[0]?.value ?? 0 });
      return;
    }
    case 'frames': {
      const answer = {
        id: message.id,
        frames: await frames(),
        loopDelayMs: loopFigures(),
        memory: process.memoryUsage(),
      };
      if (message.resetLoop) loop.reset();
      process.send(answer);
      return;
    }
    case 'snapshot': {
      // A V8 heap snapshot, to see what a connection holds (open it in Chrome DevTools, Memory tab).
      const { writeHeapSnapshot } = await import('node:v8');
      process.send({ id: message.id, path: writeHeapSnapshot(message.path) });
      return;
    }
    case 'stop':
      await edge.close();
      await bus.close();
      process.send({ id: message.id, stopped: true });
      process.exit(0);
  }
});
process.once(
  'SIGTERM',
  () =>
    void edge
      .close()
      .then(() => bus.close())
      .finally(() => process.exit(0)),
);
process.send({ type: 'ready', port: edge.port, metricsPort: edge.metricsPort });
