import { z } from 'zod';
import { UtcInstant } from '../envelope.js';

/**
 * The frame of every public event on Kafka (docs/architecture.md §3). Stream bookkeeping (`streamId`,
 * `streamVersion`) stays internal. Objects are not strict: a consumer built for version N keeps reading
 * version N+1 of its type on the same topic, because a new version there may only add optional fields.
 */
export function publicEventSchema<T extends string, V extends number, D extends z.ZodType>(
  type: T,
  schemaVersion: V,
  data: D,
  description: string,
) {
  return z
    .object({
      id: z.uuid().describe('Event id, unique. Delivery is at-least-once: consumers drop duplicates by this id.'),
      type: z.literal(type),
      schemaVersion: z.literal(schemaVersion),
      tenantId: z.string().min(1),
      chargerId: z.string().min(1).describe('Also the Kafka record key: one charger, one partition, in order.'),
      occurredAt: UtcInstant,
      recordedAt: UtcInstant,
      correlationId: z.string().min(1),
      causationId: z.string().min(1).nullable(),
      data,
    })
    .meta({ title: `${type} v${schemaVersion}`, description });
}
