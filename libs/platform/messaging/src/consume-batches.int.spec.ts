import { streams, subjects } from '@chargeplane/contracts-api';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { AckPolicy } from '@nats-io/jetstream';
import { z } from 'zod';
import { consumeBatches, type BatchItem } from './consume-batches.js';
import { NatsBus } from './nats-bus.js';

const Message = z.object({ n: z.number() });

describe('consumeBatches acknowledgements (real NATS)', () => {
  let infra: TestInfra;
  let bus: NatsBus;
  const stream = streams.chargerEvents;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    bus = await NatsBus.connect({ url: infra.natsUrl, name: 'consume-batches-test', prefix: infra.runId });
    await bus.ensureStreams([stream]);
  });
  afterAll(async () => {
    await bus?.deleteStreams([stream]);
    await bus?.close();
    await infra?.stop();
  });

  const publish = async (from: number, to: number) => {
    for (let n = from; n <= to; n++) await bus.publish(subjects.chargerEvents(`C${n % 3}`), { n });
  };
  const consumerInfo = (durable: string) => bus.jsm.consumers.info(bus.stream(stream.name), durable);

  it('settles each batch with one cumulative ack, and turns an old explicit-ack durable into one at its ack floor', async () => {
    await publish(1, 10);
    // A durable as an earlier version made it: explicit acks, the first four acknowledged one by one.
    const old = await bus.durableConsumer(stream.name, 'acks', subjects.chargerEventsAll);
    const first = await old.fetch({ max_messages: 4, expires: 2000 });
    for await (const m of first) m.ack();
    await vi.waitFor(async () => expect((await consumerInfo('acks')).ack_floor.stream_seq).toBe(4));

    const seen: number[][] = [];
    const consumer = await consumeBatches(bus, {
      stream: stream.name,
      durable: 'acks',
      filterSubject: subjects.chargerEventsAll,
      schema: Message,
      batchSize: 4,
      handleBatch: async (items: BatchItem<{ n: number }>[]) => {
        seen.push(items.map((i) => i.message.n));
      },
      onInvalid: () => undefined,
      onRetry: () => undefined,
    });
    expect(consumer.prepared.resetFrom).toBe(5);
    await vi.waitFor(() => expect(seen.flat()).toEqual([5, 6, 7, 8, 9, 10]), { timeout: 5000 });
    await vi.waitFor(async () => {
      const info = await consumerInfo('acks');
      expect(info.config.ack_policy).toBe(AckPolicy.All);
      expect(info.num_ack_pending).toBe(0);
      expect(info.ack_floor.stream_seq).toBe(10);
    });
    await consumer.stop();
  });
});
