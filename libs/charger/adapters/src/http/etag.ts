import { PlatformError } from '@chargeplane/contracts-api';

/** `If-Match: W/"7"` (or `"7"`) → expected stream version 7; absent → no precondition. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) throw new PlatformError('VALIDATION_FAILED', 'If-Match must be an ETag such as W/"7"');
  return Number(match[1]);
}
