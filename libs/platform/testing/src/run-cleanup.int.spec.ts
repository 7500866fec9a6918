import { streams } from '@chargeplane/contracts-api';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { clientConnectionOptions } from '@chargeplane/platform-kafka';
import { Admin } from '@platformatic/kafka';
import pg from 'pg';
import { stopAllOpen } from './open-resources.js';
import { belongsToRun, newRunId } from './run-id.js';
import { sweepStaleRuns } from './sweep-stale.js';
import { provideInfra, type TestInfra } from './test-infra.js';

const HOUR = 3_600_000;
const env = process.env;
const allStreams = Object.values(streams);

/** The names on each service that start with one of `prefixes` (any case). */
async function leftovers(infra: TestInfra, prefixes: string[]) {
  const ours = (name: string) => prefixes.some((p) => belongsToRun(name, p));
  const nc = await connect({ servers: infra.natsUrl });
  const streamNames: string[] = [];
  for await (const s of (await jetstreamManager(nc)).streams.list()) streamNames.push(s.config.name);
  await nc.close();
  const admin = new Admin(clientConnectionOptions({ brokers: infra.kafkaBrokers, clientId: 'cleanup-test' }));
  const topics = await admin.listTopics();
  const groups = [...(await admin.listGroups()).keys()];
  await admin.close();
  const db = new pg.Client({ connectionString: env['DATABASE_URL'] });
  await db.connect();
  const schemas = (await db.query<{ nspname: string }>('SELECT nspname FROM pg_namespace')).rows.map((r) => r.nspname);
  await db.end();
  return {
    streams: streamNames.filter(ours),
    topics: topics.filter(ours),
    groups: groups.filter(ours),
    schemas: schemas.filter(ours),
    platformStreams: streamNames.filter((n) => allStreams.some((s) => s.name === n)),
  };
}

/** What a run's apps create: the four streams with consumers (under `prefix`), a topic, a consumer group, a table. */
async function createAsARunDoes(infra: TestInfra, prefix: string, schema: string): Promise<void> {
  // Named as NatsBus names them (platform-messaging's own specs use this library, so it cannot be imported here).
  const nc = await connect({ servers: infra.natsUrl });
  const jsm = await jetstreamManager(nc);
  for (const def of allStreams) {
    const subjects = def.subjects.map((subject) => `${prefix}.${subject}`);
    await jsm.streams.add({ name: `${prefix.toUpperCase()}_${def.name}`, subjects });
  }
  const chargerEvents = `${prefix.toUpperCase()}_${streams.chargerEvents.name}`;
  await jsm.consumers.add(chargerEvents, { durable_name: 'twin', ack_policy: AckPolicy.Explicit });
  await jetstream(nc).publish(`${prefix}.events.charger.C-1`, JSON.stringify({ hello: 'world' }));
  await nc.close();
  const topic = `${prefix}.chargeplane.charger-events.v1`;
  const admin = new Admin(clientConnectionOptions({ brokers: infra.kafkaBrokers, clientId: 'cleanup-test' }));
  await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
  // A consumer group with committed offsets, as a suite's consumer leaves it.
  await admin.alterConsumerGroupOffsets({
    groupId: `${prefix}-kit`,
    topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 0n }] }],
  });
  await admin.close();
  const db = new pg.Client({ connectionString: env['DATABASE_URL'] });
  await db.connect();
  await db.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await db.query(`CREATE TABLE "${schema}"."${prefix}_events" (id int primary key)`);
  await db.end();
}

describe('a test run cleans up after itself (real NATS, Kafka and PostgreSQL)', () => {
  it('stop() removes the streams, consumers, topics, groups and schema carrying its run id, and nothing else', async () => {
    const infra = await provideInfra({ postgres: true, nats: true, kafka: true });
    const bystander = await provideInfra({ postgres: true, nats: true, kafka: true });
    try {
      await createAsARunDoes(infra, infra.runId, infra.schema);
      // A second prefix derived from the run id, as the edge suites use for a second edge.
      await createAsARunDoes(infra, `${infra.runId}down`, infra.schema);
      await createAsARunDoes(bystander, bystander.runId, bystander.schema);
      const before = await leftovers(infra, [infra.runId]);
      expect(before.streams).toHaveLength(2 * allStreams.length);
      expect(before.topics).toHaveLength(2);
      expect(before.groups.sort()).toEqual([`${infra.runId}-kit`, `${infra.runId}down-kit`]);
      expect(before.schemas).toEqual([infra.schema]);

      await infra.stop();

      const after = await leftovers(infra, [infra.runId]);
      expect(after).toEqual({
        streams: [],
        topics: [],
        groups: [],
        schemas: [],
        platformStreams: before.platformStreams,
      });
      const other = await leftovers(bystander, [bystander.runId]);
      expect(other.streams).toHaveLength(allStreams.length);
      expect(other.topics).toHaveLength(1);
      expect(other.schemas).toEqual([bystander.schema]);
    } finally {
      await infra.stop();
      await bystander.stop();
    }
    expect(await leftovers(bystander, [bystander.runId])).toMatchObject({ streams: [], topics: [], schemas: [] });
  }, 120_000);

  it('what a suite never stopped (its beforeAll failed after provideInfra) is removed by the shared setup file', async () => {
    const infra = await provideInfra({ postgres: true, nats: true, kafka: true });
    await createAsARunDoes(infra, infra.runId, infra.schema);
    // The suite lost its handle: only the registry the setup file drains still knows the run.
    await stopAllOpen();
    expect(await leftovers(infra, [infra.runId])).toMatchObject({ streams: [], topics: [], groups: [], schemas: [] });
  }, 120_000);

  it('the sweep removes runs that started long ago, never a recent one, never the platform streams', async () => {
    const infra = await provideInfra({ postgres: true, nats: true, kafka: true });
    const now = Date.now();
    const later = now + 7 * HOUR;
    const crashed = newRunId(now - 7 * HOUR);
    // Still going at the later sweep: it started 5 h before it.
    const running = newRunId(later - 5 * HOUR);
    const ours = (name: string) => belongsToRun(name, crashed) || belongsToRun(name, running);
    const services = { natsUrl: infra.natsUrl, kafkaBrokers: infra.kafkaBrokers, databaseUrl: env['DATABASE_URL']! };
    try {
      await createAsARunDoes(infra, crashed, crashed);
      await createAsARunDoes(infra, running, running);
      const platformBefore = (await leftovers(infra, [])).platformStreams;

      // By name the crashed run is 7 h old, but the server created its streams just now: streams are spared.
      const first = await sweepStaleRuns(services, now, 6 * HOUR, ours);
      expect(first.streams).toEqual([]);
      expect(first.topics).toEqual([`${crashed}.chargeplane.charger-events.v1`]);
      expect(first.schemas).toEqual([crashed]);
      // Its consumer group goes too (with its topic's offsets, or deleted itself once empty).
      expect(await leftovers(infra, [crashed])).toMatchObject({ topics: [], groups: [], schemas: [] });

      // Seen from 7 h later the streams are old by the server's clock too; the other run is 5 h old there.
      const second = await sweepStaleRuns(services, later, 6 * HOUR, ours);
      expect(second.streams.sort()).toEqual(allStreams.map((s) => `${crashed.toUpperCase()}_${s.name}`).sort());
      expect(second.topics).toEqual([]);

      const left = await leftovers(infra, [crashed, running]);
      expect(left.streams.sort()).toEqual(allStreams.map((s) => `${running.toUpperCase()}_${s.name}`).sort());
      expect(left.topics).toEqual([`${running}.chargeplane.charger-events.v1`]);
      expect(left.schemas).toEqual([running]);
      expect(left.platformStreams).toEqual(platformBefore);
    } finally {
      await sweepStaleRuns(services, now + 100 * HOUR, 6 * HOUR, ours).catch(() => undefined);
      await infra.stop();
    }
  }, 120_000);
});
