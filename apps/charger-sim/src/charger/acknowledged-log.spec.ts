import { AcknowledgedLog, acknowledgedEntry } from './acknowledged-log.js';

const at = { simTime: '2026-01-01T00:00:00.000Z', realTime: '2026-01-01T00:00:00.000Z' };

describe('acknowledged facts audit', () => {
  it('takes the transaction id from the answer for a start and from the request for a stop', () => {
    expect(acknowledgedEntry('StartTransaction', { connectorId: 1 }, { transactionId: 42 }, at)).toMatchObject({
      action: 'StartTransaction',
      transactionId: 42,
      connectorId: 1,
    });
    expect(acknowledgedEntry('StopTransaction', { transactionId: 42 }, {}, at)).toMatchObject({ transactionId: 42 });
  });

  it('keeps only transaction starts and stops, and says how many entries it dropped at its limit', () => {
    expect(acknowledgedEntry('Heartbeat', {}, {}, at)).toBeNull();
    const log = new AcknowledgedLog(10);
    for (let i = 0; i < 11; i++) log.add(acknowledgedEntry('StopTransaction', { transactionId: i }, {}, at)!);
    expect(log.list().length + log.dropped).toBe(11);
    expect(log.dropped).toBeGreaterThan(0);
    expect(log.list().at(-1)!.transactionId).toBe(10);
  });
});
