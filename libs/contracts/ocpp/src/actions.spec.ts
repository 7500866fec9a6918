import {
  centralSystemActions,
  chargePointActions,
  isCentralSystemAction,
  isChargePointAction,
  isOcppAction,
  securityExtensionActions,
  v16,
  type OcppRequest,
  type OcppResponse,
} from './actions.js';

describe('OCPP 1.6 action registry', () => {
  it('has the 28 standard actions, DataTransfer in both directions', () => {
    const all = new Set([...chargePointActions, ...centralSystemActions]);
    expect(chargePointActions).toHaveLength(10);
    expect(centralSystemActions).toHaveLength(19);
    expect(all.size).toBe(28);
    expect(Object.keys(v16).sort()).toEqual([...all].sort());
  });

  it('holds no Security Whitepaper extension', () => {
    for (const action of securityExtensionActions) expect(isOcppAction(action)).toBe(false);
  });

  it('tells the directions apart, case-sensitively', () => {
    expect(isChargePointAction('BootNotification')).toBe(true);
    expect(isCentralSystemAction('BootNotification')).toBe(false);
    expect(isCentralSystemAction('SetChargingProfile')).toBe(true);
    expect(isChargePointAction('DataTransfer') && isCentralSystemAction('DataTransfer')).toBe(true);
    expect(isOcppAction('setChargingProfile')).toBe(false);
    expect(isOcppAction('toString')).toBe(false);
  });

  it('types requests and responses per action', () => {
    expectTypeOf<OcppRequest<'SetChargingProfile'>['connectorId']>().toEqualTypeOf<number>();
    expectTypeOf<OcppResponse<'SetChargingProfile'>['status']>().toEqualTypeOf<
      'Accepted' | 'Rejected' | 'NotSupported'
    >();
    expectTypeOf<OcppResponse<'ClearChargingProfile'>['status']>().toEqualTypeOf<'Accepted' | 'Unknown'>();
  });
});
