import {
  checkAcknowledgedFacts,
  checkConvergence,
  checkKafka,
  checkNoRefusedWrites,
  checkRecovery,
  checkWriteBudget,
  maxInRollingWindow,
  verdictLine,
  type ChargerAudit,
  type StoredEvent,
} from './checks.js';

const minute = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString();
const write = (m: number) => ({ simTime: minute(m), action: 'SetChargingProfile', memoryWrite: true, reason: null });
const zappi = (over: Partial<ChargerAudit> = {}): ChargerAudit => ({
  id: 'Z1',
  model: 'zappi',
  calls: [],
  writeLimit: { maxWrites: 3, windowSeconds: 3600 },
  acknowledged: [],
  dropped: 0,
  ...over,
});
const event = (streamVersion: number, over: Partial<StoredEvent> = {}): StoredEvent => ({
  eventId: `e${streamVersion}`,
  streamId: 'charger-Z1',
  streamVersion,
  type: 'ChargerBooted',
  chargerId: 'Z1',
  transactionId: null,
  ...over,
});

describe('maxInRollingWindow', () => {
  it('counts the most instants inside any window, the window end excluded', () => {
    expect(maxInRollingWindow([0, 10, 20, 59, 60, 61], 60)).toBe(5);
    expect(maxInRollingWindow([0, 60, 120], 60)).toBe(1);
    expect(maxInRollingWindow([], 60)).toBe(0);
  });
});

describe('checkWriteBudget', () => {
  it('fails a zappi with more writes than its limit in one rolling hour, wherever the hour starts', () => {
    const within = zappi({ calls: [write(0), write(30), write(59), write(61)] });
    const over = zappi({ id: 'Z2', calls: [write(10), write(40), write(50), write(69)] });
    const check = checkWriteBudget([within, over]);
    expect(check.passed).toBe(false);
    expect(check.failures).toEqual(['Z2: 4 writes in 3600 s (limit 3)']);
    expect(check.figures).toMatchObject({ writes: 8, mostInAWindow: 4 });
  });

  it('ignores a charger without a device write limit', () => {
    expect(
      checkWriteBudget([zappi({ writeLimit: null, calls: [write(0), write(1), write(2), write(3)] })]).passed,
    ).toBe(true);
  });
});

describe('checkNoRefusedWrites', () => {
  it('fails on a write the device refused for its budget or slots, not for other reasons', () => {
    const calls = [
      { simTime: minute(1), action: 'SetChargingProfile', memoryWrite: false, reason: 'no-active-transaction: none' },
      { simTime: minute(2), action: 'SetChargingProfile', memoryWrite: false, reason: 'slots-exhausted: 13 > 12' },
    ];
    const check = checkNoRefusedWrites([zappi({ calls })]);
    expect(check.figures['refused']).toBe(1);
    expect(check.failures[0]).toContain('slots-exhausted');
  });
});

describe('checkConvergence', () => {
  it('passes when the three views hold the same profiles and names what differs otherwise', () => {
    const same = { id: 'Z1', device: ['1/100:a'], twin: ['1/100:a'], desired: ['1/100:a'] };
    expect(checkConvergence([same]).passed).toBe(true);
    const stale = { id: 'Z2', device: ['1/100:a'], twin: ['1/100:b'], desired: ['1/100:a'] };
    const check = checkConvergence([same, stale]);
    expect(check.failures).toEqual(['Z2: on device, not in twin: 1/100; in twin, not on device: 1/100']);
    expect(check.figures).toMatchObject({ chargers: 2, converged: 1 });
  });
});

describe('checkAcknowledgedFacts', () => {
  it('fails when an acknowledged stop has no stored TransactionStopped', () => {
    const audit = zappi({
      acknowledged: [
        { action: 'StartTransaction', transactionId: 7 },
        { action: 'StopTransaction', transactionId: 7 },
      ],
    });
    const started = event(1, { type: 'TransactionStarted', transactionId: 7 });
    expect(checkAcknowledgedFacts([audit], [started]).failures).toEqual([
      'Z1: StopTransaction of transaction 7 acknowledged, no TransactionStopped stored',
    ]);
    const stopped = event(2, { type: 'TransactionStopped', transactionId: 7 });
    expect(checkAcknowledgedFacts([audit], [started, stopped]).passed).toBe(true);
  });

  it('fails an audit the simulator could not keep whole', () => {
    expect(checkAcknowledgedFacts([zappi({ dropped: 3 })], []).passed).toBe(false);
  });
});

describe('checkKafka', () => {
  const types = new Set(['ChargerBooted']);
  const rec = (eventId: string, offset: number) => ({ topic: 't', partition: 0, offset, eventId });

  it('passes with duplicates after dedupe by event id and ignores internal event types', () => {
    const events = [event(1), event(2), event(3, { type: 'InternalOnly' })];
    const check = checkKafka(events, types, [rec('e1', 0), rec('e2', 1), rec('e1', 2)]);
    expect(check.passed).toBe(true);
    expect(check.figures).toMatchObject({ storedPublic: 2, duplicates: 1, lost: 0, reordered: 0 });
  });

  it('counts a lost event and a stream whose events came out of order', () => {
    const check = checkKafka([event(1), event(2), event(3)], types, [rec('e2', 0), rec('e1', 1)]);
    expect(check.figures).toMatchObject({ lost: 1, reordered: 1 });
    expect(check.passed).toBe(false);
  });
});

describe('checkRecovery and the verdict', () => {
  it('fails a fault the platform never recovered from and says so in one line', () => {
    const recovered = { atMs: 1, kind: 'kafka-restart' as const, target: null, recoveredAfterMs: 12_000 };
    const never = { atMs: 2, kind: 'kill-replica' as const, target: 'device-twin#2', recoveredAfterMs: null };
    const check = checkRecovery([recovered, never]);
    expect(check.figures).toMatchObject({ faults: 2, recovered: 1, maxRecoveryMs: 12_000 });
    expect(check.failures).toEqual(['kill-replica device-twin#2 at 2 ms: not recovered']);
    expect(verdictLine('s1', [check])).toBe('drill FAIL (seed s1): FAIL recovery after each fault');
    expect(verdictLine('s1', [checkRecovery([recovered])])).toBe('drill PASS (seed s1): ok recovery after each fault');
    const mishandled = { ...recovered, kind: 'api-abuse' as const, error: '2 requests answered 500' };
    expect(checkRecovery([mishandled]).failures).toEqual([
      'api-abuse at 1 ms: recovered after 12000 ms (2 requests answered 500)',
    ]);
  });
});
