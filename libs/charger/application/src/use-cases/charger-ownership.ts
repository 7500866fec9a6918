import type { ChargerState } from '@chargeplane/charger-domain';
import { NotFoundError } from '@chargeplane/contracts-api';
import type { ChargerService } from '../charger-service.js';

/** Tenant ownership: every use case sees only its tenant's chargers (another tenant's charger is "not found"). */
export class ChargerOwnership {
  constructor(private readonly service: ChargerService) {}

  /**
   * The charger's state when it is registered under `tenantId`, else NOT_FOUND. A registration, once read,
   * never changes, so a cached state answers unless it has not seen the registration yet.
   */
  async stateOwnedBy(tenantId: string, chargerId: string): Promise<ChargerState> {
    let { state } = await this.service.current(chargerId);
    if (!state.registered) ({ state } = await this.service.current(chargerId, { fresh: true }));
    if (!state.registered || state.tenantId !== tenantId) throw new NotFoundError(`charger ${chargerId} not found`);
    return state;
  }
}
