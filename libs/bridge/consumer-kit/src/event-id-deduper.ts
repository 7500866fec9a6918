/**
 * Remembers the last `capacity` event ids: delivery is at-least-once, and a duplicate (after a bridge
 * crash or a Kafka outage) arrives close to its original, so a bounded window catches it. A consumer that
 * must survive its own restarts keeps processed ids with its own state instead.
 */
export class EventIdDeduper {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity: number) {
    if (capacity < 1) throw new Error('capacity must be at least 1');
  }

  has(id: string): boolean {
    return this.seen.has(id);
  }

  /** Records `id` as processed (the oldest id is forgotten beyond capacity). */
  remember(id: string): void {
    if (this.seen.has(id)) return;
    this.seen.add(id);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
  }

  get size(): number {
    return this.seen.size;
  }
}
