import {
  NotFoundError,
  subjects,
  TwinGetRequest,
  TwinListRequest,
  TwinSummaryRequest,
} from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import { viewTwinDetailed } from '@chargeplane/twin-domain';
import type { TwinRepository } from './twin.repository.js';

/** Answers `twin.get`, `twin.list` and `twin.summary`; every query is scoped to the asking tenant. */
export function serveTwinQueries(bus: NatsBus, twins: TwinRepository, clock: () => number) {
  const nowOf = (at: string | undefined) => (at ? Date.parse(at) : clock());
  return [
    bus.serve(
      subjects.twinGet,
      TwinGetRequest,
      async (q) => {
        const doc = await twins.find(q.tenantId, q.chargerId);
        if (!doc) throw new NotFoundError(`charger ${q.chargerId} has no twin yet`);
        return viewTwinDetailed(doc, nowOf(q.at));
      },
      { queue: 'device-twin' },
    ),
    bus.serve(
      subjects.twinList,
      TwinListRequest,
      async (q) => {
        const now = nowOf(q.at);
        const page = await twins.list(q, new Date(now));
        return { items: page.docs.map((d) => viewTwinDetailed(d, now)), nextCursor: page.nextCursor };
      },
      { queue: 'device-twin' },
    ),
    bus.serve(subjects.twinSummary, TwinSummaryRequest, async (q) => twins.summary(q.tenantId, new Date(nowOf(q.at))), {
      queue: 'device-twin',
    }),
  ];
}
