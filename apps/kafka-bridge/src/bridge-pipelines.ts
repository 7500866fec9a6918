import { ChargerFact, streams, subjects, topics, type Topic } from '@chargeplane/contracts-api';
import {
  EventEnvelope,
  isPublishedChargerEvent,
  toPublicChargerEvent,
  toPublicComplianceEvent,
  toTelemetryEvent,
} from '@chargeplane/contracts-events';
import type { z } from 'zod';
import type { PublishableEvent } from './kafka-records.js';

/** One JetStream stream bridged to one public topic. */
export interface Pipeline<S extends z.ZodType = z.ZodType> {
  /** Metric label and log name. */
  name: string;
  stream: string;
  durable: string;
  filterSubject: string;
  schema: S;
  topic: Topic;
  /** The public event of a message, null when the message is not for this topic; throws when it cannot be mapped. */
  toPublic: (message: z.infer<S>) => PublishableEvent | null;
}

// Checks each pipeline against its own schema, then forgets S so the three can share one list (its parse
// and its mapping agree on S by construction).
const pipeline = <S extends z.ZodType>(p: Pipeline<S>): Pipeline => p as unknown as Pipeline;

export const pipelines: readonly Pipeline[] = [
  pipeline({
    name: 'charger-events',
    stream: streams.chargerEvents.name,
    durable: 'kafka-bridge-charger-events',
    filterSubject: subjects.chargerEventsAll,
    schema: EventEnvelope,
    topic: topics.chargerEvents,
    toPublic: (envelope) => (isPublishedChargerEvent(envelope) ? toPublicChargerEvent(envelope) : null),
  }),
  pipeline({
    name: 'telemetry',
    stream: streams.ocppIn.name,
    durable: 'kafka-bridge-telemetry',
    filterSubject: subjects.ocppInAll,
    schema: ChargerFact,
    topic: topics.telemetry,
    toPublic: (fact) =>
      toTelemetryEvent({
        id: fact.id,
        action: fact.action,
        tenantId: fact.context.tenantId,
        chargerId: fact.context.chargerId,
        receivedAt: fact.context.receivedAt,
        request: fact.request,
      }),
  }),
  pipeline({
    name: 'compliance',
    stream: streams.complianceEvents.name,
    durable: 'kafka-bridge-compliance',
    filterSubject: subjects.complianceEventsAll,
    schema: EventEnvelope,
    topic: topics.compliance,
    toPublic: (envelope) => toPublicComplianceEvent(envelope),
  }),
];
