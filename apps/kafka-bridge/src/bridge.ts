import { ChargerFact, streams, subjects, topics } from '@chargeplane/contracts-api';
import { EventEnvelope, TelemetryEvent, telemetryTypeOf, toPublicChargerEvent, type PublicEvent } from '@chargeplane/contracts-events';
import { consume, type KafkaPublisher, type NatsBus, type RunningConsumer } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';

const headersOf = (e: PublicEvent | TelemetryEvent, replay = false) => ({
  type: e.type,
  schemaVersion: String(e.schemaVersion),
  tenantId: e.tenantId,
  eventId: e.id,
  ...(replay ? { replay: 'true' } : {}),
});

/**
 * JetStream → Kafka. Each JetStream message is acknowledged only after Kafka acknowledged its record
 * (at-least-once; consumers drop duplicates by event id). Key = charger id, so a charger's events keep
 * their order on one partition. While Kafka is down the send fails, the message is redelivered later:
 * the consumer handles one message at a time, so nothing overtakes it.
 */
export class KafkaBridge {
  private readonly consumers: RunningConsumer[] = [];

  constructor(
    private readonly bus: NatsBus,
    private readonly kafka: KafkaPublisher,
    private readonly topicPrefix: string,
    private readonly log: Logger,
  ) {}

  topic(name: string): string {
    return `${this.topicPrefix}${name}`;
  }

  async start(): Promise<void> {
    this.consumers.push(
      await consume(this.bus, {
        stream: streams.chargerEvents.name,
        durable: 'kafka-bridge-charger-events',
        filterSubject: subjects.chargerEventsAll,
        schema: EventEnvelope,
        handle: async (envelope) => {
          const event = toPublicChargerEvent(envelope);
          await this.kafka.send(this.topic(topics.chargerEvents), [{ key: event.chargerId, value: event, headers: headersOf(event) }]);
        },
        onInvalid: (subject, problem) => this.log.warn({ subject, problem }, 'dropped an invalid charger event'),
        onError: (err) => this.log.warn({ err }, 'Kafka publish failed; the event will be retried'),
      }),
      await consume(this.bus, {
        stream: streams.ocppIn.name,
        durable: 'kafka-bridge-telemetry',
        filterSubject: subjects.ocppInAll,
        schema: ChargerFact,
        handle: async (fact) => {
          const type = telemetryTypeOf[fact.action];
          if (!type) return;
          const event = TelemetryEvent.parse({
            id: fact.id,
            type,
            schemaVersion: 1,
            tenantId: fact.context.tenantId,
            chargerId: fact.context.chargerId,
            occurredAt: fact.context.receivedAt,
            recordedAt: fact.context.receivedAt,
            correlationId: fact.id,
            causationId: null,
            data: fact.request,
          });
          await this.kafka.send(this.topic(topics.telemetry), [{ key: event.chargerId, value: event, headers: headersOf(event) }]);
        },
        onInvalid: (subject, problem) => this.log.warn({ subject, problem }, 'dropped an invalid charger fact'),
        onError: (err) => this.log.warn({ err }, 'Kafka publish failed; the fact will be retried'),
      }),
    );
  }

  async stop(): Promise<void> {
    for (const c of this.consumers) await c.stop();
  }
}
