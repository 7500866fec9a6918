import { IdTagInfo } from '@chargeplane/contracts-ocpp';
import { z } from 'zod';

/**
 * `charger.authorize`: the edge asks whether an idTag presented at a charger may charge (OCPP Authorize).
 * Named `Charger…` so it never clashes with the OCPP payload schemas `AuthorizeRequest`/`AuthorizeResponse`.
 */
export const ChargerAuthorizeRequest = z.object({ chargerId: z.string().min(1), idTag: z.string().max(20) });
export type ChargerAuthorizeRequest = z.infer<typeof ChargerAuthorizeRequest>;

/** The answer the charger gets, verbatim (OCPP 1.6 `IdTagInfo`: status, optional expiryDate and parentIdTag). */
export const ChargerAuthorizeReply = z.object({ idTagInfo: IdTagInfo });
export type ChargerAuthorizeReply = z.infer<typeof ChargerAuthorizeReply>;
