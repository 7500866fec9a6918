import { streams, subjects } from '@chargeplane/contracts-api';
import { chargerStreamId, EventEnvelope } from '@chargeplane/contracts-events';
import type { PostgresEventStore } from '@chargeplane/platform-event-store';
import { consume, type NatsBus, type RunningConsumer } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import { applyEnvelope, type TwinDoc } from '@chargeplane/twin-domain';
import type { DataSource } from 'typeorm';
import type { TwinRepository } from './twin.repository.js';

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
    private readonly onApplied: (doc: TwinDoc) => void = () => undefined,
  ) {}

  async start(durable = 'device-twin'): Promise<void> {
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
    const updated = await this.db.transaction(async (tx) => {
      let twin = await this.twins.loadForUpdate(tx, envelope.chargerId);
      let result = applyEnvelope(twin, envelope);
      if (result.kind === 'duplicate') return null;
      if (result.kind === 'gap') {
        const missing = await this.store.readStream(chargerStreamId(envelope.chargerId), twin.version + 1);
        for (const e of missing.filter((m) => m.streamVersion <= envelope.streamVersion)) {
          const step = applyEnvelope(twin, e);
          if (step.kind === 'applied') twin = step.twin;
        }
        result = { kind: 'applied', twin };
      }
      await this.twins.save(tx, result.twin);
      return result.twin;
    });
    if (updated) this.onApplied(updated);
  }
}
