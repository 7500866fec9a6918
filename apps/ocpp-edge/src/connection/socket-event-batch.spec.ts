import { setImmediate as nextTurn } from 'node:timers/promises';
import { SocketEventBatch } from './socket-event-batch.js';

describe('SocketEventBatch', () => {
  it('runs the events queued in one turn together, after the turn, in arrival order', async () => {
    const ran: string[] = [];
    const batch = new SocketEventBatch(() => undefined);
    batch.run(() => ran.push('a1'));
    batch.run(() => ran.push('b1'));
    batch.run(() => ran.push('a2'));
    expect(ran).toEqual([]);
    await nextTurn();
    expect(ran).toEqual(['a1', 'b1', 'a2']);
  });

  it('hands a failing event to onError and still runs the ones behind it', async () => {
    const ran: string[] = [];
    const errors: unknown[] = [];
    const batch = new SocketEventBatch((error) => errors.push(error));
    batch.run(() => {
      throw new Error('one connection failed');
    });
    batch.run(() => ran.push('next'));
    await nextTurn();
    expect(ran).toEqual(['next']);
    expect(errors).toEqual([new Error('one connection failed')]);
  });

  it('queues an event raised while the batch runs for the next turn', async () => {
    const ran: string[] = [];
    const batch = new SocketEventBatch(() => undefined);
    batch.run(() => {
      ran.push('first');
      batch.run(() => ran.push('later'));
    });
    await nextTurn();
    expect(ran).toEqual(['first']);
    await nextTurn();
    expect(ran).toEqual(['first', 'later']);
  });
});
