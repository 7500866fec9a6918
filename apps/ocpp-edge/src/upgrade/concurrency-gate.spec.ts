import { ConcurrencyGate } from './concurrency-gate.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyGate', () => {
  it('runs at most `limit` tasks at once and starts the waiting ones in arrival order', async () => {
    const gate = new ConcurrencyGate(2);
    const tasks = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = tasks.map((task, i) =>
      gate.run(async () => {
        started.push(i);
        await task.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect([gate.running, gate.waiting]).toEqual([2, 2]);
    tasks[1]?.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    tasks[0]?.resolve();
    tasks[2]?.resolve();
    tasks[3]?.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
  });

  it('frees the slot of a task that fails, and passes the failure on', async () => {
    const gate = new ConcurrencyGate(1);
    const failing = gate.run(() => Promise.reject(new Error('scrypt failed')));
    const next = gate.run(async () => 'next');
    await expect(failing).rejects.toThrow('scrypt failed');
    expect(await next).toBe('next');
    expect(gate.running).toBe(0);
  });

  it('refuses a limit that could never run anything', () => {
    expect(() => new ConcurrencyGate(0)).toThrow(RangeError);
  });
});
