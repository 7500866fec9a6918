import { ManualTimers } from '../../test/manual-timers.js';
import { Scheduler } from './scheduler.js';

function aScheduler(maxBatch = 10_000) {
  const timers = new ManualTimers();
  const errors: unknown[] = [];
  const scheduler = new Scheduler(timers, { maxBatch, onError: (e) => errors.push(e) });
  return { timers, scheduler, errors };
}

describe('Scheduler', () => {
  it('runs tasks in due order, and tasks due at the same instant in the order they were added', () => {
    const { timers, scheduler } = aScheduler();
    const ran: string[] = [];
    scheduler.after(300, () => ran.push('c'));
    scheduler.after(100, () => ran.push('a1'));
    scheduler.after(200, () => ran.push('b'));
    scheduler.after(100, () => ran.push('a2'));
    timers.advance(250);
    expect(ran).toEqual(['a1', 'a2', 'b']);
    timers.advance(50);
    expect(ran).toEqual(['a1', 'a2', 'b', 'c']);
  });

  it('never runs a task before it is due', () => {
    const { timers, scheduler } = aScheduler();
    const ran: number[] = [];
    scheduler.after(1000, () => ran.push(timers.now()));
    timers.advance(999);
    expect(ran).toEqual([]);
    timers.advance(1);
    expect(ran).toEqual([1000]);
  });

  it('drives ten thousand tasks from one real timer at a time, in order', () => {
    const { timers, scheduler } = aScheduler();
    const due: number[] = [];
    const ran: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const at = (i * 7919) % 60_000; // a scrambled but deterministic spread over a minute
      due.push(at);
      scheduler.at(at, () => ran.push(at));
    }
    expect(timers.active).toBe(1);
    expect(scheduler.pending).toBe(10_000);
    timers.advance(60_000);
    expect(ran).toEqual([...due].sort((a, b) => a - b));
    expect(timers.active).toBe(0);
  });

  it('does not run a cancelled task, and cancelling twice is harmless', () => {
    const { timers, scheduler } = aScheduler();
    const ran: string[] = [];
    const task = scheduler.after(100, () => ran.push('cancelled'));
    scheduler.after(100, () => ran.push('kept'));
    task.cancel();
    task.cancel();
    expect(scheduler.pending).toBe(1);
    timers.advance(200);
    expect(ran).toEqual(['kept']);
  });

  it('keeps memory bounded when most tasks are cancelled (heartbeats rescheduled over and over)', () => {
    const { timers, scheduler } = aScheduler();
    let ran = 0;
    for (let i = 0; i < 50_000; i++) scheduler.after(10_000, () => ran++).cancel();
    scheduler.after(10_000, () => ran++);
    expect(scheduler.pending).toBe(1);
    timers.advance(10_000);
    expect(ran).toBe(1);
  });

  it('re-arms its timer when an earlier task arrives', () => {
    const { timers, scheduler } = aScheduler();
    const ran: string[] = [];
    scheduler.after(5000, () => ran.push('late'));
    scheduler.after(10, () => ran.push('early'));
    timers.advance(10);
    expect(ran).toEqual(['early']);
    expect(timers.active).toBe(1);
  });

  it('runs tasks scheduled by a running task when they fall due', () => {
    const { timers, scheduler } = aScheduler();
    const ran: number[] = [];
    const tick = (): void => {
      ran.push(timers.now());
      if (ran.length < 3) scheduler.after(100, tick);
    };
    scheduler.after(100, tick);
    timers.advance(1000);
    expect(ran).toEqual([100, 200, 300]);
  });

  it('keeps earlier pending tasks on time when a running task schedules a later one', () => {
    const { timers, scheduler } = aScheduler();
    const ran: string[] = [];
    scheduler.after(0, () => {
      ran.push('first');
      scheduler.after(30_000, () => ran.push('timeout'));
    });
    scheduler.after(5, () => ran.push('second'));
    timers.advance(5);
    expect(ran).toEqual(['first', 'second']);
  });

  it('yields after maxBatch tasks and finishes the rest on the next turn', () => {
    const { timers, scheduler } = aScheduler(3);
    let ran = 0;
    for (let i = 0; i < 7; i++) scheduler.after(0, () => ran++);
    scheduler.runDue();
    expect(ran).toBe(3);
    timers.advance(0);
    expect(ran).toBe(7);
  });

  it('reports a failing task and keeps running the others', () => {
    const { timers, scheduler, errors } = aScheduler();
    const ran: string[] = [];
    scheduler.after(1, () => {
      throw new Error('boom');
    });
    scheduler.after(1, () => ran.push('next'));
    timers.advance(1);
    expect(errors).toHaveLength(1);
    expect(ran).toEqual(['next']);
  });

  it('drops everything on stop and ignores later tasks', () => {
    const { timers, scheduler } = aScheduler();
    const ran: string[] = [];
    scheduler.after(1, () => ran.push('before'));
    scheduler.stop();
    scheduler.after(1, () => ran.push('after'));
    timers.advance(10);
    expect(ran).toEqual([]);
    expect(timers.active).toBe(0);
  });
});
