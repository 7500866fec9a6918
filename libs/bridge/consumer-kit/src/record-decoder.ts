import { PublicEvent } from '@chargeplane/contracts-events';
import type { z } from 'zod';
import type { ContractRegistry } from './contract-registry.js';
import { upcast } from './upcasters.js';

/** A Kafka record as the kit sees it (value as text, headers as strings). */
export interface RawRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Readonly<Record<string, string>>;
}

export interface RecordMeta {
  topic: string;
  partition: number;
  offset: string;
  /** Republished history (`npm run replay`), not a new fact. */
  replay: boolean;
  /** The version the producer wrote; differs from the event's when it was upcast or read forward. */
  writtenSchemaVersion: number;
}

export type DecodedRecord =
  | { kind: 'event'; event: Record<string, unknown> & PublicEvent; meta: RecordMeta }
  | { kind: 'unknown-type'; type: string; meta: RecordMeta }
  | { kind: 'invalid'; problem: string; record: RawRecord };

/**
 * Turns a record into the newest version of its event this consumer knows:
 * - the same version: parsed with its schema;
 * - an older version: parsed with its own schema, then upcast step by step and parsed again;
 * - a newer version: read as the newest known one. Within a topic a new version may only add optional
 *   fields (the contract check enforces it), so its fields the consumer knows keep their meaning and the
 *   fields it does not know are dropped.
 * A type the consumer does not know is reported as such (new types are additive), never as invalid.
 */
export function decodeRecord(registry: ContractRegistry, record: RawRecord, topicPrefix = ''): DecodedRecord {
  const invalid = (problem: string): DecodedRecord => ({ kind: 'invalid', problem, record });
  if (record.value === null) return invalid('no value');
  let json: unknown;
  try {
    json = JSON.parse(record.value);
  } catch {
    return invalid('value is not JSON');
  }
  const frame = PublicEvent.safeParse(json);
  if (!frame.success) return invalid(`not a public event: ${issues(frame.error)}`);
  const { type, schemaVersion, chargerId } = frame.data;
  if (record.key !== chargerId) return invalid(`key ${String(record.key)} is not the event's charger ${chargerId}`);
  const meta: RecordMeta = {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    replay: record.headers['replay'] === 'true',
    writtenSchemaVersion: schemaVersion,
  };
  const topic = record.topic.startsWith(topicPrefix) ? record.topic.slice(topicPrefix.length) : record.topic;
  const latest = registry.latest(type);
  if (!latest) return { kind: 'unknown-type', type, meta };
  let candidate = json as Record<string, unknown>;
  if (schemaVersion < latest.schemaVersion) {
    const own = registry.schemaOf(type, schemaVersion);
    if (!own) return invalid(`${type} v${schemaVersion} is not a published version`);
    const parsed = own.safeParse(json);
    if (!parsed.success) return invalid(`${type} v${schemaVersion}: ${issues(parsed.error)}`);
    candidate = upcast(
      registry.upcasters,
      type,
      schemaVersion,
      latest.schemaVersion,
      parsed.data as Record<string, unknown>,
    );
  } else if (schemaVersion > latest.schemaVersion) {
    // Only the topic of the known version promises additive versions; a breaking one lives on another topic.
    if (topic !== latest.topic)
      return invalid(`${type} v${schemaVersion} on ${topic}: this consumer knows it only on ${latest.topic}`);
    candidate = { ...candidate, schemaVersion: latest.schemaVersion };
  }
  const parsed = latest.schema.safeParse(candidate);
  if (!parsed.success) return invalid(`${type} v${schemaVersion}: ${issues(parsed.error)}`);
  return { kind: 'event', event: parsed.data as Record<string, unknown> & PublicEvent, meta };
}

/** One line per problem, with its path: readable in a log line. */
function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
