import {
  ChargerAuthLookupReply,
  ChargerAuthorizeReply,
  ChargerCredentialsRehashReply,
  subjects,
  type ChargerCredentialsRehashRequest,
  TransactionStartReply,
  type ChargerAuthorizeRequest,
} from '@chargeplane/contracts-api';
import { RequestError, type NatsBus } from '@chargeplane/platform-messaging';
import type { ChargerServices, TransactionStart } from './charger-services.js';

/** `ChargerServices` over NATS request/reply, answered by profile-command. */
export class NatsChargerServices implements ChargerServices {
  constructor(
    private readonly bus: NatsBus,
    private readonly timeoutMs: number,
  ) {}

  async lookupCharger(chargerId: string): Promise<ChargerAuthLookupReply | null> {
    try {
      return await this.bus.request(subjects.chargerAuth, { chargerId }, ChargerAuthLookupReply, this.timeoutMs);
    } catch (error) {
      if (error instanceof RequestError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  authorize(chargerId: string, idTag: string): Promise<ChargerAuthorizeReply> {
    const request: ChargerAuthorizeRequest = { chargerId, idTag };
    return this.bus.request(subjects.chargerAuthorize, request, ChargerAuthorizeReply, this.timeoutMs);
  }

  startTransaction(request: TransactionStart): Promise<TransactionStartReply> {
    return this.bus.request(subjects.transactionStart, request, TransactionStartReply, this.timeoutMs);
  }

  rehashCredentials(request: ChargerCredentialsRehashRequest): Promise<ChargerCredentialsRehashReply> {
    return this.bus.request(subjects.chargerCredentialsRehash, request, ChargerCredentialsRehashReply, this.timeoutMs);
  }
}
