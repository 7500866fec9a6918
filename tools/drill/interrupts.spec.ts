import { cleanupOnce, interruptHandler } from './interrupts.js';

describe('drill interrupts', () => {
  const rig = (keeping = false) => {
    const calls = { cleanups: 0, exits: [] as number[], lines: [] as string[] };
    let finish: () => void = () => undefined;
    const cleanup = cleanupOnce(() => {
      calls.cleanups++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const handle = interruptHandler({
      cleanup,
      keeping: () => keeping,
      exit: (code) => void calls.exits.push(code),
      log: (line) => void calls.lines.push(line),
    });
    return { calls, cleanup, handle, finish: () => finish() };
  };

  it('cleans up once and exits 130 when it is done, however many interrupts come meanwhile', async () => {
    const { calls, cleanup, handle, finish } = rig();
    handle('SIGINT');
    handle('SIGINT');
    handle('SIGTERM');
    expect(calls.cleanups).toBe(1);
    expect(calls.exits).toEqual([]);
    expect(calls.lines).toEqual([
      'drill: SIGINT again: stopping the servers this drill started; wait for it to end',
      'drill: SIGTERM again: stopping the servers this drill started; wait for it to end',
    ]);
    finish();
    await cleanup.run();
    await Promise.resolve();
    expect(calls.exits).toEqual([130]);
  });

  it('leaves a run that keeps its servers for a look to its own end, which cleans up once', async () => {
    const { calls, cleanup, handle, finish } = rig(true);
    handle('SIGINT');
    expect(calls.cleanups).toBe(0);
    const ending = cleanup.run();
    handle('SIGINT');
    expect(calls.lines).toHaveLength(1);
    finish();
    await ending;
    expect(calls.cleanups).toBe(1);
    expect(calls.exits).toEqual([]);
  });
});
