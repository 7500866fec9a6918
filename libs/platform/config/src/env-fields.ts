import { z } from 'zod';

/** Reusable env field schemas: every app reads its infrastructure the same way. */
export const natsUrl = z
  .string()
  .regex(
    /^(nats|tls|ws|wss):\/\/[^\s,]+(,(nats|tls|ws|wss):\/\/[^\s,]+)*$/,
    'must be a NATS URL such as nats://127.0.0.1:4222, or several separated by commas (the nodes of a cluster)',
  )
  .default('nats://127.0.0.1:4222')
  .describe(
    'The NATS server (JetStream enabled) the app connects to; for a cluster, its nodes separated by commas (the client fails over between them).',
  );

export const databaseUrl = z
  .string()
  .regex(
    /^postgres(ql)?:\/\/[^\s]+$/,
    'must be a PostgreSQL URL such as postgres://postgres@127.0.0.1:5432/chargeplane',
  )
  .default('postgres://postgres@127.0.0.1:5432/chargeplane')
  .describe('The PostgreSQL database holding the event store, the outbox and the read models.');

export const kafkaBrokers = z
  .string()
  .default('127.0.0.1:9092')
  .transform((value, ctx) => {
    const brokers = value
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    for (const broker of brokers) {
      if (!/^[^\s:]+:\d{1,5}$/.test(broker)) {
        ctx.addIssue({ code: 'custom', message: `broker "${broker}" is not host:port` });
        return z.NEVER;
      }
    }
    if (brokers.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'must list at least one host:port' });
      return z.NEVER;
    }
    return brokers;
  })
  .describe('Kafka bootstrap brokers, comma-separated host:port.');

export const port = (fallback: number) =>
  z.coerce.number().int().min(1).max(65535).default(fallback).describe('A TCP port to listen on.');

/** The address of an app's ops endpoints (`/metrics`, `/healthz`, `/readyz`). */
export const metricsHost = z
  .string()
  .min(1)
  .default('127.0.0.1')
  .describe(
    'The address `/metrics`, `/healthz` and `/readyz` bind to: `127.0.0.1` (this host only) by default; `0.0.0.0` in a container or pod, so probes and Prometheus reach them.',
  );

/**
 * OTEL_EXPORTER_OTLP_ENDPOINT: traces are exported over OTLP/HTTP when it is set (docs/operations/runbook.md#traces).
 * Read by the OpenTelemetry exporter itself; declared here so it is validated and documented with the rest.
 */
export const otlpEndpoint = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined)
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional())
  .describe(
    'OTLP/HTTP collector base URL (e.g. `http://otel-collector:4318`): traces are exported to `<url>/v1/traces` when set, off when not. The other standard `OTEL_*` variables apply (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_SERVICE_NAME`, `OTEL_TRACES_SAMPLER`/`_ARG`, `OTEL_BSP_SCHEDULE_DELAY`, `OTEL_SDK_DISABLED`).',
  );

export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  .default('info')
  .describe('The least severe log level written (JSON lines on stdout).');

export const boolFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

/** PUBLISH_ON_COMMIT: a writer publishes its own events after each commit (decision 0014). */
export const publishOnCommit = boolFlag(true).describe(
  'The writer publishes its events to JetStream itself right after each commit, where the outbox relay would first be woken and read them back (decision 0014); the outbox row stays the durable promise. `false` leaves every event to the relay.',
);

/** CLOCK_SPEED / CLOCK_EPOCH: accelerated time for simulations (see systemClock). */
export const clockSpeed = z.coerce
  .number()
  .min(1)
  .max(3600)
  .default(1)
  .describe('How many times faster than real time the platform clock runs: 1 in production, more in simulations.');
export const clockEpoch = z.iso
  .datetime()
  .optional()
  .describe('The instant (ISO 8601, UTC) an accelerated clock starts from; every app of a simulation shares it.');

/** NATS_PREFIX: a namespace for every subject and stream (one per test run); empty in production. */
export const natsPrefix = z
  .string()
  .regex(/^[A-Za-z0-9_]*$/, 'letters, digits and _ only')
  .default('')
  .describe('A namespace for every NATS subject and stream (one per test run); empty in production.');

/**
 * CREDENTIAL_PEPPER / CREDENTIAL_PEPPER_PREVIOUS: the server-side key of the HMAC that stores generated charger keys
 * (docs/decisions/0007-charger-credential-hashing.md). Required: without it no charger could be registered or checked.
 */
export const credentialPepper = z
  .string({ error: 'set CREDENTIAL_PEPPER to a secret of at least 32 characters (openssl rand -base64 32)' })
  .min(32, 'CREDENTIAL_PEPPER must be at least 32 characters (openssl rand -base64 32)')
  .describe(
    'Server-side secret (at least 32 characters) keying the HMAC of generated charger keys; the same value on ' +
      'profile-command and every ocpp-edge. `npm start` keeps one in `.local/`.',
  );
export const credentialPepperPrevious = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value))
  .pipe(z.string().min(32, 'CREDENTIAL_PEPPER_PREVIOUS must be at least 32 characters').optional())
  .describe(
    'During a pepper rotation, the pepper before CREDENTIAL_PEPPER: hashes made with it still verify and are ' +
      'rehashed with the current one at the next connection. Empty otherwise.',
  );
