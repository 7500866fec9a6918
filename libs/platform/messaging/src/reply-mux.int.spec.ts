import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DiscardPolicy } from '@nats-io/jetstream';
import { z } from 'zod';
import { NatsBus } from './nats-bus.js';
import { JetStreamRefusedError } from './pub-ack.js';
import { NoRespondersError, ReplyMux, ReplyTimeoutError } from './reply-mux.js';

describe('ReplyMux and the bus requests built on it (real NATS)', () => {
  let infra: TestInfra;
  let nc: NatsConnection;
  let bus: NatsBus;
  const stream = { name: 'REPLYMUX', subjects: ['replymux.>'] };

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    nc = await connect({ servers: infra.natsUrl, noAsyncTraces: true });
    bus = await NatsBus.connect({ url: infra.natsUrl, name: 'reply-mux-test', prefix: infra.runId });
    await bus.ensureStreams([stream]);
  });
  afterAll(async () => {
    await bus?.deleteStreams([stream]);
    await bus?.close();
    await nc?.close();
    await infra?.stop();
  });

  const subject = (name: string) => `${infra.runId}.mux.${name}`;

  it('gives each of many concurrent requests its own reply, and keeps nothing waiting afterwards', async () => {
    const sub = nc.subscribe(subject('echo'), { callback: (_e, msg) => void msg.respond(`re:${msg.string()}`) });
    await nc.flush();
    const mux = new ReplyMux(nc);
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => mux.request(subject('echo'), `n${i}`, 5_000)),
    );
    expect(replies.map((r) => r.string())).toEqual(Array.from({ length: 200 }, (_, i) => `re:n${i}`));
    expect(mux.waiting).toBe(0);
    sub.unsubscribe();
  });

  it('rejects with NoRespondersError when nothing subscribes to the subject', async () => {
    const mux = new ReplyMux(nc);
    await expect(mux.request(subject('nobody'), 'x', 5_000)).rejects.toBeInstanceOf(NoRespondersError);
    expect(mux.waiting).toBe(0);
  });

  it('rejects with ReplyTimeoutError when the responder stays silent, and drops its late answer', async () => {
    const held: { respond: (data: string) => boolean }[] = [];
    const sub = nc.subscribe(subject('silent'), { callback: (_e, msg) => void held.push(msg) });
    await nc.flush();
    const mux = new ReplyMux(nc);
    await expect(mux.request(subject('silent'), 'x', 150)).rejects.toBeInstanceOf(ReplyTimeoutError);
    expect(mux.waiting).toBe(0);
    // The answer arriving now belongs to nobody; the next request still gets its own.
    held[0]?.respond('late');
    const next = mux.request(subject('silent'), 'y', 5_000);
    await expect.poll(() => held.length).toBe(2);
    held[1]?.respond('on time');
    expect((await next).string()).toBe('on time');
    sub.unsubscribe();
  });

  it('refuses a payload over the server max_payload before sending it, with the client error', async () => {
    const mux = new ReplyMux(nc);
    const tooLarge = 'x'.repeat((nc.info?.max_payload ?? 1024 * 1024) + 1);
    await expect(mux.request(subject('echo'), tooLarge, 5_000)).rejects.toThrow(/max_payload/);
    expect(mux.waiting).toBe(0);
  });

  it('fails every waiting request when its connection closes', async () => {
    const own = await connect({ servers: infra.natsUrl });
    const sub = nc.subscribe(subject('never'), { callback: () => undefined });
    await nc.flush();
    const mux = new ReplyMux(own);
    const waiting = mux.request(subject('never'), 'x', 30_000);
    await own.flush();
    await own.close();
    await expect(waiting).rejects.toThrow();
    expect(mux.waiting).toBe(0);
    sub.unsubscribe();
  });

  it('publishes to JetStream through it: stored, then a duplicate by Nats-Msg-Id, then a refusal by the stream', async () => {
    const first = await bus.publish('replymux.a', { n: 1 }, 'msg-1');
    const again = await bus.publish('replymux.a', { n: 1 }, 'msg-1');
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ seq: first.seq, duplicate: true });
    const next = await bus.publish('replymux.a', { n: 2 });
    expect(next.seq).toBe(first.seq + 1);
    // A full stream that discards new messages refuses the next one, with its reason.
    await bus.jsm.streams.update(bus.stream(stream.name), { max_msgs: 2, discard: DiscardPolicy.New });
    const refused = bus.publish('replymux.a', { n: 3 });
    await expect(refused).rejects.toBeInstanceOf(JetStreamRefusedError);
    await expect(refused).rejects.toThrow(/maximum messages/);
  });

  it('says which subject no stream takes when JetStream has none for it', async () => {
    await expect(bus.publish('replymux-none.a', { n: 1 })).rejects.toThrow(
      /no JetStream stream takes .*replymux-none\.a/,
    );
  });

  it('answers a bus request with the served reply, and a request nobody serves as UNAVAILABLE', async () => {
    const served = bus.serve('mux.double', z.object({ n: z.number() }), async ({ n }) => ({ doubled: n * 2 }));
    await bus.nc.flush();
    await expect(bus.request('mux.double', { n: 21 }, z.object({ doubled: z.number() }))).resolves.toEqual({
      doubled: 42,
    });
    served.unsubscribe();
    await bus.nc.flush();
    await expect(bus.request('mux.double', { n: 1 }, z.object({}))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
