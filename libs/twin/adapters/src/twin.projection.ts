import { streams, subjects } from '@chargeplane/contracts-api';
import { EventEnvelope } from '@chargeplane/contracts-events';
import type { PostgresEventStore } from '@chargeplane/platform-event-store';
import {
  startPartitionedGroup,
  type NatsBus,
  type PartitionedConsumer,
  type PartitionPipeline,
  type SharingOptions,
} from '@chargeplane/platform-messaging';
import { RecentlyUsed } from '@chargeplane/platform-config';
import type { Logger } from '@chargeplane/platform-observability';
import type { TwinDoc } from '@chargeplane/twin-domain';
import { changedTwins, foldBatch } from './twin-batch.fold.js';
import type { TwinRepository } from './twin.repository.js';

/** What the projection tells the rest of device-twin (metrics, lag, live updates), after each commit. */
export interface ProjectionObserver {
  /**
   * `envelope` is applied and committed; `doc` is the twin as it reads right after it (a later event of the
   * same batch may already be stored on top of it); `filled` older events were read from the store first (a gap).
   */
  applied(doc: TwinDoc, envelope: EventEnvelope, filled: number): void;
  /** `envelope` was applied already (a redelivery or a duplicate publish): nothing changed. */
  duplicate(envelope: EventEnvelope): void;
  /**
   * After each write that stored twins, once: those twins as stored (each charger's last change of the batch), told
   * after the batch's `applied` calls.
   */
  written?(docs: readonly TwinDoc[]): void;
}

/** The projection's durable consumer name on CHARGER_EVENTS. */
export const TWIN_DURABLE = 'device-twin';

/** Charger events folded per transaction when not configured (device-twin's `TWIN_BATCH_SIZE`). */
export const TWIN_BATCH_SIZE = 200;

/** Folds of one batch whose write found a twin changed under it, before the batch fails (and is retried whole). */
const WRITE_ATTEMPTS = 5;

/** Twins a projection remembers as it wrote them, so that a batch reads only the rows of the others. */
const WRITTEN_TWINS = 10_000;

/**
 * Builds twins from the charger stream (JetStream, at-least-once), in stream order and in batches: a batch's
 * twins are read, every event folded in memory, and the changed twins written back in one statement that
 * leaves any row changed since the read alone (those chargers are folded again). Exactly-once effect: each twin keeps the last stream version applied; a duplicate
 * or older event changes nothing; a gap is filled from the event store first, and a gap the store cannot
 * fill yet fails the whole batch, which is retried in hand (nothing of it is acknowledged meanwhile). Replicas
 * share the work by charger partition (docs/architecture.md §7); an event that still fails to fold after
 * `deadLetterAfter` attempts goes to the dead letters and the charger's later events go on.
 */
export class TwinProjection {
  private consumer: PartitionedConsumer | undefined;
  /** The twins this projection wrote, as written (the least recently used dropped first). */
  readonly #written = new RecentlyUsed<string, TwinDoc>(WRITTEN_TWINS);

  constructor(
    private readonly bus: NatsBus,
    private readonly twins: TwinRepository,
    private readonly store: PostgresEventStore,
    private readonly log: Logger,
    private readonly observer: ProjectionObserver,
  ) {}

  async start(durable = TWIN_DURABLE, batchSize = TWIN_BATCH_SIZE, sharing: SharingOptions = {}): Promise<void> {
    const pipeline: PartitionPipeline<typeof EventEnvelope> = {
      name: 'charger-events',
      stream: streams.chargerEvents.name,
      durable,
      subjectOf: (k) => subjects.chargerEventsPartition(k),
      schema: EventEnvelope,
      handleBatch: (items) => this.applyBatch(items.map((i) => i.message)),
      chargerIdOf: (envelope) => envelope.chargerId,
    };
    this.consumer = await startPartitionedGroup(
      this.bus,
      { group: durable, batchSize, ...sharing },
      [pipeline as PartitionPipeline],
      this.log,
    );
  }

  /** Partitions this replica projects, and the group's lag. */
  get sharing(): PartitionedConsumer | undefined {
    return this.consumer;
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  /**
   * The twins of a batch's chargers and the row versions a write expects: a twin this projection wrote last as it
   * wrote it (no read), the others read. A remembered twin may be behind its row (another replica, a rebuild's swap,
   * wrote since): its write then finds the row changed, forgets it, and the next attempt reads the row.
   */
  async #current(
    chargerIds: readonly string[],
  ): Promise<{ docs: Map<string, TwinDoc>; versions: Map<string, number> }> {
    const ids = [...new Set(chargerIds)];
    const unknown = ids.filter((id) => !this.#written.has(id));
    const current =
      unknown.length > 0 ? await this.twins.loadCurrent(unknown) : { docs: new Map(), versions: new Map() };
    for (const id of ids) {
      const doc = this.#written.get(id);
      if (doc === undefined) continue;
      current.docs.set(id, doc);
      current.versions.set(id, doc.version);
    }
    return current;
  }

  /** Applies one event (and any missing ones before it); safe to call again with the same event. */
  async apply(envelope: EventEnvelope): Promise<void> {
    await this.applyBatch([envelope]);
  }

  /**
   * Applies events in the given order; safe to call again with the same events. At most two round trips, no lock
   * held between them: the batch's twins are read (those this projection wrote last are remembered instead), the
   * events folded in memory, and each changed twin is written only if no one changed its row meanwhile (a replica
   * that still thinks it owns the partition, a rebuild's swap). The events of a charger whose row changed are folded
   * again on a fresh read, up to `WRITE_ATTEMPTS` times. The observer hears of each event once its twin is written,
   * in batch order per charger, with the twin as it read after it, and then of the twins written.
   */
  async applyBatch(envelopes: readonly EventEnvelope[]): Promise<void> {
    let pending = envelopes;
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > WRITE_ATTEMPTS) {
        const chargers = new Set(pending.map((e) => e.chargerId)).size;
        throw new Error(`the twins of ${chargers} charger(s) changed under each of ${WRITE_ATTEMPTS} writes`);
      }
      const { docs, versions } = await this.#current(pending.map((e) => e.chargerId));
      const outcomes = await foldBatch(docs, pending, (streamId, from) => this.store.readStream(streamId, from));
      const changed = changedTwins(outcomes);
      const written = await this.twins.saveIfUnchanged(changed, versions);
      const changedUnder = new Set(changed.map((d) => d.chargerId).filter((id) => !written.has(id)));
      for (const doc of changed)
        if (written.has(doc.chargerId)) this.#written.set(doc.chargerId, doc);
        else this.#written.delete(doc.chargerId);
      for (const o of outcomes) {
        if (changedUnder.has(o.envelope.chargerId)) continue;
        if (o.kind === 'applied') this.observer.applied(o.doc, o.envelope, o.filled);
        else this.observer.duplicate(o.envelope);
      }
      const stored = changed.filter((d) => written.has(d.chargerId));
      if (stored.length > 0) this.observer.written?.(stored);
      pending = pending.filter((e) => changedUnder.has(e.chargerId));
    }
  }
}
