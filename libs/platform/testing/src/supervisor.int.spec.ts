import { spawn, type ChildProcess } from 'node:child_process';
import { eventually } from './eventually.js';
import { SupervisedProcess, type SupervisorEvent } from './supervisor.js';

// The supervisor with real node processes (npm start, the drill): kill -9 of the child is followed by a new
// process; stop ends it for good.
describe('SupervisedProcess with real processes', () => {
  let supervised: SupervisedProcess<ChildProcess> | undefined;
  afterAll(async () => {
    await supervised?.stop(2_000);
  });

  it('restarts a process killed with SIGKILL and stops it for good on stop', async () => {
    const events: SupervisorEvent[] = [];
    supervised = new SupervisedProcess<ChildProcess>(
      'sleeper#1',
      {
        spawn: () => spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }),
        now: () => Date.now(),
        schedule: (fn, ms) => {
          const timer = setTimeout(fn, ms);
          return () => clearTimeout(timer);
        },
        log: (e) => events.push(e),
      },
      { initialMs: 100, maxMs: 1_000, factor: 2, stableAfterMs: 60_000 },
    );
    supervised.start();
    const first = supervised.current!.pid;
    supervised.kill('SIGKILL');
    const second = await eventually(async () => {
      const pid = supervised!.current?.pid;
      return pid !== undefined && pid !== first ? pid : undefined;
    }, 30_000);
    expect(events.find((e) => e.kind === 'exited')).toMatchObject({ signal: 'SIGKILL', restartInMs: 100 });

    const running = supervised.current!;
    await supervised.stop(2_000);
    expect(running.exitCode !== null || running.signalCode !== null).toBe(true);
    expect(supervised.current).toBeNull();
    expect(supervised.startCount).toBe(2);
    expect(second).not.toBe(first);
  });
});
