import { PlatformError } from '@chargeplane/contracts-api';

/** A charger resource's ETag: the charger stream's version, `"7"`. */
export const etagOf = (version: number): string => `"${version}"`;

/** `If-Match: "7"` (or the weak `W/"7"` of earlier versions) → expected stream version 7; absent → no precondition. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) throw new PlatformError('VALIDATION_FAILED', 'If-Match must be an ETag such as "7"');
  return Number(match[1]);
}
