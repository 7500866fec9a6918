import { randomUUID } from 'node:crypto';
import type { ChargerFact } from '@chargeplane/contracts-api';

/** The tenant of every fact `aFact` makes. */
export const FACT_TENANT = 'tenant-a';

/** A fact as the edge publishes it, for the fact intake's tests (tenant FACT_TENANT, one connection per charger). */
export const aFact = (
  chargerId: string,
  action: string,
  request: Record<string, unknown>,
  response: Record<string, unknown> = {},
): ChargerFact => ({
  id: randomUUID(),
  context: {
    tenantId: FACT_TENANT,
    chargerId,
    edgeId: 'edge-1',
    connectionId: 'conn-1',
    receivedAt: new Date().toISOString(),
    messageId: randomUUID(),
  },
  action,
  request,
  response,
});
