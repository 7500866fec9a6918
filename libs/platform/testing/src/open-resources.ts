/**
 * Everything a test file started and has not stopped yet (test infrastructure, platform processes), newest
 * last. A suite stops what it started in `afterAll`; when it cannot (its `beforeAll` failed half-way and the
 * handle was never returned, or its own `afterAll` threw first), the shared setup file stops the rest
 * (`vitest-setup.spec-support.ts`), newest first, so processes go before the streams they write to.
 */
const open = new Set<() => Promise<void>>();

/** Makes `stop` idempotent and tracked: the first call runs it and forgets it; later calls get the same promise. */
export function trackOpen(stop: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const once = () => {
    open.delete(once);
    done ??= stop();
    return done;
  };
  open.add(once);
  return once;
}

/** Stops what is still open, newest first; one failure does not keep the others running. Throws them all. */
export async function stopAllOpen(): Promise<void> {
  const errors: unknown[] = [];
  for (const stop of [...open].reverse()) {
    await stop().catch((error: unknown) => errors.push(error));
  }
  if (errors.length > 0) throw new AggregateError(errors, `${errors.length} test resource(s) failed to stop`);
}

/** How many stops are pending (for tests of the cleanup itself). */
export function openCount(): number {
  return open.size;
}
