import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { clientConnectionOptions } from '@chargeplane/platform-kafka';
import { Admin } from '@platformatic/kafka';
import pg from 'pg';

/** Where a test run's resources live; a service left out is not looked at. */
export interface RunServices {
  natsUrl?: string;
  kafkaBrokers?: string[];
  /** Any URL of the database that holds the run schemas (its search_path does not matter). */
  databaseUrl?: string;
}

/** What to remove: a JetStream stream by name and creation time, a Kafka topic/group or a schema by name. */
export interface ResourceFilter {
  stream(name: string, created: Date): boolean;
  kafka(name: string): boolean;
  schema(name: string): boolean;
}

/** The names removed, per service. */
export interface Removed {
  streams: string[];
  topics: string[];
  groups: string[];
  schemas: string[];
}

/** Each step is bounded, so cleanup after a failed test cannot hang the run on a service that went away. */
const STEP_TIMEOUT_MS = 30_000;

function bounded<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Deletes the matching JetStream streams; their consumers go with them. */
export async function removeStreams(natsUrl: string, match: ResourceFilter['stream']): Promise<string[]> {
  const nc = await connect({ servers: natsUrl.split(','), name: 'test-cleanup', maxReconnectAttempts: 0 });
  try {
    const jsm = await jetstreamManager(nc);
    const doomed: string[] = [];
    for await (const info of jsm.streams.list()) {
      if (match(info.config.name, new Date(info.created))) doomed.push(info.config.name);
    }
    for (const name of doomed) await jsm.streams.delete(name);
    return doomed;
  } finally {
    await nc.close();
  }
}

/** Deletes the matching Kafka topics and the (empty) consumer groups whose id matches. */
export async function removeKafka(
  brokers: string[],
  match: ResourceFilter['kafka'],
): Promise<{ topics: string[]; groups: string[] }> {
  const admin = new Admin({ ...clientConnectionOptions({ brokers, clientId: 'test-cleanup' }), retries: 2 });
  try {
    const topics = (await admin.listTopics()).filter(match);
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const groups = [...(await admin.listGroups()).keys()].filter(match);
    const deleted: string[] = [];
    for (const groupId of groups) {
      // A group with members left is another client's business; it is deleted once it is empty.
      const ok = await admin.deleteGroups({ groups: [groupId] }).then(
        () => true,
        () => false,
      );
      if (ok) deleted.push(groupId);
    }
    return { topics, groups: deleted };
  } finally {
    await admin.close();
  }
}

/** Drops the matching schemas (and everything in them). */
export async function removeSchemas(databaseUrl: string, match: ResourceFilter['schema']): Promise<string[]> {
  const url = new URL(databaseUrl);
  url.searchParams.delete('options');
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace');
    const doomed = rows.map((r) => r.nspname).filter(match);
    for (const schema of doomed) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    return doomed;
  } finally {
    await client.end();
  }
}

/**
 * Removes what `filter` selects on every service named in `services`. Every service is tried even when another
 * fails; the failures are reported together afterwards, so one broken service never hides another's leftovers.
 */
export async function removeResources(services: RunServices, filter: ResourceFilter): Promise<Removed> {
  const removed: Removed = { streams: [], topics: [], groups: [], schemas: [] };
  const failures: string[] = [];
  const attempt = async (what: string, step: () => Promise<void>) => {
    try {
      await bounded(what, step());
    } catch (error) {
      failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  if (services.natsUrl) {
    const url = services.natsUrl;
    await attempt(`JetStream streams at ${url}`, async () => {
      removed.streams = await removeStreams(url, filter.stream);
    });
  }
  if (services.kafkaBrokers && services.kafkaBrokers.length > 0) {
    const brokers = services.kafkaBrokers;
    await attempt(`Kafka topics at ${brokers.join(',')}`, async () => {
      Object.assign(removed, await removeKafka(brokers, filter.kafka));
    });
  }
  if (services.databaseUrl) {
    const url = services.databaseUrl;
    await attempt('PostgreSQL schemas', async () => {
      removed.schemas = await removeSchemas(url, filter.schema);
    });
  }
  if (failures.length > 0) throw new Error(`test cleanup incomplete: ${failures.join('; ')}`);
  return removed;
}
