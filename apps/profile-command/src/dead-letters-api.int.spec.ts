import { randomUUID } from 'node:crypto';
import { DeadLetter, DeadLetterPage, streams, subjects } from '@chargeplane/contracts-api';
import { DeadLetters } from '@chargeplane/platform-messaging';
import { eventually } from '@chargeplane/platform-testing';
import { Registry } from 'prom-client';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

describe('profile-command: dead letters API (admin key)', () => {
  let t: TestApp;
  let tenantKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    tenantKey = String((await t.call('POST', '/v1/tenants', adminKey, { name: 'DL' })).body['apiKey']);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lists, inspects and replays dead letters: a consumer’s back to its subject, an outbox row back to the relay', async () => {
    // A message a consumer could not apply (what device-twin does with an event that fails to fold).
    const bus = t.parts.bus;
    const original = await bus.publish(subjects.chargerEvents('CP-DL'), { n: 1 }, randomUUID());
    const sink = new DeadLetters(bus, new Registry(), Date.now, randomUUID);
    const consumerLetter = await sink.put({
      origin: {
        kind: 'consumer',
        name: 'device-twin',
        subject: subjects.chargerEvents('CP-DL'),
        streamSequence: original.seq,
      },
      reason: 'fold_failed',
      detail: 'no twin for CP-DL',
      chargerId: 'CP-DL',
      payload: '{"n":1}',
    });
    // An outbox row whose payload is not an event: the running relay dead-letters it.
    await t.parts.db.query(
      `INSERT INTO outbox (event_id, subject, payload) VALUES ($1, $2, '{"chargerId":"CP-DL","broken":true}')`,
      [randomUUID(), subjects.chargerEvents('CP-DL')],
    );
    await t.parts.db.query(`SELECT pg_notify('chargeplane_outbox', '')`);

    const all = await eventually(async () => {
      const res = await t.call('GET', '/v1/dead-letters?chargerId=CP-DL', adminKey);
      const page = DeadLetterPage.parse(res.body);
      return page.items.length === 2 ? page : undefined;
    });
    expect(all.items.map((l) => [l.origin.kind, l.reason])).toEqual([
      ['consumer', 'fold_failed'],
      ['outbox', 'unparsable'],
    ]);
    expect(all.items[1]?.payload).toBe('{"broken":true,"chargerId":"CP-DL"}');
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/chargeplane_dead_letters_total\{origin="outbox",reason="unparsable"[^}]*\} 1/);

    const firstPage = DeadLetterPage.parse(
      (await t.call('GET', '/v1/dead-letters?chargerId=CP-DL&limit=1', adminKey)).body,
    );
    expect(firstPage.items.map((l) => l.sequence)).toEqual([consumerLetter.sequence]);
    const secondPage = DeadLetterPage.parse(
      (await t.call('GET', `/v1/dead-letters?chargerId=CP-DL&limit=1&after=${firstPage.nextAfter}`, adminKey)).body,
    );
    expect(secondPage.items.map((l) => l.origin.kind)).toEqual(['outbox']);

    const one = await t.call('GET', `/v1/dead-letters/${consumerLetter.sequence}`, adminKey);
    expect(DeadLetter.parse(one.body)).toMatchObject({ detail: 'no twin for CP-DL', payload: '{"n":1}' });
    expect((await t.call('GET', '/v1/dead-letters/999999', adminKey)).status).toBe(404);

    const replayed = await t.call('POST', `/v1/dead-letters/${consumerLetter.sequence}/replay`, adminKey);
    expect(replayed).toMatchObject({ status: 200, body: { to: subjects.chargerEvents('CP-DL') } });
    const copy = await bus.jsm.streams.getMessage(bus.stream(streams.chargerEvents.name), {
      last_by_subj: bus.subject(subjects.chargerEvents('CP-DL')),
    });
    expect(copy?.seq).toBeGreaterThan(original.seq);
    expect(copy?.string()).toBe('{"n":1}');

    // The outbox row goes back to the relay; still unparsable, it comes back as a new dead letter.
    const all2 = await t.call('POST', '/v1/dead-letters/replay', adminKey, { chargerId: 'CP-DL' });
    expect(all2.status).toBe(200);
    expect(all2.body['replayed']).toEqual([expect.objectContaining({ to: expect.stringMatching(/^outbox row \d+$/) })]);
    const again = await eventually(async () => {
      const page = DeadLetterPage.parse((await t.call('GET', '/v1/dead-letters?chargerId=CP-DL', adminKey)).body);
      return page.items.length === 1 ? page : undefined;
    });
    expect(again.items[0]?.sequence).toBeGreaterThan(secondPage.items[0]!.sequence);
  });

  it('answers only the admin key', async () => {
    expect((await t.call('GET', '/v1/dead-letters', null)).status).toBe(401);
    expect((await t.call('GET', '/v1/dead-letters', tenantKey)).status).toBe(403);
    expect((await t.call('POST', '/v1/dead-letters/replay', tenantKey, { chargerId: 'CP-DL' })).status).toBe(403);
  });
});
