import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { clientConnectionOptions } from '@chargeplane/platform-kafka';
import { Admin, compatibilityPartitioner, Producer, stringSerializers } from '@platformatic/kafka';
import { accepted, anEvent, aProfile, dispatched, registered } from './analytics.spec-support.js';
import { parseArgs } from './cli-args.js';
import { runAnalytics } from './run-analytics.js';

describe('analytics-example against a real topic', () => {
  let infra: TestInfra;
  let producer: Producer<string, string, string, string>;
  let prefix: string;

  beforeAll(async () => {
    infra = await provideInfra({ kafka: true });
    prefix = `${infra.runId}.`;
    const connection = clientConnectionOptions({ brokers: infra.kafkaBrokers, clientId: 'analytics-test' });
    const admin = new Admin(connection);
    await admin.createTopics({ topics: [`${prefix}chargeplane.charger-events.v1`], partitions: 3, replicas: 1 });
    await admin.close();
    producer = new Producer({
      ...connection,
      idempotent: true,
      partitioner: compatibilityPartitioner,
      serializers: stringSerializers,
    });
  });
  afterAll(async () => {
    await producer?.close();
    await infra?.stop();
  });

  it('prints, with --once --json, the aggregate of everything on the topic, counting duplicates and replays once', async () => {
    const z1 = [
      registered('Z-1'),
      dispatched('Z-1', 1, '2026-11-25T10:05:00.000Z'),
      accepted('Z-1', aProfile(1, { periods: 3 })),
      dispatched('Z-1', 2, '2026-11-25T11:05:00.000Z'),
      anEvent('ChargingProfileRejectedByCharger', 'Z-1', { writeId: 'w', chargingProfileId: 2, status: 'Rejected' }),
    ];
    const g1 = [
      registered('G-1', 'generic-ocpp16'),
      dispatched('G-1', 9, '2026-11-25T10:10:00.000Z'),
      accepted('G-1', aProfile(9, { periods: 2 })),
    ];
    const topic = `${prefix}chargeplane.charger-events.v1`;
    const record = (e: { id: string; type: string; chargerId: string }, replay = false) => ({
      topic,
      key: e.chargerId,
      value: JSON.stringify(e),
      headers: {
        type: e.type,
        schemaVersion: '1',
        tenantId: 'tnt_a',
        eventId: e.id,
        ...(replay ? { replay: 'true' } : {}),
      },
    });
    await producer.send({
      messages: [
        ...z1.map((e) => record(e)),
        record(z1[1]!), // an at-least-once duplicate
        ...g1.map((e) => record(e)),
        record({ ...z1[0]!, id: '0e0e0e0e-1111-4222-8333-944444444444', type: 'ChargerRenamed' }), // a type added after this build
        { topic, key: 'Z-1', value: '{"not":"an event"}' },
      ],
    });
    await producer.send({ messages: z1.map((e) => record(e, true)) }); // a replay of Z-1's history

    const output: string[] = [];
    const args = parseArgs(
      ['--once', '--json', '--timeout', '60'],
      { KAFKA_BROKERS: infra.kafkaBrokers.join(','), KAFKA_TOPIC_PREFIX: prefix },
      `${infra.runId}-analytics`,
    );
    await runAnalytics(args, (t) => output.push(t), new AbortController().signal);

    expect(output).toHaveLength(1);
    expect(JSON.parse(output[0]!)).toEqual({
      writesPerChargerPerHour: {
        'G-1': { '2026-11-25T10:00:00Z': 1 },
        'Z-1': { '2026-11-25T10:00:00Z': 1, '2026-11-25T11:00:00Z': 1 },
      },
      configurationWritesPerChargerPerHour: {},
      rejections: {
        writesDispatched: 3,
        profilesRequested: 0,
        byReason: [{ reason: 'rejected-by-charger:Rejected', count: 1, of: 'writesDispatched', rate: 0.3333 }],
      },
      slots: { 'G-1': { used: 2, profiles: 1 }, 'Z-1': { used: 3, profiles: 1 } },
      consumed: { handled: 8, duplicates: 6, invalid: 1 },
    });
  });
});
