import { NotFoundError, subjects, TwinGetRequest, TwinListRequest } from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import { viewTwin } from '@chargeplane/twin-domain';
import type { TwinRepository } from './twin.repository.js';

/** Answers `twin.get` and `twin.list`; every query is scoped to the asking tenant. */
export function serveTwinQueries(bus: NatsBus, twins: TwinRepository, clock: () => number) {
  return [
    bus.serve(
      subjects.twinGet,
      TwinGetRequest,
      async (q) => {
        const doc = await twins.find(q.tenantId, q.chargerId);
        if (!doc) throw new NotFoundError(`charger ${q.chargerId} has no twin yet`);
        return viewTwin(doc, q.at ? Date.parse(q.at) : clock());
      },
      { queue: 'device-twin' },
    ),
    bus.serve(
      subjects.twinList,
      TwinListRequest,
      async (q) => {
        const now = q.at ? Date.parse(q.at) : clock();
        const page = await twins.list(q, new Date(now));
        return { items: page.docs.map((d) => viewTwin(d, now)), nextCursor: page.nextCursor };
      },
      { queue: 'device-twin' },
    ),
  ];
}
