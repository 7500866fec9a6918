import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import fc from 'fast-check';
import { EdgeHarness } from '../test/edge-harness.js';
import { basic, openRaw, type RawCharger } from '../test/raw-charger.js';

const FRAMES = 10_000;
const CONNECTIONS = 20;

/** Frames a broken or hostile charger might send: malformed JSON, wrong shapes, bad ids, huge, binary, valid. */
const aFrame = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc
    .tuple(
      fc.constantFrom(2, 3, 4, 5, -1, '2'),
      fc.string({ maxLength: 40 }),
      fc.string({ maxLength: 30 }),
      fc.anything({ maxDepth: 2 }),
    )
    .map((t) => JSON.stringify(t)),
  fc
    .tuple(
      fc.string({ minLength: 1, maxLength: 36 }),
      fc.constantFrom(
        'BootNotification',
        'Heartbeat',
        'StatusNotification',
        'MeterValues',
        'Authorize',
        'StartTransaction',
        'DataTransfer',
        'Foo',
      ),
      fc.object({ maxDepth: 2 }),
    )
    .map(([id, action, payload]) => JSON.stringify([2, id, action, payload])),
  fc.string({ minLength: 1, maxLength: 36 }).map((id) => JSON.stringify([2, id, 'Heartbeat', {}])),
  fc.constant('x'.repeat(70_000)),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
);

describe('ocpp-edge: robustness against random, malformed, oversized and out-of-order frames', () => {
  let infra: TestInfra;
  let harness: EdgeHarness;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    harness = await EdgeHarness.start(infra);
  });
  afterAll(async () => {
    await harness?.stop();
    await infra?.stop();
  });

  it(`stays up through ${FRAMES} fuzzed frames on ${CONNECTIONS} connections while a well-behaved charger is unaffected`, async () => {
    const goodPassword = await harness.register('CP-GOOD');
    const good = await harness.connect('CP-GOOD', goodPassword);
    good.handle('GetConfiguration', async () => ({ configurationKey: [], unknownKey: [] }));
    const passwords = await Promise.all(
      Array.from({ length: CONNECTIONS }, (_, i) => harness.register(`CP-FUZZ-${i}`)),
    );
    const frames = fc.sample(aFrame, { numRuns: FRAMES, seed: 20261125 });
    let sent = 0;
    let reconnects = 0;
    let goodCalls = 0;

    const fuzzer = async (i: number, mine: (string | Buffer)[]) => {
      const id = `CP-FUZZ-${i}`;
      let socket: RawCharger | undefined;
      for (const frame of mine) {
        if (!socket || !socket.isOpen) {
          socket = await openRaw(`${harness.url}/${id}`, basic(id, passwords[i]!));
          reconnects++;
        }
        socket.send(frame);
        sent++;
        if (sent % 50 === 0) await new Promise((r) => setImmediate(r));
      }
      socket?.close();
    };
    const wellBehaved = async () => {
      while (sent < FRAMES) {
        await good.call('Heartbeat', {});
        const reply = await harness.call('CP-GOOD', 'GetConfiguration', {});
        expect(reply).toMatchObject({ kind: 'result' });
        goodCalls++;
        // Well-behaved: within the per-connection call rate (a charger hammering the edge is closed).
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    const shares = Array.from({ length: CONNECTIONS }, (_, i) => frames.filter((_, n) => n % CONNECTIONS === i));
    await Promise.all([...shares.map((mine, i) => fuzzer(i, mine)), wellBehaved()]);

    expect(sent).toBe(FRAMES);
    expect(goodCalls).toBeGreaterThan(0);
    // The edge closed offenders (bad-frame budget, oversized frames), and is still healthy afterwards.
    expect(reconnects).toBeGreaterThan(CONNECTIONS);
    const ready = await fetch(`http://127.0.0.1:${harness.edge.metricsPort}/readyz`);
    expect(ready.status).toBe(200);
    expect(await good.call('Heartbeat', {})).toMatchObject({ currentTime: expect.any(String) });
    await good.close({});
  }, 120_000);
});
