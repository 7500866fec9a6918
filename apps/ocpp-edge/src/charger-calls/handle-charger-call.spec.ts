import type { ChargerServices } from './charger-services.js';
import { handleChargerCall, type InboundCall } from './handle-charger-call.js';

const NOW = Date.parse('2025-06-01T10:00:00.000Z');
const context = { chargerId: 'CP-1', heartbeatIntervalSeconds: 300, now: NOW };

function someServices(overrides: Partial<ChargerServices> = {}): ChargerServices {
  return {
    lookupCharger: async () => null,
    authorize: async () => ({ idTagInfo: { status: 'Accepted' } }),
    startTransaction: async () => ({ transactionId: 17, idTagInfo: { status: 'Accepted' } }),
    rehashCredentials: async () => ({ rehashed: true }),
    ...overrides,
  };
}

const aCall = (action: string, payload: Record<string, unknown> = {}): InboundCall => ({
  messageId: 'm-1',
  action,
  payload,
});
const failing = async (): Promise<never> => {
  throw new Error('no responders');
};

describe('handleChargerCall', () => {
  describe('when the call is valid', () => {
    it('accepts a BootNotification with the directory interval and records the exchange', async () => {
      const handled = await handleChargerCall(
        aCall('BootNotification', { chargePointVendor: 'myenergi', chargePointModel: 'zappi' }),
        context,
        someServices(),
      );
      const response = { status: 'Accepted', currentTime: '2025-06-01T10:00:00.000Z', interval: 300 };
      expect(JSON.parse(handled.frame)).toEqual([3, 'm-1', response]);
      expect(handled.fact).toEqual({
        action: 'BootNotification',
        request: { chargePointVendor: 'myenergi', chargePointModel: 'zappi' },
        response,
      });
    });

    it.each([
      ['StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' }, {}],
      ['DiagnosticsStatusNotification', { status: 'Idle' }, {}],
      ['DataTransfer', { vendorId: 'acme' }, { status: 'UnknownVendorId' }],
      ['StopTransaction', { meterStop: 1, timestamp: '2025-06-01T10:00:00Z', transactionId: 1 }, {}],
      [
        'StopTransaction',
        { idTag: 'T', meterStop: 1, timestamp: '2025-06-01T10:00:00Z', transactionId: 1 },
        { idTagInfo: { status: 'Accepted' } },
      ],
    ])('answers %s with its fixed answer', async (action, payload, response) => {
      const handled = await handleChargerCall(aCall(action, payload), context, someServices());
      expect(JSON.parse(handled.frame)).toEqual([3, 'm-1', response]);
    });

    it('passes Authorize and StartTransaction decisions through, with the charger id', async () => {
      const asked: unknown[] = [];
      const services = someServices({
        authorize: async (chargerId, idTag) => {
          asked.push({ chargerId, idTag });
          return { idTagInfo: { status: 'Expired' } };
        },
      });
      const authorize = await handleChargerCall(aCall('Authorize', { idTag: 'T-1' }), context, services);
      expect(JSON.parse(authorize.frame)).toEqual([3, 'm-1', { idTagInfo: { status: 'Expired' } }]);
      expect(asked).toEqual([{ chargerId: 'CP-1', idTag: 'T-1' }]);
      const start = { connectorId: 1, idTag: 'T-1', meterStart: 0, timestamp: '2025-06-01T10:00:00Z' };
      const started = await handleChargerCall(aCall('StartTransaction', start), context, services);
      expect(JSON.parse(started.frame)).toEqual([3, 'm-1', { transactionId: 17, idTagInfo: { status: 'Accepted' } }]);
    });
  });

  describe('when profile-command does not answer', () => {
    it('answers Authorize Invalid and says why', async () => {
      const handled = await handleChargerCall(
        aCall('Authorize', { idTag: 'T' }),
        context,
        someServices({ authorize: failing }),
      );
      expect(JSON.parse(handled.frame)).toEqual([3, 'm-1', { idTagInfo: { status: 'Invalid' } }]);
      expect(handled.problem).toContain('no responders');
    });

    it('fails StartTransaction with InternalError and records nothing', async () => {
      const start = { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: '2025-06-01T10:00:00Z' };
      const handled = await handleChargerCall(
        aCall('StartTransaction', start),
        context,
        someServices({ startTransaction: failing }),
      );
      expect(JSON.parse(handled.frame)).toEqual([4, 'm-1', 'InternalError', expect.any(String), {}]);
      expect(handled.fact).toBeUndefined();
    });
  });

  describe('when the call is not valid', () => {
    it.each([
      ['Foo', {}, 'NotImplemented'],
      ['SetChargingProfile', {}, 'NotImplemented'],
      ['SecurityEventNotification', { type: 'x', timestamp: '2025-06-01T10:00:00Z' }, 'NotSupported'],
      ['Heartbeat', { extra: 1 }, 'FormationViolation'],
      ['BootNotification', { chargePointVendor: 'v' }, 'OccurenceConstraintViolation'],
    ])('answers %s %j with %s and records nothing', async (action, payload, code) => {
      const handled = await handleChargerCall(aCall(action, payload), context, someServices());
      expect(JSON.parse(handled.frame)).toEqual([4, 'm-1', code, expect.any(String), {}]);
      expect(handled.error?.code).toBe(code);
      expect(handled.fact).toBeUndefined();
    });
  });
});
