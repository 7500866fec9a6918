/**
 * The largest HTTP request body the API takes, from the largest message the bus carries (NATS's max_payload, as the
 * connection reports it). Half of it: an event built from a body holds the body's values once, in JSON that is at
 * most as long as the request's own (the request's escapes are kept, nothing is re-encoded larger), next to an
 * envelope of a few hundred bytes and its headers; the other half is headroom for events that carry a value twice
 * (a profile and its previous one). So no accepted body can make an event the bus refuses (outbox poison rows).
 */
export function httpBodyLimit(maxPayloadBytes: number): number {
  return Math.floor(maxPayloadBytes / 2);
}
