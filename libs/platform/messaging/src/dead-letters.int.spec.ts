import { randomUUID } from 'node:crypto';
import { streams, subjects } from '@chargeplane/contracts-api';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { Registry } from 'prom-client';
import { DeadLetterArchive } from './dead-letter-archive.js';
import { DeadLetters } from './dead-letters.js';
import { NatsBus } from './nats-bus.js';

describe('Dead letters (real NATS)', () => {
  let infra: TestInfra;
  let bus: NatsBus;
  let registry: Registry;
  let deadLetters: DeadLetters;
  const outboxReplays: string[] = [];
  let archive: DeadLetterArchive;
  const used = [streams.deadLetters, streams.twinEvents];

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    bus = await NatsBus.connect({ url: infra.natsUrl, name: 'dead-letters-test', prefix: infra.runId });
    await bus.ensureStreams(used);
    registry = new Registry();
    deadLetters = new DeadLetters(bus, registry, Date.now, randomUUID);
    archive = new DeadLetterArchive(bus, async (id) => void outboxReplays.push(id));
  });
  afterAll(async () => {
    await bus?.deleteStreams(used);
    await bus?.close();
    await infra?.stop();
  });

  it('keeps a consumer’s message with its reason, origin, headers and payload, counts it, and replays it', async () => {
    const h = natsHeaders();
    h.set('Chargeplane-Trace', 'abc');
    const original = await bus.js.publish(bus.subject(subjects.twinEvents('CP-1')), '{"n":1}', {
      msgID: 'event-1',
      headers: h,
    });
    const consumer = await bus.durableConsumer(streams.twinEvents.name, 'dl-test', subjects.twinEventsAll);
    const msg = await consumer.next({ expires: 5000 });
    expect(msg).not.toBeNull();
    const stored = await deadLetters.putMessage(
      msg!,
      { kind: 'consumer', name: 'dl-test' },
      'fold_failed',
      new Error('boom'),
      'CP-1',
    );
    msg!.ack();

    const letter = await archive.get(stored.sequence);
    expect(letter).toMatchObject({
      origin: { kind: 'consumer', name: 'dl-test', subject: subjects.twinEvents('CP-1'), streamSequence: original.seq },
      reason: 'fold_failed',
      detail: 'Error: boom',
      chargerId: 'CP-1',
      payload: '{"n":1}',
      payloadEncoding: 'utf8',
      payloadTruncated: false,
    });
    expect(letter.headers['Chargeplane-Trace']).toEqual(['abc']);
    expect(await registry.getSingleMetricAsString('chargeplane_dead_letters_total')).toContain(
      'chargeplane_dead_letters_total{origin="consumer",reason="fold_failed"} 1',
    );

    const page = await archive.list({ chargerId: 'CP-1', limit: 10 });
    expect(page.items.map((l) => l.id)).toEqual([letter.id]);
    expect((await archive.list({ chargerId: 'CP-2', limit: 10 })).items).toEqual([]);

    const outcome = await archive.replay(stored.sequence);
    expect(outcome.to).toBe(subjects.twinEvents('CP-1'));
    const again = await consumer.next({ expires: 5000 });
    expect(again?.string()).toBe('{"n":1}');
    expect(again?.headers?.get('Chargeplane-Trace')).toBe('abc');
    again?.ack();
    await expect(archive.get(stored.sequence)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('cuts a payload too large for the bus, pages through letters, and hands outbox letters back to the outbox', async () => {
    const maxPayload = bus.nc.info!.max_payload;
    const big = 'x'.repeat(maxPayload + 10);
    const first = await deadLetters.put({
      origin: { kind: 'outbox', name: 'outbox', subject: subjects.chargerEvents('CP-9'), outboxId: '42' },
      reason: 'too_large',
      detail: `${big.length} bytes`,
      chargerId: 'CP-9',
      payload: big,
    });
    const second = await deadLetters.put({
      origin: { kind: 'outbox', name: 'outbox', subject: subjects.chargerEvents('CP-9'), outboxId: '43' },
      reason: 'unparsable',
      detail: 'not an envelope',
      chargerId: 'CP-9',
      payload: new Uint8Array([0xff, 0xfe]),
    });
    const page1 = await archive.list({ chargerId: 'CP-9', limit: 1 });
    expect(page1.items.map((l) => l.sequence)).toEqual([first.sequence]);
    expect(page1.items[0]).toMatchObject({ payloadTruncated: true, payloadBytes: big.length });
    const page2 = await archive.list({ chargerId: 'CP-9', after: page1.nextAfter!, limit: 1 });
    expect(page2.items[0]).toMatchObject({ sequence: second.sequence, payload: '//4=', payloadEncoding: 'base64' });

    const outcomes = await archive.replayCharger('CP-9');
    expect(outcomes.map((o) => o.to)).toEqual(['outbox row 42', 'outbox row 43']);
    expect(outboxReplays).toEqual(['42', '43']);
    expect((await archive.list({ chargerId: 'CP-9', limit: 10 })).items).toEqual([]);
  });
});
