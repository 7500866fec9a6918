import { streams, subjects } from '@chargeplane/contracts-api';
import { chargerStreamId, EventEnvelope } from '@chargeplane/contracts-events';
import type { PostgresEventStore } from '@chargeplane/platform-event-store';
import { consume, type NatsBus, type RunningConsumer } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import { applyTwinEnvelope, type TwinDoc } from '@chargeplane/twin-domain';
import type { DataSource } from 'typeorm';
import type { TwinRepository } from './twin.repository.js';

/** What the projection tells the rest of device-twin (metrics, lag, live updates), after each commit. */
export interface ProjectionObserver {
  /** `doc` was stored at `envelope`'s version; `filled` older events were read from the store first (a gap). */
  applied(doc: TwinDoc, envelope: EventEnvelope, filled: number): void;
  /** `envelope` was applied already (a redelivery or a duplicate publish): nothing changed. */
  duplicate(envelope: EventEnvelope): void;
}

/** The projection's durable consumer name on CHARGER_EVENTS. */
export const TWIN_DURABLE = 'device-twin';

/**
 * Builds twins from the charger stream (JetStream, at-least-once). Exactly-once effect: each twin keeps
 * the last stream version applied; a duplicate or older event changes nothing; a gap is filled from
 * the event store before the new event is applied. One transaction per event, row locked.
 */
export class TwinProjection {
  private consumer: RunningConsumer | undefined;

  constructor(
    private readonly bus: NatsBus,
    private readonly db: DataSource,
    private readonly twins: TwinRepository,
    private readonly store: PostgresEventStore,
    private readonly log: Logger,
    private readonly observer: ProjectionObserver,
  ) {}

  async start(durable = TWIN_DURABLE): Promise<void> {
    this.consumer = await consume(this.bus, {
      stream: streams.chargerEvents.name,
      durable,
      filterSubject: subjects.chargerEventsAll,
      schema: EventEnvelope,
      handle: (envelope) => this.apply(envelope),
      onInvalid: (subject, problem) => this.log.warn({ subject, problem }, 'dropped an invalid charger event'),
      onError: (err) => this.log.error({ err }, 'twin update failed; the event will be redelivered'),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Applies one event (and any missing ones before it); safe to call again with the same event. */
  async apply(envelope: EventEnvelope): Promise<void> {
    const outcome = await this.db.transaction(async (tx) => {
      let twin = await this.twins.loadForUpdate(tx, envelope.chargerId);
      const result = applyTwinEnvelope(twin, envelope);
      if (result.kind === 'duplicate') return null;
      let filled = 0;
      if (result.kind === 'gap') {
        const missing = await this.store.readStream(chargerStreamId(envelope.chargerId), twin.version + 1);
        for (const e of missing.filter((m) => m.streamVersion <= envelope.streamVersion)) {
          const step = applyTwinEnvelope(twin, e);
          if (step.kind === 'applied') twin = step.twin;
        }
        // Never acknowledge an event that is not applied: without the whole gap in the store, retry later.
        if (twin.version !== envelope.streamVersion)
          throw new Error(`charger ${envelope.chargerId}: the event store has no version ${twin.version + 1} yet`);
        filled = envelope.streamVersion - result.expected;
      } else {
        twin = result.twin;
      }
      await this.twins.save(tx, twin);
      return { twin, filled };
    });
    if (outcome) this.observer.applied(outcome.twin, envelope, outcome.filled);
    else this.observer.duplicate(envelope);
  }
}
