import { z } from 'zod';
import { UtcInstant } from '../envelope.js';

/** Any public event, before its type's own schema is applied (consumers route on `type` and `schemaVersion`). */
export const PublicEvent = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[A-Z][A-Za-z0-9]+$/, 'event type is PascalCase'),
  schemaVersion: z.number().int().positive(),
  tenantId: z.string().min(1),
  chargerId: z.string().min(1),
  occurredAt: UtcInstant,
  recordedAt: UtcInstant,
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type PublicEvent = z.infer<typeof PublicEvent>;
