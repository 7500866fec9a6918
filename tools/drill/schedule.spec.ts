import { FAULT_KINDS, faultSchedule, minimumDurationMs } from './schedule.js';

const replicas = ['device-twin#1', 'device-twin#2', 'ocpp-edge#1', 'ocpp-edge#2'];
const input = { seed: 'seed-1', durationMs: 180_000, replicas, warmupMs: 20_000, minGapMs: 18_000 };

describe('faultSchedule', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(faultSchedule(input)).toEqual(faultSchedule(input));
    expect(faultSchedule({ ...input, seed: 'seed-2' })).not.toEqual(faultSchedule(input));
  });

  it('injects every fault kind at least once, after the warm-up, at least a gap apart, inside the phase', () => {
    for (const seed of ['a', 'b', 'c', 'd']) {
      const faults = faultSchedule({ ...input, seed });
      expect(new Set(faults.map((f) => f.kind))).toEqual(new Set(FAULT_KINDS));
      expect(faults[0]!.atMs).toBeGreaterThanOrEqual(input.warmupMs);
      for (let i = 1; i < faults.length; i++)
        expect(faults[i]!.atMs - faults[i - 1]!.atMs).toBeGreaterThanOrEqual(input.minGapMs / 2);
      expect(faults.at(-1)!.atMs).toBeLessThan(input.durationMs);
    }
  });

  it('names a replica to kill and a node to restart, and nothing for the others', () => {
    const faults = faultSchedule({ ...input, durationMs: 600_000 });
    for (const f of faults) {
      if (f.kind === 'kill-replica') expect(replicas).toContain(f.target);
      else if (f.kind === 'nats-node-restart') expect(['1', '2', '3']).toContain(f.target);
      else expect(f.target).toBeNull();
    }
  });

  it('fills a longer phase with more faults', () => {
    expect(faultSchedule({ ...input, durationMs: 600_000 }).length).toBeGreaterThan(faultSchedule(input).length);
  });

  it('refuses a phase too short for every kind, saying how long it must be', () => {
    expect(minimumDurationMs(input)).toBe(20_000 + FAULT_KINDS.length * 18_000);
    expect(() => faultSchedule({ ...input, durationMs: 60_000 })).toThrow(/give at least 3 minutes/);
  });
});
