import { hostname } from 'node:os';
import { clockEpoch, clockSpeed, logLevel, natsPrefix, natsUrl, port } from '@chargeplane/platform-config';
import { z } from 'zod';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const optionalPath = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

/** ocpp-edge's environment, parsed once at boot by `loadConfig`. */
export const EdgeConfigSchema = z
  .object({
    EDGE_PORT: port(9000),
    EDGE_HOST: z.string().min(1).default('0.0.0.0'),
    /** `/metrics`, `/healthz`, `/readyz`: kept off the charger-facing port. */
    EDGE_METRICS_PORT: port(9464),
    NATS_URL: natsUrl,
    /** Subject and stream namespace; empty in production, one per run in tests. */
    NATS_PREFIX: natsPrefix,
    /** Stamped on every fact so a charger's history shows which replica held it. */
    EDGE_ID: z.string().min(1).default(`${hostname()}-${process.pid}`),
    LOG_LEVEL: logLevel,
    /** How long a CSMS→charger call waits for its CALLRESULT (docs/domain/ocpp16.md §3.5: 30–60 s). */
    OCPP_CALL_TIMEOUT_MS: positiveInt(30_000),
    /** Calls that may wait behind the outstanding one per connection; more are refused. */
    MAX_QUEUED_CALLS: nonNegativeInt(20),
    /** Largest accepted frame in bytes; bigger ones close the socket with 1009. */
    MAX_FRAME_BYTES: positiveInt(65_536),
    /** Positive auth lookups are reused this long, so a revoked key stops working within it. */
    AUTH_CACHE_SECONDS: nonNegativeInt(30),
    /** Timeout of the edge's own requests to profile-command (auth lookup, Authorize, StartTransaction). */
    SERVICE_TIMEOUT_MS: positiveInt(5_000),
    /** WebSocket ping period; a socket that has not answered the previous ping is terminated. 0 turns pings off. */
    PING_INTERVAL_SECONDS: nonNegativeInt(30),
    /** Sustained rate of charger CALLs per connection, and the burst allowed above it. */
    CHARGER_CALLS_PER_SECOND: positiveInt(5),
    CHARGER_CALL_BURST: positiveInt(50),
    /** Invalid frames a connection may send per minute before it is closed. */
    BAD_FRAMES_PER_MINUTE: positiveInt(10),
    /**
     * libuv's threadpool size, which Node reads from the same variable at start. Every upgrade's scrypt verification
     * runs there; the edge keeps at most this many in it, so DNS and file work never queue behind a storm's worth.
     */
    UV_THREADPOOL_SIZE: positiveInt(4),
    /**
     * The platform's clock, on which a call's `sendBy` and `sentAt` are written: accelerated only in simulations
     * (the same values as the other apps); the edge's own timers stay on real time.
     */
    CLOCK_SPEED: clockSpeed,
    CLOCK_EPOCH: clockEpoch,
    /** Both set → wss:// (security profile 2); neither → ws:// (profile 1, trusted networks only). */
    TLS_CERT_FILE: optionalPath,
    TLS_KEY_FILE: optionalPath,
  })
  .refine((c) => c.CLOCK_SPEED === 1 || c.CLOCK_EPOCH !== undefined, {
    message: 'an accelerated clock (CLOCK_SPEED > 1) needs CLOCK_EPOCH, the instant the apps share',
    path: ['CLOCK_EPOCH'],
  })
  .refine((c) => (c.TLS_CERT_FILE === undefined) === (c.TLS_KEY_FILE === undefined), {
    message: 'set both TLS_CERT_FILE and TLS_KEY_FILE (wss) or neither (ws)',
    path: ['TLS_CERT_FILE'],
  });

export type EdgeConfig = z.infer<typeof EdgeConfigSchema>;
