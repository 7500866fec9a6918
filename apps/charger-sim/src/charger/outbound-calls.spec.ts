import { ManualTimers } from '../../test/manual-timers.js';
import { FleetStats } from '../fleet/fleet-stats.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { OutboundCalls } from './outbound-calls.js';

const status = (connectorId: number) =>
  ({ connectorId, errorCode: 'NoError', status: 'Available', timestamp: '2025-01-06T12:00:00Z' }) as const;
const boot = { chargePointVendor: 'myenergi', chargePointModel: 'zappi' };
const start = { connectorId: 1, idTag: 'VT1', meterStart: 0, timestamp: '2025-01-06T12:00:00Z' };

function aQueue() {
  const timers = new ManualTimers();
  const scheduler = new Scheduler(timers, {
    maxBatch: 100,
    onError: (e) => {
      throw e;
    },
  });
  const stats = new FleetStats(1);
  let id = 0;
  const warnings: string[] = [];
  const acknowledged: [string, object, unknown][] = [];
  const calls = new OutboundCalls({
    onAcknowledged: (action, request, answer) => acknowledged.push([action, request, answer]),
    scheduler,
    stats,
    timeoutMs: 30_000,
    nextMessageId: () => String(++id),
    warn: (message) => warnings.push(message),
  });
  const sent: unknown[][] = [];
  const attach = () => calls.attach((text) => sent.push(JSON.parse(text) as unknown[]));
  return { timers, stats, calls, sent, attach, warnings, acknowledged };
}

describe('Outbound calls', () => {
  it('reports each acknowledged call with its request and answer, and not one answered with a CALLERROR', () => {
    const q = aQueue();
    q.attach();
    q.calls.setBooted(true);
    q.calls.enqueue('StartTransaction', start);
    q.calls.onCallResult('1', { transactionId: 7, idTagInfo: { status: 'Accepted' } });
    q.calls.enqueue('StartTransaction', start);
    q.calls.onCallError('2', 'InternalError', 'not stored');
    expect(q.acknowledged).toEqual([
      ['StartTransaction', start, { transactionId: 7, idTagInfo: { status: 'Accepted' } }],
    ]);
  });

  it('keeps one CALL outstanding and sends the next only after the answer', () => {
    const q = aQueue();
    q.attach();
    q.calls.setBooted(true);
    q.calls.enqueue('StatusNotification', status(1));
    q.calls.enqueue('StatusNotification', status(2));
    expect(q.sent).toHaveLength(1);
    q.calls.onCallResult('1', {});
    expect(q.sent).toHaveLength(2);
    expect(q.sent[1]).toEqual([2, '2', 'StatusNotification', status(2)]);
    expect(q.stats.callsOut).toBe(2);
  });

  it('sends only BootNotification until the boot is accepted', () => {
    const q = aQueue();
    q.attach();
    q.calls.enqueue('Heartbeat', {});
    q.calls.enqueue('BootNotification', boot, { beforeBoot: true });
    expect(q.sent.map((f) => f[2])).toEqual(['BootNotification']);
    q.calls.onCallResult('1', { status: 'Pending', currentTime: '2025-01-06T12:00:00Z', interval: 10 });
    expect(q.sent).toHaveLength(1);
    q.calls.setBooted(true);
    expect(q.sent.map((f) => f[2])).toEqual(['BootNotification', 'Heartbeat']);
  });

  it('hands the schema-checked answer to the caller and records the round trip', () => {
    const q = aQueue();
    q.attach();
    q.calls.setBooted(true);
    const answers: unknown[] = [];
    q.calls.enqueue('StartTransaction', start, {}, { onResult: (a) => answers.push(a) });
    q.timers.advance(12);
    q.calls.onCallResult('1', { transactionId: 7, idTagInfo: { status: 'Accepted' } });
    expect(answers).toEqual([{ transactionId: 7, idTagInfo: { status: 'Accepted' } }]);
    expect(q.stats.latency.count).toBe(1);
    expect(q.stats.latency.max).toBe(12);
  });

  it('treats a schema-invalid answer and a CALLERROR as failures', () => {
    const q = aQueue();
    q.attach();
    q.calls.setBooted(true);
    const failures: string[] = [];
    q.calls.enqueue('StartTransaction', start, {}, { onFailure: (r) => failures.push(r) });
    q.calls.enqueue('Heartbeat', {}, {}, { onFailure: (r) => failures.push(r) });
    q.calls.onCallResult('1', { transactionId: 'seven' });
    q.calls.onCallError('2', 'InternalError', 'down');
    expect(failures).toEqual([expect.stringMatching(/^invalid answer/), 'InternalError: down']);
    expect(q.stats.rejects).toBe(1);
  });

  it('gives up on a call after the timeout and ignores its late answer', () => {
    const q = aQueue();
    q.attach();
    q.calls.setBooted(true);
    const outcomes: string[] = [];
    q.calls.enqueue(
      'Heartbeat',
      {},
      {},
      { onResult: () => outcomes.push('answer'), onFailure: (r) => outcomes.push(r) },
    );
    q.calls.enqueue('StatusNotification', status(1));
    q.timers.advance(30_000);
    expect(outcomes).toEqual(['timeout']);
    expect(q.sent).toHaveLength(2);
    q.calls.onCallResult('1', { currentTime: '2025-01-06T12:00:00Z' });
    expect(outcomes).toEqual(['timeout']);
    expect(q.stats.timeouts).toBe(1);
  });

  it('keeps transaction messages across a disconnect and drops the rest', () => {
    const q = aQueue();
    q.attach();
    q.calls.setBooted(true);
    const dropped: string[] = [];
    q.calls.enqueue('StartTransaction', start, { durable: true });
    q.calls.enqueue('StatusNotification', status(1), {}, { onFailure: (r) => dropped.push(r) });
    q.calls.detach();
    expect(dropped).toEqual(['disconnected']);
    expect(q.calls.waiting).toBe(1);
    q.attach();
    q.calls.setBooted(true);
    expect(q.sent.map((f) => f[2])).toEqual(['StartTransaction', 'StartTransaction']);
  });

  it('does not send a CALL the charger built wrong', () => {
    const q = aQueue();
    q.attach();
    q.calls.setBooted(true);
    q.calls.enqueue('StatusNotification', { ...status(1), status: 'Sleeping' as 'Available' });
    expect(q.sent).toEqual([]);
    expect(q.warnings).toEqual(['charger built an invalid CALL; not sent']);
  });
});
