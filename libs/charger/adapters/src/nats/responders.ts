import { randomUUID } from 'node:crypto';
import type { CredentialsRehash } from '@chargeplane/charger-application';
import {
  ChargerAuthLookupRequest,
  ChargerCredentialsRehashRequest,
  ChargerAuthorizeRequest,
  NotFoundError,
  subjects,
  TransactionStartRequest,
  type ChargerAuthorizeReply,
} from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Subscription } from '@nats-io/transport-node';
import type { ChargerDirectory } from '../persistence/charger-directory.js';

/**
 * Request/reply services the edge relies on: credentials lookup at upgrade, the rehash of a checked credential
 * (decision 0007), idTag authorization and transaction ids. Authorization policy: the charger itself is authenticated (Basic auth per charger),
 * and zappi presents a virtual tag per owner (Z15), so an idTag is accepted on a registered charger;
 * an unregistered charger's tags are `Invalid`. Per-tenant tag lists would plug in here.
 */
export function serveEdgeRequests(
  bus: NatsBus,
  directory: ChargerDirectory,
  heartbeatIntervalSeconds: number,
  credentials: CredentialsRehash,
): Subscription[] {
  return [
    bus.serve(
      subjects.chargerAuth,
      ChargerAuthLookupRequest,
      async ({ chargerId }) => {
        const entry = await directory.find(chargerId);
        if (!entry) throw new NotFoundError(`charger ${chargerId} is not registered`);
        return {
          chargerId: entry.charger_id,
          tenantId: entry.tenant_id,
          model: entry.model,
          credentialsHash: entry.credentials_hash,
          heartbeatIntervalSeconds,
        };
      },
      { queue: 'profile-command' },
    ),
    bus.serve(
      subjects.chargerCredentialsRehash,
      ChargerCredentialsRehashRequest,
      async (request) => ({ rehashed: await credentials.rehash(request, randomUUID()) }),
      { queue: 'profile-command' },
    ),
    bus.serve(
      subjects.chargerAuthorize,
      ChargerAuthorizeRequest,
      async ({ chargerId, idTag }): Promise<ChargerAuthorizeReply> => {
        const registered = (await directory.find(chargerId)) !== null;
        return { idTagInfo: { status: registered && idTag.trim().length > 0 ? 'Accepted' : 'Invalid' } };
      },
      { queue: 'profile-command' },
    ),
    bus.serve(
      subjects.transactionStart,
      TransactionStartRequest,
      async ({ chargerId }) => {
        if (!(await directory.find(chargerId))) throw new NotFoundError(`charger ${chargerId} is not registered`);
        return { transactionId: await directory.nextTransactionId(), idTagInfo: { status: 'Accepted' as const } };
      },
      { queue: 'profile-command' },
    ),
  ];
}
