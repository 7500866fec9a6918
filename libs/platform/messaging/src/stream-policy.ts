/**
 * Retention and replication of the JetStream streams (docs/architecture.md §4), as pure functions: the limits a
 * stream should have, and what an update of an existing stream must change. NatsBus.ensureStreams applies them.
 */

/**
 * `facts`: chargers' reports, needed until profile-command took them in. `events`: re-publishable from the store.
 * `deadLetters`: kept until an operator looked at them (inspect, replay).
 */
export type RetentionClass = 'facts' | 'events' | 'deadLetters';

export interface StreamLimits {
  maxAgeMs: number;
  /** null: no byte cap (on nats-server a byte cap reserves that much of the server's file store). */
  maxBytes: number | null;
}

export interface StreamPolicy {
  facts: StreamLimits;
  events: StreamLimits;
  deadLetters: StreamLimits;
  /** Kept at least as long as a message can be published again (fact retries, the outbox relay after a crash). */
  duplicateWindowMs: number;
  replicas: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * What the env defaults give (libs/platform/config stream-retention.ts); used when a caller passes no policy.
 * Facts: three days, time for profile-command to catch up after an outage. Events: 30 days, because the
 * PostgreSQL event store is the record and can publish them again (twin rebuild, Kafka replay); the bus only has
 * to hold what a consumer may lag behind. No byte caps by default: nats-server reserves a cap on its disk.
 */
export const defaultStreamPolicy: StreamPolicy = {
  facts: { maxAgeMs: 72 * HOUR_MS, maxBytes: null },
  events: { maxAgeMs: 30 * DAY_MS, maxBytes: null },
  deadLetters: { maxAgeMs: 30 * DAY_MS, maxBytes: null },
  duplicateWindowMs: 600_000,
  replicas: 1,
};

/** The env fields of stream retention, as validated by `streamRetentionFields` in platform-config. */
export interface StreamRetentionEnv {
  OCPP_IN_MAX_AGE_HOURS: number;
  OCPP_IN_MAX_BYTES?: number | undefined;
  EVENT_STREAMS_MAX_AGE_DAYS: number;
  EVENT_STREAMS_MAX_BYTES?: number | undefined;
  DEAD_LETTERS_MAX_AGE_DAYS: number;
  DEAD_LETTERS_MAX_BYTES?: number | undefined;
  NATS_DUPLICATE_WINDOW_SECONDS: number;
  NATS_STREAM_REPLICAS: number;
}

export function streamPolicyFromEnv(env: StreamRetentionEnv): StreamPolicy {
  return {
    facts: { maxAgeMs: env.OCPP_IN_MAX_AGE_HOURS * HOUR_MS, maxBytes: env.OCPP_IN_MAX_BYTES ?? null },
    events: { maxAgeMs: env.EVENT_STREAMS_MAX_AGE_DAYS * DAY_MS, maxBytes: env.EVENT_STREAMS_MAX_BYTES ?? null },
    deadLetters: {
      maxAgeMs: env.DEAD_LETTERS_MAX_AGE_DAYS * DAY_MS,
      maxBytes: env.DEAD_LETTERS_MAX_BYTES ?? null,
    },
    duplicateWindowMs: env.NATS_DUPLICATE_WINDOW_SECONDS * 1000,
    replicas: env.NATS_STREAM_REPLICAS,
  };
}

/** The settings Chargeplane manages on a stream, in JetStream's units (nanoseconds, bytes; -1 = no cap). */
export interface DesiredStream {
  name: string;
  subjects: string[];
  storage: 'file';
  retention: 'limits';
  max_age: number;
  max_bytes: number;
  duplicate_window: number;
  num_replicas: number;
}

const NS_PER_MS = 1_000_000;

/**
 * The settings a stream should have under `policy`. A stream without a class (ad-hoc test streams) is kept as an
 * event stream. On a server that is not clustered more than one replica cannot exist: 1 is used and a note says so.
 */
export function desiredStream(
  stream: { name: string; subjects: readonly string[]; retention?: RetentionClass | undefined },
  policy: StreamPolicy,
  clustered: boolean,
): { config: DesiredStream; notes: string[] } {
  const limits = policy[stream.retention ?? 'events'];
  const notes: string[] = [];
  let replicas = policy.replicas;
  if (replicas > 1 && !clustered) {
    notes.push(`${replicas} replicas asked for (NATS_STREAM_REPLICAS), but nats-server is not clustered: 1 replica`);
    replicas = 1;
  }
  return {
    config: {
      name: stream.name,
      subjects: [...stream.subjects],
      storage: 'file',
      retention: 'limits',
      max_age: limits.maxAgeMs * NS_PER_MS,
      max_bytes: limits.maxBytes ?? -1,
      duplicate_window: policy.duplicateWindowMs * NS_PER_MS,
      num_replicas: replicas,
    },
    notes,
  };
}

/** A setting's JetStream name and current/desired values. */
export interface StreamChange {
  setting: 'max_age' | 'max_bytes' | 'duplicate_window' | 'num_replicas';
  from: number;
  to: number;
}

/** The part of a stream's current configuration an update looks at (what `jsm.streams.info` answers). */
export interface ExistingStream {
  subjects?: string[];
  storage: string;
  retention: string;
  max_age: number;
  max_bytes: number;
  duplicate_window?: number;
  num_replicas: number;
}

const MUTABLE = ['max_age', 'max_bytes', 'duplicate_window', 'num_replicas'] as const;

/**
 * What an update of an existing stream changes (`changes`, all settings the server can change in place) and what
 * differs but is left alone (`kept`): storage and retention policy cannot change without recreating the stream,
 * which would lose its messages, and subjects are the contracts' business. Nothing is ever deleted.
 */
export function planStreamUpdate(
  existing: ExistingStream,
  desired: DesiredStream,
): { changes: StreamChange[]; kept: string[] } {
  const changes: StreamChange[] = [];
  for (const setting of MUTABLE) {
    const from = normalised(setting, existing[setting]);
    const to = desired[setting];
    if (from !== to) changes.push({ setting, from, to });
  }
  const kept: string[] = [];
  if (existing.storage !== desired.storage)
    kept.push(`storage is ${existing.storage}, not ${desired.storage} (the server cannot change it in place)`);
  if (existing.retention !== desired.retention)
    kept.push(`retention policy is ${existing.retention}, not ${desired.retention} (left as it is)`);
  const subjects = existing.subjects ?? [];
  if (subjects.length !== desired.subjects.length || subjects.some((s, i) => s !== desired.subjects[i]))
    kept.push(`subjects are ${subjects.join(', ')}, not ${desired.subjects.join(', ')} (left as they are)`);
  return { changes, kept };
}

/** 0 and negative caps mean "none" to the server; a missing duplicate window is its default of 2 minutes. */
function normalised(setting: StreamChange['setting'], value: number | undefined): number {
  if (setting === 'max_bytes') return value === undefined || value <= 0 ? -1 : value;
  if (setting === 'duplicate_window') return value ?? 120_000 * NS_PER_MS;
  if (setting === 'num_replicas') return value === undefined || value < 1 ? 1 : value;
  return value ?? 0;
}

/** "max_age none → 3d", "max_bytes 1 GiB → none", "num_replicas 1 → 3". */
export function describeChange(change: StreamChange): string {
  return `${change.setting} ${formatValue(change.setting, change.from)} → ${formatValue(change.setting, change.to)}`;
}

/** "max_age 3d", "max_bytes none", "duplicate_window 10m", "num_replicas 1": the limits a stream was created with. */
export function describeLimits(desired: DesiredStream): string[] {
  return MUTABLE.map((setting) => `${setting} ${formatValue(setting, desired[setting])}`);
}

function formatValue(setting: StreamChange['setting'], value: number): string {
  if (setting === 'num_replicas') return String(value);
  if (setting === 'max_bytes') return value <= 0 ? 'none' : formatBytes(value);
  return setting === 'max_age' && value <= 0 ? 'none' : formatDuration(value / NS_PER_MS);
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && value % 1024 === 0 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value} ${units[unit]}`;
}

function formatDuration(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${ms / 1000}s`;
}
