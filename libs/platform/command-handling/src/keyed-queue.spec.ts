import { KeyedQueue } from './keyed-queue.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('KeyedQueue', () => {
  it('given a slow task on one key, when another key is queued, then it runs without waiting', async () => {
    const queue = new KeyedQueue();
    const slow = deferred();
    const order: string[] = [];
    const a = queue.run('a', async () => {
      await slow.promise;
      order.push('a');
    });
    await queue.run('b', async () => {
      order.push('b');
    });
    slow.resolve();
    await a;
    expect(order).toEqual(['b', 'a']);
  });

  it('given a slow task on a key, when another task for the key is queued, then it waits for the first', async () => {
    const queue = new KeyedQueue();
    const slow = deferred();
    const order: string[] = [];
    const first = queue.run('a', async () => {
      await slow.promise;
      order.push('first');
    });
    const second = queue.run('a', async () => {
      order.push('second');
    });
    expect(queue.busyKeys).toBe(1);
    slow.resolve();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('given every task finished, when asked, then no key is held', async () => {
    const queue = new KeyedQueue();
    await Promise.all([queue.run('a', async () => 1), queue.run('b', async () => 2)]);
    await Promise.resolve();
    expect(queue.busyKeys).toBe(0);
  });
});
