import { z } from 'zod';
import { ChargerEvent } from '../charger/index.js';
import { UtcInstant, type EventEnvelope } from '../envelope.js';

/**
 * The public event envelope on Kafka (ARCHITECTURE.md §3). Public events are their own contract:
 * internal fields that integrators must not see (credentials, stream bookkeeping) never appear.
 */
export const PublicEvent = z.object({
  id: z.uuid(),
  type: z.string(),
  schemaVersion: z.number().int().positive(),
  tenantId: z.string(),
  chargerId: z.string(),
  occurredAt: UtcInstant,
  recordedAt: UtcInstant,
  correlationId: z.string(),
  causationId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type PublicEvent = z.infer<typeof PublicEvent>;

/** Public data of each charger event type (v1): what integrators may rely on. */
const publicData = (event: ChargerEvent): Record<string, unknown> => {
  switch (event.type) {
    case 'ChargerRegistered': {
      const { credentialsHash: _secret, ...rest } = event.data;
      return rest;
    }
    default:
      return event.data;
  }
};

/** Maps a stored charger event to its public form (validated on the way: a malformed event is an error). */
export function toPublicChargerEvent(envelope: EventEnvelope): PublicEvent {
  const event = ChargerEvent.parse({ type: envelope.type, schemaVersion: envelope.schemaVersion, occurredAt: envelope.occurredAt, data: envelope.data });
  return PublicEvent.parse({
    id: envelope.id,
    type: envelope.type,
    schemaVersion: 1,
    tenantId: envelope.tenantId,
    chargerId: envelope.chargerId,
    occurredAt: envelope.occurredAt,
    recordedAt: envelope.recordedAt,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    data: publicData(event),
  });
}
