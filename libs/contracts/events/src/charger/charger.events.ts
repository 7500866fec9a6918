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
    /** scrypt$<salt hex>$<hash hex>: the charger's Basic-auth key, salted and hashed. */
    credentialsHash: z.string(),
  }),
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
