import { z } from 'zod';

/** Where a fact came from: the connection's context, stamped by the edge. */
export const FactContext = z.object({
  tenantId: z.string(),
  chargerId: z.string(),
  edgeId: z.string(),
  /** One WebSocket connection (a charger that reconnects gets a new one). */
  connectionId: z.string(),
  receivedAt: z.iso.datetime(),
  messageId: z.string().nullable(),
});
export type FactContext = z.infer<typeof FactContext>;

/**
 * A fact reported by a charger, published by the edge on `ocpp.in.{chargerId}.{action}` (JetStream).
 * `action` is an OCPP action (with the request and the answer the edge gave), a pseudo-action for the
 * connection itself (`Connected`, `Disconnected`), or `CallResult` for the outcome of a CSMS call.
 */
export const ChargerFact = z.object({
  id: z.uuid(),
  context: FactContext,
  action: z.string(),
  request: z.record(z.string(), z.unknown()),
  response: z.record(z.string(), z.unknown()).nullable(),
});
export type ChargerFact = z.infer<typeof ChargerFact>;

export const connectionFacts = {
  connected: 'Connected',
  disconnected: 'Disconnected',
  callResult: 'CallResult',
} as const;

/** `charger.auth.lookup`: what the edge needs to authenticate a charger at upgrade. */
export const ChargerAuthLookupRequest = z.object({ chargerId: z.string().min(1).max(200) });
export const ChargerAuthLookupReply = z.object({
  chargerId: z.string(),
  tenantId: z.string(),
  model: z.enum(['zappi', 'generic-ocpp16']),
  credentialsHash: z.string(),
  heartbeatIntervalSeconds: z.number().int().positive(),
});
export type ChargerAuthLookupReply = z.infer<typeof ChargerAuthLookupReply>;

/**
 * `charger.credentials.rehash`: the edge checked a charger's key against `previousHash` (a legacy scrypt hash of a
 * generated key, or an HMAC under the previous pepper) and asks for `credentialsHash` (an HMAC under the current
 * pepper) to be stored instead. Applied only while `previousHash` is still the stored one.
 */
export const ChargerCredentialsRehashRequest = z.object({
  chargerId: z.string().min(1).max(200),
  previousHash: z.string().min(1).max(400),
  credentialsHash: z
    .string()
    .regex(/^hmac-sha256\$v1\$[0-9a-f]{8}\$[0-9a-f]{64}$/, 'a rehash stores an hmac-sha256$v1 hash only'),
});
export type ChargerCredentialsRehashRequest = z.infer<typeof ChargerCredentialsRehashRequest>;
export const ChargerCredentialsRehashReply = z.object({ rehashed: z.boolean() });
export type ChargerCredentialsRehashReply = z.infer<typeof ChargerCredentialsRehashReply>;

/** `charger.transaction.start`: allocate a transaction id (unique per deployment) for a StartTransaction. */
export const TransactionStartRequest = z.object({
  chargerId: z.string(),
  connectorId: z.number().int(),
  idTag: z.string(),
  meterStart: z.number().int(),
  timestamp: z.string(),
});
export const TransactionStartReply = z.object({
  transactionId: z.number().int(),
  idTagInfo: z.object({ status: z.enum(['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx']) }),
});
export type TransactionStartReply = z.infer<typeof TransactionStartReply>;
