import type { RegisterChargerBody } from '@chargeplane/contracts-api';
import type { CommandBuilder } from '../charger-service.js';
import type { RequestContext } from '../ports.js';

/** The RegisterCharger command of a registration body (single and bulk registration build it here alone). */
export const registrationCommand =
  (ctx: RequestContext, body: RegisterChargerBody, credentialsHash: string): CommandBuilder =>
  (_state, base) => ({
    ...base,
    type: 'RegisterCharger',
    tenantId: ctx.tenantId,
    model: body.model,
    jurisdiction: body.jurisdiction ?? null,
    tags: body.tags,
    credentialsHash,
  });

/** The URL a registered charger connects to: the public OCPP URL with its id appended. */
export const ocppUrlOf = (publicOcppUrl: string, chargerId: string) =>
  `${publicOcppUrl}/${encodeURIComponent(chargerId)}`;
