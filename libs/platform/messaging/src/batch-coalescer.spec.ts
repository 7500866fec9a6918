import { BatchCoalescer, PartitionNoLongerHeld } from './batch-coalescer.js';

/** A handler whose calls are recorded and finish only when the test says (or fail on the items it names). */
function gatedHandler(failOn: (items: string[]) => boolean = () => false) {
  const calls: string[][] = [];
  const gates: (() => void)[] = [];
  const handle = (items: string[]) => {
    calls.push([...items]);
    return new Promise<void>((resolve, reject) => {
      gates.push(() => (failOn(items) ? reject(new Error(`cannot handle ${items.join(',')}`)) : resolve()));
    });
  };
  /** Lets every call made so far finish, and waits for what the coalescer does next. */
  const release = async () => {
    for (const open of gates.splice(0)) open();
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { calls, handle, release };
}

const settled = (p: Promise<void>) =>
  p.then(
    () => 'handled',
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );

describe('batches of several partitions sharing one handler', () => {
  it('go at once when nothing is in flight, and together when they arrive while a call runs', async () => {
    const { calls, handle, release } = gatedHandler();
    const coalescer = new BatchCoalescer(handle, { maxItems: 100, concurrency: 1 });

    const first = settled(coalescer.submit(['p1-a', 'p1-b']));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['p1-a', 'p1-b']]);

    const second = settled(coalescer.submit(['p2-a']));
    const third = settled(coalescer.submit(['p3-a', 'p3-b']));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toHaveLength(1);

    await release();
    expect(calls).toEqual([
      ['p1-a', 'p1-b'],
      ['p2-a', 'p3-a', 'p3-b'],
    ]);
    await release();
    expect(await Promise.all([first, second, third])).toEqual(['handled', 'handled', 'handled']);
  });

  it('keep to the item limit without splitting a batch, and always move at least one', async () => {
    const { calls, handle, release } = gatedHandler();
    const coalescer = new BatchCoalescer(handle, { maxItems: 3, concurrency: 1 });
    const all = [
      coalescer.submit(['a1']),
      coalescer.submit(['b1', 'b2']),
      coalescer.submit(['c1', 'c2']),
      coalescer.submit(['d1', 'd2', 'd3', 'd4']),
    ];
    for (let round = 0; round < 4; round++) await release();
    await Promise.all(all);
    expect(calls).toEqual([
      ['a1', 'b1', 'b2'],
      ['c1', 'c2'],
      ['d1', 'd2', 'd3', 'd4'],
    ]);
  });

  it('run up to the concurrency limit side by side', async () => {
    const { calls, handle, release } = gatedHandler();
    const coalescer = new BatchCoalescer(handle, { maxItems: 100, concurrency: 2 });
    const first = coalescer.submit(['a']);
    await new Promise((resolve) => setImmediate(resolve));
    const second = coalescer.submit(['b']);
    await new Promise((resolve) => setImmediate(resolve));
    const third = coalescer.submit(['c']);
    const fourth = coalescer.submit(['d']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['a'], ['b']]);
    await release();
    expect(calls).toEqual([['a'], ['b'], ['c', 'd']]);
    await release();
    await Promise.all([first, second, third, fourth]);
  });

  it('fail only where the failing item is: a combined call that fails is handled again batch by batch', async () => {
    const { calls, handle, release } = gatedHandler((items) => items.includes('poison'));
    const coalescer = new BatchCoalescer(handle, { maxItems: 100, concurrency: 1 });
    const first = settled(coalescer.submit(['p1-a']));
    const healthy = settled(coalescer.submit(['p2-a', 'p2-b']));
    const poisoned = settled(coalescer.submit(['p3-a', 'poison']));
    const later = settled(coalescer.submit(['p4-a']));
    for (let round = 0; round < 6; round++) await release();

    expect(await Promise.all([first, healthy, poisoned, later])).toEqual([
      'handled',
      'handled',
      'cannot handle p3-a,poison',
      'handled',
    ]);
    expect(calls).toEqual([
      ['p1-a', 'p2-a', 'p2-b', 'p3-a', 'poison', 'p4-a'],
      ['p1-a'],
      ['p2-a', 'p2-b'],
      ['p3-a', 'poison'],
      ['p4-a'],
    ]);
  });

  it('are not run when their partition was handed over while they waited', async () => {
    const { calls, handle, release } = gatedHandler();
    const coalescer = new BatchCoalescer(handle, { maxItems: 100, concurrency: 1 });
    let held = true;
    const first = settled(coalescer.submit(['p1-a']));
    await new Promise((resolve) => setImmediate(resolve));
    const lapsed = coalescer.submit(['p2-a'], () => held).catch((error: unknown) => error);
    const other = settled(coalescer.submit(['p3-a']));
    held = false; // p2's lease went while p1's call ran
    await release();
    await release();
    expect(await lapsed).toBeInstanceOf(PartitionNoLongerHeld);
    expect(await Promise.all([first, other])).toEqual(['handled', 'handled']);
    expect(calls).toEqual([['p1-a'], ['p3-a']]);
  });

  it('hand a lone batch its own error at once, without a second call', async () => {
    const { calls, handle, release } = gatedHandler(() => true);
    const coalescer = new BatchCoalescer(handle, { maxItems: 100, concurrency: 1 });
    const only = settled(coalescer.submit(['x']));
    await new Promise((resolve) => setImmediate(resolve));
    await release();
    expect(await only).toBe('cannot handle x');
    expect(calls).toEqual([['x']]);
  });
});
