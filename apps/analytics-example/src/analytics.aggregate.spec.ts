import { applyEvent, emptyAnalytics, summarise } from './analytics.aggregate.js';
import { accepted, anEvent, aProfile, dispatched, registered } from './analytics.spec-support.js';

const run = (...events: Parameters<typeof applyEvent>[1][]) => {
  const a = emptyAnalytics();
  for (const e of events) applyEvent(a, e);
  return summarise(a);
};

describe('Analytics from the public charger events', () => {
  it('count writes per charger per UTC hour', () => {
    const s = run(
      dispatched('Z-1', 1, '2026-11-25T10:00:00.000Z'),
      dispatched('Z-1', 1, '2026-11-25T10:59:59.999Z'),
      dispatched('Z-1', 1, '2026-11-25T11:00:00.000Z'),
      dispatched('Z-2', 1, '2026-11-25T10:30:00.000Z'),
    );
    expect(s.writesPerChargerPerHour).toEqual({
      'Z-1': { '2026-11-25T10:00:00Z': 2, '2026-11-25T11:00:00Z': 1 },
      'Z-2': { '2026-11-25T10:00:00Z': 1 },
    });
  });

  it('take out of its hour a write the platform could not send in time (NOT_SENT: it never reached the charger)', () => {
    const notSent = (writeId: string) =>
      anEvent(
        'ChargingProfileWriteFailed',
        'Z-1',
        { writeId, chargingProfileId: 1, failure: 'offline', code: 'NOT_SENT', description: '', outcomeKnown: true },
        '2026-11-25T11:00:05.000Z',
      );
    const offline = anEvent(
      'ChargingProfileWriteFailed',
      'Z-1',
      { writeId: 'w2', chargingProfileId: 1, failure: 'offline', code: 'OFFLINE', description: '', outcomeKnown: true },
      '2026-11-25T10:30:05.000Z',
    );
    const write = (writeId: string, at: string) =>
      anEvent(
        'ChargingProfileWriteDispatched',
        'Z-1',
        { writeId, chargingProfileId: 1, action: 'ClearChargingProfile', request: { id: 1 } },
        at,
      );
    const s = run(
      write('w1', '2026-11-25T10:59:59.000Z'),
      notSent('w1'),
      write('w2', '2026-11-25T10:30:00.000Z'),
      offline,
      write('w3', '2026-11-25T11:00:06.000Z'),
    );
    expect(s.writesPerChargerPerHour).toEqual({ 'Z-1': { '2026-11-25T10:00:00Z': 1, '2026-11-25T11:00:00Z': 1 } });
    expect(s.rejections.byReason.map((r) => r.reason)).toEqual(['write-failed:not-sent', 'write-failed:offline']);
  });

  it('count the configuration writes that are memory writes apart', () => {
    const write = (countsAsWrite: boolean) =>
      anEvent(
        'ChargerConfigurationWriteDispatched',
        'Z-1',
        { writeId: 'w', key: 'RandomSmartChargeDelay', value: '0', countsAsWrite },
        '2026-11-25T10:20:00.000Z',
      );
    const s = run(write(true), write(false));
    expect(s.configurationWritesPerChargerPerHour).toEqual({ 'Z-1': { '2026-11-25T10:00:00Z': 1 } });
    expect(s.writesPerChargerPerHour).toEqual({});
  });

  it('give rejection rates by reason: charger answers and failures per write, refusals per request', () => {
    const s = run(
      ...[1, 2, 3, 4].map((n) => dispatched('Z-1', n, '2026-11-25T10:00:00.000Z')),
      anEvent('ChargingProfileRejectedByCharger', 'Z-1', { writeId: 'w1', chargingProfileId: 1, status: 'Rejected' }),
      anEvent('ChargingProfileWriteFailed', 'Z-1', {
        writeId: 'w2',
        chargingProfileId: 2,
        failure: 'timeout',
        code: 'Timeout',
        description: '',
        outcomeKnown: false,
      }),
      anEvent('ChargingProfileDesired', 'Z-1', { connectorId: 1, chargingProfile: aProfile(5) }),
      anEvent('ChargingProfileRefused', 'Z-1', {
        chargingProfileId: 6,
        code: 'SLOTS_EXHAUSTED',
        message: 'no room',
        details: {},
      }),
    );
    expect(s.rejections).toEqual({
      writesDispatched: 4,
      profilesRequested: 2,
      byReason: [
        { reason: 'refused:SLOTS_EXHAUSTED', count: 1, of: 'profilesRequested', rate: 0.5 },
        { reason: 'rejected-by-charger:Rejected', count: 1, of: 'writesDispatched', rate: 0.25 },
        { reason: 'write-failed:timeout', count: 1, of: 'writesDispatched', rate: 0.25 },
      ],
    });
  });

  describe('slots used', () => {
    it('add the periods of every accepted profile', () => {
      const s = run(
        registered('G-1', 'generic-ocpp16'),
        accepted('G-1', aProfile(1, { periods: 3 })),
        accepted('G-1', aProfile(2, { periods: 2, stackLevel: 1 })),
      );
      expect(s.slots).toEqual({ 'G-1': { used: 5, profiles: 2 } });
    });

    it('free the slots of a replaced profile: same id, or same connector, purpose and stack level', () => {
      const s = run(
        registered('G-1', 'generic-ocpp16'),
        accepted('G-1', aProfile(1, { periods: 3 })),
        accepted('G-1', aProfile(1, { periods: 1 })),
        accepted('G-1', aProfile(2, { periods: 4 })),
      );
      expect(s.slots['G-1']).toEqual({ used: 4, profiles: 1 });
    });

    it('on a zappi, replace the TxDefaultProfile whatever its stack level', () => {
      const s = run(
        registered('Z-1'),
        accepted('Z-1', aProfile(1, { periods: 3 })),
        accepted('Z-1', aProfile(2, { periods: 2, stackLevel: 1 })),
      );
      expect(s.slots['Z-1']).toEqual({ used: 2, profiles: 1 });
    });

    it('free slots on a clear and when a TxProfile’s transaction stops', () => {
      const s = run(
        registered('Z-1'),
        accepted('Z-1', aProfile(1, { periods: 3 })),
        accepted('Z-1', aProfile(7, { purpose: 'TxProfile', periods: 2, transactionId: 42 })),
        anEvent('ChargingProfileCleared', 'Z-1', { writeId: 'w', chargingProfileId: 1, status: 'Accepted' }),
      );
      expect(s.slots['Z-1']).toEqual({ used: 2, profiles: 1 });
      const after = run(
        registered('Z-1'),
        accepted('Z-1', aProfile(7, { purpose: 'TxProfile', periods: 2, transactionId: 42 })),
        anEvent('TransactionStopped', 'Z-1', {
          transactionId: 42,
          meterStopWh: 10,
          stoppedAt: '2026-11-25T11:00:00.000Z',
          reason: null,
        }),
      );
      expect(after.slots['Z-1']).toEqual({ used: 0, profiles: 0 });
    });
  });
});
