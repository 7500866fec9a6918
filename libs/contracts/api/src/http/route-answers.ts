import { z } from 'zod';
import { ErrorBody } from '../errors.js';
import { ProfileRefusalBody } from './api-schemas.js';
import { errorResponses as e } from './route-contract.js';

/** Answers several routes share: the ETag headers, a refused profile, compliance-gb not answering. */
export const etag = { etag: { description: 'the charger stream\'s version, "<version>": send it back as If-Match' } };
export const weakEtag = { etag: { description: 'the policy\'s version, W/"<version>": send it back as If-Match' } };
export const refused = {
  description:
    'VALIDATION_FAILED, IDEMPOTENCY_KEY_REUSED, or a refusal: the charger can never accept it and `code` says why (SLOTS_EXCEEDED, FIRMWARE_TOO_OLD, …)',
  body: z.union([ProfileRefusalBody, ErrorBody]),
};
export const gbUnavailable = {
  description: 'a GB charger: compliance-gb is not answering; nothing changed',
  body: e[503].body,
};
