// How the benchmark reads the edge's memory, so that "memory per connection" means one thing everywhere:
// settle, two full GCs in the edge (it runs with --expose-gc), then RSS from /proc and V8's own figures, and the
// number of connections the edge itself counts at that moment.
import { round, rssOf, sleep } from '../lib/bench-utils.mjs';

/** The edge's memory after `settleMs` of quiet and a full GC. */
export async function readEdgeMemory(edge, settleMs) {
  await sleep(settleMs);
  const { memory, connections } = await edge.request({ type: 'memory', gc: true });
  return { rss: rssOf(edge.pid), ...memory, connections };
}

/** Growth from `before` (an idle edge) to `after`, per connection the edge holds at `after`, in KB. */
export function perConnection(before, after) {
  const kb = (key) => round((after[key] - before[key]) / 1024 / after.connections, 1);
  return {
    connectionsAtReading: after.connections,
    edgeRssBeforeMb: round(before.rss / 1048576),
    edgeRssAfterMb: round(after.rss / 1048576),
    rssKbPerConnection: kb('rss'),
    heapKbPerConnection: kb('heapUsed'),
    heapTotalKbPerConnection: kb('heapTotal'),
    externalKbPerConnection: kb('external'),
    arrayBuffersKbPerConnection: kb('arrayBuffers'),
  };
}
