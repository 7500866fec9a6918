import { once } from 'node:events';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { EdgeHarness } from '../test/edge-harness.js';

describe('ocpp-edge: several edges serve one fleet', () => {
  let infra: TestInfra;
  let edgeA: EdgeHarness;
  let edgeB: EdgeHarness;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    edgeA = await EdgeHarness.start(infra, { EDGE_ID: 'edge-a' });
    // Edge B relies on the same (stubbed) profile-command as edge A, through NATS.
    edgeB = await EdgeHarness.start(infra, { EDGE_ID: 'edge-b' }, false);
  });
  afterAll(async () => {
    await edgeB?.stop();
    await edgeA?.stop();
    await infra?.stop();
  });

  it('routes a call issued anywhere to whichever edge holds the charger', async () => {
    const onA = await edgeA.connect('CP-ON-A', await edgeA.register('CP-ON-A'));
    const onB = await edgeB.connect('CP-ON-B', await edgeA.register('CP-ON-B'));
    onA.handle('ClearCache', async () => ({ status: 'Accepted' }));
    onB.handle('ClearCache', async () => ({ status: 'Rejected' }));
    // Both requests go out through edge A's harness connection: NATS delivers each to the right edge.
    expect(await edgeA.call('CP-ON-A', 'ClearCache', {})).toMatchObject({
      kind: 'result',
      payload: { status: 'Accepted' },
    });
    expect(await edgeA.call('CP-ON-B', 'ClearCache', {})).toMatchObject({
      kind: 'result',
      payload: { status: 'Rejected' },
    });
    await onA.close({});
    await onB.close({});
  });

  it('follows a charger that moves to another edge: the older connection is closed and calls reach the new one', async () => {
    const password = await edgeA.register('CP-MOVE');
    const older = await edgeA.connect('CP-MOVE', password);
    older.handle('ClearCache', async () => ({ status: 'Rejected' }));
    const olderGone = once(older, 'disconnect');
    const newer = await edgeB.connect('CP-MOVE', password);
    newer.handle('ClearCache', async () => ({ status: 'Accepted' }));
    const [closed] = (await olderGone) as [{ code: number; reason: string }];
    expect(closed).toEqual({ code: 4001, reason: 'replaced by a newer connection on another edge' });
    expect(await edgeA.call('CP-MOVE', 'ClearCache', {})).toMatchObject({
      kind: 'result',
      payload: { status: 'Accepted' },
    });
    await newer.close({});
  });
});
