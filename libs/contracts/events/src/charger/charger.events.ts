import { z } from 'zod';

const at = z.iso.datetime();

export const ChargerRegistered = z.object({
  type: z.literal('ChargerRegistered'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    tenantId: z.string(),
    model: z.enum(['zappi', 'generic-ocpp16']),
    jurisdiction: z.enum(['GB']).nullable(),
    tags: z.array(z.string()),
    /**
     * The charger's Basic-auth key as stored (decision 0007): `hmac-sha256$v1$…` for a generated key, `scrypt$v1$…`
     * for a chosen password, the unversioned `scrypt$N$r$p$…` in events written before.
     */
    credentialsHash: z.string(),
  }),
});

/**
 * The charger's key, unchanged, is stored under a newer hash (decision 0007): a legacy scrypt hash of a generated
 * key, or an HMAC under a retired pepper, replaced by an HMAC under the current pepper after a successful check.
 * Internal only: never published.
 */
export const ChargerCredentialsRehashed = z.object({
  type: z.literal('ChargerCredentialsRehashed'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ credentialsHash: z.string() }),
});

export const ChargerBooted = z.object({
  type: z.literal('ChargerBooted'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    chargePointVendor: z.string(),
    chargePointModel: z.string(),
    firmwareVersion: z.string().nullable(),
    chargePointSerialNumber: z.string().nullable(),
  }),
});

export const ChargerConnected = z.object({
  type: z.literal('ChargerConnected'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ edgeId: z.string(), connectionId: z.string() }),
});

export const ChargerDisconnected = z.object({
  type: z.literal('ChargerDisconnected'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({ edgeId: z.string(), connectionId: z.string(), reason: z.string() }),
});

/** The answer to the configuration read after a boot or connection; `readFailure` when there was none to use. */
export const ChargerConfigurationReported = z.object({
  type: z.literal('ChargerConfigurationReported'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    values: z.record(z.string(), z.string()),
    unknownKeys: z.array(z.string()),
    /**
     * The read failed (no answer in time, a CALLERROR, an unreadable answer): nothing was learnt, and what was
     * known before is not trusted — writes wait for a read that succeeds (Z17).
     */
    readFailure: z
      .object({ failure: z.enum(['timeout', 'call-error', 'unreadable']), description: z.string() })
      .optional(),
  }),
});

export const TransactionStarted = z.object({
  type: z.literal('TransactionStarted'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    connectorId: z.number().int(),
    transactionId: z.number().int(),
    idTag: z.string(),
    meterStartWh: z.number().int(),
    startedAt: at,
  }),
});

export const TransactionStopped = z.object({
  type: z.literal('TransactionStopped'),
  schemaVersion: z.literal(1),
  occurredAt: at,
  data: z.object({
    transactionId: z.number().int(),
    meterStopWh: z.number().int(),
    stoppedAt: at,
    reason: z.string().nullable(),
  }),
});
