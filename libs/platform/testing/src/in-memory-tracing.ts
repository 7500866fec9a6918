import { installTracerProvider, uninstallTracing } from '@chargeplane/platform-observability';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';

export interface InMemoryTracing {
  /** Installs tracing as `startTracing` does, exporting to memory (call it in `beforeAll`). */
  install(): void;
  /** Removes it: the API is a no-op again (call it in `afterAll`). */
  uninstall(): void;
  /** The spans ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  reset(): void;
}

/** Tracing into memory, for a spec that checks the spans and trace context its code makes. */
export function inMemoryTracing(): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  return {
    install: () =>
      installTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] })),
    uninstall: () => uninstallTracing(),
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
  };
}
