import { installTracerProvider, uninstallTracing } from '@chargeplane/platform-observability';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';

export interface InMemoryTracing {
  /** The spans ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  reset(): void;
}

/** Tracing as `startTracing` installs it, exporting to memory, for one spec file: before its tests, removed after. */
export function useInMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  beforeAll(() =>
    installTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] })),
  );
  afterAll(() => uninstallTracing());
  return { spans: () => exporter.getFinishedSpans(), reset: () => exporter.reset() };
}
