import type { TwinViews } from '@chargeplane/charger-application';
import { subjects, Twin, TwinPage, type TwinListRequest } from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';

/** device-twin's views, asked over NATS. */
export class NatsTwinViews implements TwinViews {
  constructor(private readonly bus: NatsBus) {}

  twin(tenantId: string, chargerId: string): Promise<Twin> {
    return this.bus.request(subjects.twinGet, { tenantId, chargerId }, Twin);
  }

  twins(query: TwinListRequest): Promise<TwinPage> {
    return this.bus.request(subjects.twinList, query, TwinPage);
  }
}
