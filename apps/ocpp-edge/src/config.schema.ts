import { hostname } from 'node:os';
import {
  byteSize,
  chargerPartitions,
  clockEpoch,
  clockSpeed,
  credentialPepper,
  credentialPepperPrevious,
  logLevel,
  natsPrefix,
  natsUrl,
  otlpEndpoint,
  port,
} from '@chargeplane/platform-config';
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
    EDGE_PORT: port(9000).describe('The charger-facing WebSocket port (OCPP 1.6J at /ocpp/{chargerId}).'),
    EDGE_HOST: z.string().min(1).default('0.0.0.0').describe('The address the charger-facing port binds to.'),
    EDGE_LISTEN_BACKLOG: positiveInt(4_096).describe(
      'Accept queue the charger port asks the kernel for. Linux caps it at `net.core.somaxconn` (the edge logs a ' +
        'warning when it does): raise both on an edge host for large fleets (docs/operations/edge-host.md).',
    ),
    EDGE_METRICS_PORT: port(9464).describe('`/metrics`, `/healthz`, `/readyz`: kept off the charger-facing port.'),
    EDGE_METRICS_HOST: z
      .string()
      .min(1)
      .optional()
      .describe(
        'The address `/metrics`, `/healthz` and `/readyz` bind to; `EDGE_HOST` when not set. `127.0.0.1` keeps them to this host.',
      ),
    NATS_URL: natsUrl,
    NATS_PREFIX: natsPrefix.describe('Subject and stream namespace; empty in production, one per run in tests.'),
    CHARGER_PARTITIONS: chargerPartitions,
    EDGE_ID: z.string().min(1).default(`${hostname()}-${process.pid}`).meta({
      description: "Stamped on every fact so a charger's history shows which replica held it.",
      defaultText: '<hostname>-<pid>',
    }),
    LOG_LEVEL: logLevel,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
    OCPP_CALL_TIMEOUT_MS: positiveInt(30_000).describe(
      'How long a CSMS→charger call waits for its CALLRESULT (docs/domain/ocpp16.md §3.5: 30–60 s).',
    ),
    MAX_QUEUED_CALLS: nonNegativeInt(20).describe(
      'Calls that may wait behind the outstanding one per connection; more are refused.',
    ),
    MAX_FRAME_BYTES: positiveInt(65_536).describe(
      'Largest accepted frame in bytes; bigger ones close the socket with 1009.',
    ),
    AUTH_CACHE_SECONDS: nonNegativeInt(30).describe(
      'Positive auth lookups are reused this long, so a revoked key stops working within it.',
    ),
    CREDENTIAL_PEPPER: credentialPepper,
    CREDENTIAL_PEPPER_PREVIOUS: credentialPepperPrevious,
    AUTH_FAILURE_BURST_PER_ADDRESS: positiveInt(20).describe(
      'Failed authentications (401, 404) one source address may make at once; beyond it upgrades get 429 with ' +
        'Retry-After before any lookup or hashing.',
    ),
    AUTH_FAILURES_PER_MINUTE_PER_ADDRESS: positiveInt(10).describe(
      'Sustained rate of failed authentications allowed per source address.',
    ),
    AUTH_FAILURE_BURST_PER_CHARGER: positiveInt(5).describe(
      'Failed authentications allowed at once against one charger id, from any address (then 429).',
    ),
    AUTH_FAILURES_PER_MINUTE_PER_CHARGER: positiveInt(2).describe(
      'Sustained rate of failed authentications allowed per charger id.',
    ),
    SERVICE_TIMEOUT_MS: positiveInt(5_000).describe(
      "Timeout of the edge's own requests to profile-command (auth lookup, Authorize, StartTransaction).",
    ),
    PING_INTERVAL_SECONDS: nonNegativeInt(30).describe(
      'WebSocket ping period; a socket that has not answered the previous ping is terminated. 0 turns pings off.',
    ),
    CHARGER_CALLS_PER_SECOND: positiveInt(5).describe('Sustained rate of charger CALLs per connection.'),
    CHARGER_CALL_BURST: positiveInt(50).describe(
      'Charger CALLs a connection may send above the sustained rate in a burst.',
    ),
    BAD_FRAMES_PER_MINUTE: positiveInt(10).describe(
      'Invalid frames a connection may send per minute before it is closed.',
    ),
    UV_THREADPOOL_SIZE: positiveInt(4).describe(
      "libuv's threadpool size, which Node reads from the same variable at start. The scrypt verification of a " +
        'chosen password runs there; the edge keeps at most this many in it, so DNS and file work never queue ' +
        "behind a storm's worth.",
    ),
    EDGE_SPOOL_DIR: z
      .string()
      .trim()
      .min(1)
      .default('.local/spool/ocpp-edge-{EDGE_PORT}')
      .describe(
        'Directory of the local spool that holds facts while JetStream does not ack them (relative to the working ' +
          'directory; `{EDGE_PORT}` and `{EDGE_ID}` are replaced). One per replica: it is locked by its process, ' +
          'and a restarted edge drains what it finds there.',
      ),
    EDGE_SPOOL_MAX_BYTES: byteSize
      .default(256 * 1024 * 1024)
      .meta({ defaultText: '256MiB' })
      .describe('Size cap of the spool (e.g. 1GiB); when full, charger calls that report a fact get a CALLERROR.'),
    EDGE_SPOOL_MAX_MESSAGES: positiveInt(100_000).describe(
      'Most facts the spool holds; when full, charger calls that report a fact get a CALLERROR (InternalError).',
    ),
    FACT_PUBLISH_TIMEOUT_MS: positiveInt(2_000).describe(
      "How long a fact waits for JetStream's ack before it goes to the spool (the charger's answer waits that long " +
        'once at the start of an outage; while the spool holds facts, new ones go straight behind them).',
    ),
    CLOCK_SPEED: clockSpeed.describe(
      "The platform's clock, on which a call's `sendBy` and `sentAt` are written: accelerated only in simulations " +
        "(the same values as the other apps); the edge's own timers stay on real time.",
    ),
    CLOCK_EPOCH: clockEpoch,
    TLS_CERT_FILE: optionalPath.describe(
      'Both set → wss:// (security profile 2); neither → ws:// (profile 1, trusted networks only).',
    ),
    TLS_KEY_FILE: optionalPath.describe('The private key of TLS_CERT_FILE (PEM).'),
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
