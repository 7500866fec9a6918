import { parseFrame } from './parse-frame.js';
import { PendingCalls, type OutboundCall } from './pending-calls.js';

interface Call extends OutboundCall {
  readonly action: string;
}

const aCall = (messageId: string, action = 'SetChargingProfile'): Call => ({ messageId, action });
const accepted = { kind: 'callResult', payload: { status: 'Accepted' } } as const;

function aQueue(overrides: Partial<ConstructorParameters<typeof PendingCalls>[0]> = {}) {
  return new PendingCalls<Call>({ maxQueued: 3, timeoutMs: 30_000, lateResultMemory: 2, ...overrides });
}

describe('PendingCalls', () => {
  describe('one outstanding call, FIFO behind it', () => {
    it('hands out calls in order, one at a time', () => {
      const calls = aQueue();
      calls.enqueue(aCall('a'));
      calls.enqueue(aCall('b'));
      expect(calls.next(1_000)).toEqual({ call: aCall('a'), sentAt: 1_000, deadline: 31_000 });
      expect(calls.next(1_001)).toBeUndefined();
      expect(calls.settle('a', accepted).kind).toBe('settled');
      expect(calls.next(2_000)?.call.messageId).toBe('b');
      expect(calls.settle('b', accepted).kind).toBe('settled');
      expect(calls.next(3_000)).toBeUndefined();
    });

    it('reports the queue position', () => {
      const calls = aQueue();
      expect(calls.enqueue(aCall('a'))).toEqual({ ok: true, position: 0 });
      expect(calls.enqueue(aCall('b'))).toEqual({ ok: true, position: 1 });
    });
  });

  describe('bound', () => {
    it('refuses a call beyond maxQueued waiting calls; the outstanding one does not count', () => {
      const calls = aQueue({ maxQueued: 2 });
      calls.enqueue(aCall('a'));
      calls.next(0);
      expect(calls.enqueue(aCall('b')).ok).toBe(true);
      expect(calls.enqueue(aCall('c')).ok).toBe(true);
      expect(calls.enqueue(aCall('d'))).toEqual({ ok: false, reason: 'queueFull' });
      expect(calls.queued).toBe(2);
    });

    it('refuses an id already queued, outstanding or remembered as timed out', () => {
      const calls = aQueue();
      calls.enqueue(aCall('a'));
      expect(calls.enqueue(aCall('a'))).toEqual({ ok: false, reason: 'duplicateMessageId' });
      calls.next(0);
      expect(calls.enqueue(aCall('a'))).toEqual({ ok: false, reason: 'duplicateMessageId' });
      calls.expire(30_000);
      expect(calls.enqueue(aCall('a'))).toEqual({ ok: false, reason: 'duplicateMessageId' });
    });

    it('rejects nonsensical limits', () => {
      expect(() => aQueue({ timeoutMs: 0 })).toThrow(RangeError);
      expect(() => aQueue({ maxQueued: -1 })).toThrow(RangeError);
      expect(() => aQueue({ lateResultMemory: 1.5 })).toThrow(RangeError);
    });
  });

  describe('timeout', () => {
    it('expires the outstanding call at its deadline, not before', () => {
      const calls = aQueue();
      calls.enqueue(aCall('a'));
      calls.next(1_000);
      expect(calls.nextDeadline()).toBe(31_000);
      expect(calls.expire(30_999)).toBeUndefined();
      expect(calls.expire(31_000)).toEqual({ call: aCall('a'), sentAt: 1_000, deadline: 31_000, expiredAt: 31_000 });
      expect(calls.outstanding).toBeUndefined();
      expect(calls.nextDeadline()).toBeUndefined();
    });

    it('lets the next call go once the outstanding one has expired', () => {
      const calls = aQueue();
      calls.enqueue(aCall('a'));
      calls.enqueue(aCall('b'));
      calls.next(0);
      calls.expire(30_000);
      expect(calls.next(30_000)?.call.messageId).toBe('b');
    });

    it('uses the configured timeout', () => {
      const calls = aQueue({ timeoutMs: 60_000 });
      calls.enqueue(aCall('a'));
      expect(calls.next(5)?.deadline).toBe(60_005);
    });

    it("uses a call's own timeout over the connection's default (a zappi call waits longer)", () => {
      const calls = aQueue({ timeoutMs: 30_000 });
      calls.enqueue({ ...aCall('a'), timeoutMs: 60_000 });
      calls.enqueue(aCall('b'));
      expect(calls.next(0)?.deadline).toBe(60_000);
      calls.settle('a', accepted);
      expect(calls.next(1_000)?.deadline).toBe(31_000);
    });

    it('settles an answer that arrives before expire is called, even past the deadline', () => {
      const calls = aQueue();
      calls.enqueue(aCall('a'));
      calls.next(0);
      expect(calls.settle('a', accepted).kind).toBe('settled');
      expect(calls.expire(40_000)).toBeUndefined();
    });
  });

  describe('a send deadline (sendBy: a budgeted write may not reach the charger arbitrarily late)', () => {
    const write = (messageId: string, sendBy: number): Call => ({ ...aCall(messageId), sendBy });

    it('never hands out a call whose deadline passed while it waited: missed collects it, the next call goes', () => {
      const calls = aQueue();
      calls.enqueue(aCall('read', 'GetConfiguration'));
      calls.enqueue(write('late', 20_000));
      calls.enqueue(aCall('after', 'GetCompositeSchedule'));
      calls.next(0);
      calls.settle('read', accepted);
      expect(calls.next(25_000)?.call.messageId).toBe('after');
      expect(calls.missed(25_000)).toEqual([write('late', 20_000)]);
      expect(calls.missed(25_000)).toEqual([]);
    });

    it('sends a call that reaches the head before its deadline', () => {
      const calls = aQueue();
      calls.enqueue(aCall('read', 'GetConfiguration'));
      calls.enqueue(write('w', 20_000));
      calls.next(0);
      calls.settle('read', accepted);
      expect(calls.missed(19_999)).toEqual([]);
      expect(calls.next(19_999)).toEqual({ call: write('w', 20_000), sentAt: 19_999, deadline: 49_999 });
    });

    it('counts the deadline itself as too late', () => {
      const calls = aQueue();
      calls.enqueue(write('w', 20_000));
      expect(calls.next(20_000)).toBeUndefined();
      expect(calls.missed(20_000).map((c) => c.messageId)).toEqual(['w']);
    });

    it('wakes its owner at the earliest waiting deadline before the outstanding call times out', () => {
      const calls = aQueue();
      calls.enqueue(aCall('read', 'GetConfiguration'));
      calls.enqueue(write('w', 20_000));
      calls.next(0);
      expect(calls.nextDeadline()).toBe(20_000);
      expect(calls.missed(20_000).map((c) => c.messageId)).toEqual(['w']);
      expect(calls.nextDeadline()).toBe(30_000);
    });

    it('gives a missed call back as never sent when the connection closes', () => {
      const calls = aQueue();
      calls.enqueue(write('w', 20_000));
      calls.next(20_000);
      expect(calls.drain().queued.map((c) => c.messageId)).toEqual(['w']);
    });
  });

  describe('answers that resume nothing', () => {
    it('reports an answer to a timed-out call as late, once, without resuming it', () => {
      const calls = aQueue();
      calls.enqueue(aCall('a'));
      calls.enqueue(aCall('b'));
      calls.next(0);
      calls.expire(30_000);
      calls.next(30_000);
      const late = calls.settle('a', accepted);
      expect(late).toMatchObject({ kind: 'late', expired: { call: aCall('a'), expiredAt: 30_000 }, outcome: accepted });
      expect(calls.outstanding?.call.messageId).toBe('b');
      expect(calls.settle('a', accepted).kind).toBe('unknown');
    });

    it('forgets the oldest timed-out ids beyond lateResultMemory', () => {
      const calls = aQueue({ lateResultMemory: 1 });
      for (const id of ['a', 'b']) {
        calls.enqueue(aCall(id));
        calls.next(0);
        calls.expire(30_000);
      }
      expect(calls.settle('a', accepted).kind).toBe('unknown');
      expect(calls.settle('b', accepted).kind).toBe('late');
    });

    it('reports answers to unknown, queued-but-unsent or already-settled ids as unknown', () => {
      const calls = aQueue();
      calls.enqueue(aCall('a'));
      calls.enqueue(aCall('b'));
      calls.next(0);
      expect(calls.settle('zzz', accepted)).toEqual({ kind: 'unknown', messageId: 'zzz', outcome: accepted });
      expect(calls.settle('b', accepted).kind).toBe('unknown');
      expect(calls.outstanding?.call.messageId).toBe('a');
      calls.settle('a', accepted);
      expect(calls.settle('a', accepted).kind).toBe('unknown');
    });

    it('carries a CALLERROR outcome through unchanged', () => {
      const calls = aQueue();
      calls.enqueue(aCall('a'));
      calls.next(0);
      const outcome = parseFrame('[4, "a", "NotSupported", "SmartCharging not supported", {}]', { maxBytes: 1_000 });
      expect(calls.settle('a', outcome)).toMatchObject({ kind: 'settled', outcome: { errorCode: 'NotSupported' } });
    });
  });

  describe('calls crossing in the other direction', () => {
    it('are not answers: a charger CALL reusing our id leaves our call outstanding', () => {
      const calls = aQueue();
      // How the owner routes inbound frames: only CALLRESULT/CALLERROR reach settle; CALLs are answered independently.
      const route = (text: string) => {
        const frame = parseFrame(text, { maxBytes: 1_000 });
        return frame.kind === 'callResult' || frame.kind === 'callError' ? calls.settle(frame.messageId, frame) : frame;
      };
      calls.enqueue(aCall('42'));
      calls.next(0);
      expect(
        route('[2, "42", "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Charging"}]'),
      ).toMatchObject({
        kind: 'call',
      });
      expect(route('[2, "m-1", "MeterValues", {"connectorId": 1, "meterValue": []}]')).toMatchObject({ kind: 'call' });
      expect(calls.outstanding?.call.messageId).toBe('42');
      expect(route('[3, "42", {"status": "Accepted"}]')).toMatchObject({ kind: 'settled' });
      expect(calls.outstanding).toBeUndefined();
    });
  });

  it('drains everything when the connection closes', () => {
    const calls = aQueue();
    calls.enqueue(aCall('a'));
    calls.enqueue(aCall('b'));
    calls.next(0);
    expect(calls.drain()).toEqual({
      outstanding: { call: aCall('a'), sentAt: 0, deadline: 30_000 },
      queued: [aCall('b')],
    });
    expect(calls.outstanding).toBeUndefined();
    expect(calls.queued).toBe(0);
    expect(calls.next(1)).toBeUndefined();
  });

  it('withdraws a waiting call but not the outstanding one', () => {
    const calls = aQueue();
    calls.enqueue(aCall('a'));
    calls.enqueue(aCall('b'));
    calls.next(0);
    expect(calls.withdraw('a')).toBeUndefined();
    expect(calls.withdraw('b')).toEqual(aCall('b'));
    expect(calls.queued).toBe(0);
  });
});
