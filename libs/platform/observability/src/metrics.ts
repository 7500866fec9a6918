import { collectDefaultMetrics, Registry } from 'prom-client';

/** A Prometheus registry per app with the process metrics; the app adds its own counters and histograms. */
export function createMetricsRegistry(app: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}
