import type {
  ChargerAuthLookupReply,
  ChargerAuthorizeReply,
  ChargerCredentialsRehashReply,
  ChargerCredentialsRehashRequest,
  TransactionStartReply,
} from '@chargeplane/contracts-api';

/** What a StartTransaction asks of the platform (the OCPP request plus the charger it came from). */
export interface TransactionStart {
  readonly chargerId: string;
  readonly connectorId: number;
  readonly idTag: string;
  readonly meterStart: number;
  readonly timestamp: string;
}

/**
 * The decisions the edge cannot take itself and must get synchronously from profile-command. Every method throws
 * when there is no usable answer (no responder, timeout, error reply); callers decide what the charger hears then.
 */
export interface ChargerServices {
  /** The charger's directory entry, or null when it is not registered. */
  lookupCharger(chargerId: string): Promise<ChargerAuthLookupReply | null>;
  authorize(chargerId: string, idTag: string): Promise<ChargerAuthorizeReply>;
  startTransaction(request: TransactionStart): Promise<TransactionStartReply>;
  /** Stores a charger's credential hash anew (through its stream); `rehashed` false when it changed meanwhile. */
  rehashCredentials(request: ChargerCredentialsRehashRequest): Promise<ChargerCredentialsRehashReply>;
}
