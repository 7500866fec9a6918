/**
 * An upcaster turns a public event of `type` at `from` into the same event at `from + 1`. It is pure (no
 * I/O, no clock): it only reshapes, and the kit parses its result with the newer schema. Chains of
 * upcasters bring any older version up to the newest one the consumer knows.
 */
export interface Upcaster {
  type: string;
  from: number;
  upcast: (event: Readonly<Record<string, unknown>>) => Record<string, unknown>;
}

/**
 * The upcasters of the published contracts (libs/contracts/events/src/public). Every public event is at
 * version 1 today, so there are none yet; a `v2` file comes with its `v1 → v2` upcaster here, with a test.
 */
export const publicUpcasters: readonly Upcaster[] = [];

/** Applies the upcasters of `type` from `from` up to `to`; throws if a step is missing (a contract bug). */
export function upcast(
  upcasters: readonly Upcaster[],
  type: string,
  from: number,
  to: number,
  event: Record<string, unknown>,
): Record<string, unknown> {
  let current = event;
  for (let version = from; version < to; version++) {
    const step = upcasters.find((u) => u.type === type && u.from === version);
    if (!step) throw new Error(`no upcaster for ${type} v${version} → v${version + 1}`);
    current = { ...step.upcast(current), schemaVersion: version + 1 };
  }
  return current;
}
