/** Credentials from an `Authorization: Basic …` header. */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Parses HTTP Basic credentials (RFC 7617) sent by the charger `expectedUsername`. RFC 7617 forbids colons in the
 * user-id, but charger ids may contain them (`ChargerId` allows `:`), so when the decoded pair starts with the
 * expected id and a colon, that prefix is the username; otherwise the first colon splits it. The password is
 * everything after the split, so keys with colons survive. No header, another scheme, bad base64 or no colon at all
 * yields undefined.
 */
export function parseBasicAuth(header: string | undefined, expectedUsername: string): BasicCredentials | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(header);
  const token = match?.[1];
  if (token === undefined) return undefined;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  if (decoded.startsWith(`${expectedUsername}:`)) {
    return { username: expectedUsername, password: decoded.slice(expectedUsername.length + 1) };
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
