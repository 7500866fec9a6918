import { securityExtensionActions, type OcppRequest } from '@chargeplane/contracts-ocpp';
import type { ProtocolError } from '../protocol-error.js';
import { validateCall, validateResult } from './validate-payload.js';

type SetChargingProfile = OcppRequest<'SetChargingProfile'>;

function aSetChargingProfile(change: (p: SetChargingProfile) => void = () => undefined): SetChargingProfile {
  const payload: SetChargingProfile = {
    connectorId: 1,
    csChargingProfiles: {
      chargingProfileId: 100,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Daily',
      chargingSchedule: {
        duration: 86400,
        startSchedule: '2025-01-06T00:00:00Z',
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 0 },
          { startPeriod: 2012, limit: 32 },
        ],
      },
    },
  };
  change(payload);
  return payload;
}

const bootNotification = { chargePointVendor: 'myenergi', chargePointModel: 'zappi' };

function errorOf(result: { readonly ok: true } | { readonly ok: false; readonly error: ProtocolError }): ProtocolError {
  if (result.ok) throw new Error('expected a validation error');
  return result.error;
}

const outbound = (change: (p: SetChargingProfile) => void) =>
  errorOf(validateCall('SetChargingProfile', aSetChargingProfile(change), 'toChargePoint'));

describe('validateCall', () => {
  describe('valid calls', () => {
    it('returns the typed payload of an inbound call', () => {
      const result = validateCall('BootNotification', bootNotification, 'fromChargePoint');
      expect(result).toEqual({ ok: true, action: 'BootNotification', payload: bootNotification });
      if (result.ok) expectTypeOf(result.payload.chargePointModel).toEqualTypeOf<string>();
    });

    it('narrows the payload on the action when the action is only known at runtime', () => {
      const action: string = 'StatusNotification';
      const result = validateCall(
        action,
        { connectorId: 1, errorCode: 'NoError', status: 'Charging' },
        'fromChargePoint',
      );
      expect(result.ok).toBe(true);
      if (result.ok && result.action === 'StatusNotification') expect(result.payload.status).toBe('Charging');
    });

    it('accepts an outbound SetChargingProfile with zeros', () => {
      expect(validateCall('SetChargingProfile', aSetChargingProfile(), 'toChargePoint').ok).toBe(true);
    });

    it('accepts DataTransfer in both directions', () => {
      expect(validateCall('DataTransfer', { vendorId: 'v' }, 'fromChargePoint').ok).toBe(true);
      expect(validateCall('DataTransfer', { vendorId: 'v' }, 'toChargePoint').ok).toBe(true);
    });
  });

  describe('action checks', () => {
    it('answers NotImplemented to an unknown action', () => {
      expect(errorOf(validateCall('Foo', {}, 'fromChargePoint'))).toEqual({
        code: 'NotImplemented',
        description: 'unknown action Foo from a charge point',
      });
    });

    it('answers NotImplemented to an action of the other direction', () => {
      expect(errorOf(validateCall('SetChargingProfile', aSetChargingProfile(), 'fromChargePoint')).code).toBe(
        'NotImplemented',
      );
      expect(errorOf(validateCall('BootNotification', bootNotification, 'toChargePoint')).code).toBe('NotImplemented');
    });

    it('is case-sensitive', () => {
      expect(errorOf(validateCall('bootNotification', bootNotification, 'fromChargePoint')).code).toBe(
        'NotImplemented',
      );
    });

    it('answers NotSupported to a recognised action the platform does not handle', () => {
      const notSupported = [...securityExtensionActions, 'DiagnosticsStatusNotification'];
      const security = validateCall('SecurityEventNotification', { type: 'x', timestamp: '' }, 'fromChargePoint', {
        notSupported,
      });
      expect(errorOf(security).code).toBe('NotSupported');
      const diagnostics = validateCall('DiagnosticsStatusNotification', { status: 'Idle' }, 'fromChargePoint', {
        notSupported,
      });
      expect(errorOf(diagnostics).code).toBe('NotSupported');
    });
  });

  describe('payload checks map to OCPP-J codes and name the field', () => {
    it('missing required field → OccurenceConstraintViolation', () => {
      expect(errorOf(validateCall('BootNotification', { chargePointVendor: 'v' }, 'fromChargePoint'))).toEqual({
        code: 'OccurenceConstraintViolation',
        description: 'chargePointModel: required property missing',
      });
      const error = outbound((p) => Reflect.deleteProperty(p.csChargingProfiles.chargingSchedule, 'chargingRateUnit'));
      expect(error).toMatchObject({ code: 'OccurenceConstraintViolation' });
      expect(error.description).toContain('csChargingProfiles.chargingSchedule.chargingRateUnit');
    });

    it('wrong JSON type → TypeConstraintViolation', () => {
      const error = errorOf(
        validateCall(
          'StatusNotification',
          { connectorId: '1', errorCode: 'NoError', status: 'Available' },
          'fromChargePoint',
        ),
      );
      expect(error.code).toBe('TypeConstraintViolation');
      expect(error.description).toMatch(/^connectorId: /);
    });

    it('null for a required field → TypeConstraintViolation (present, wrong type)', () => {
      expect(
        errorOf(validateCall('BootNotification', { ...bootNotification, chargePointModel: null }, 'fromChargePoint'))
          .code,
      ).toBe('TypeConstraintViolation');
    });

    it('fractional integer → TypeConstraintViolation', () => {
      const error = outbound(
        (p) => (p.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[1] = { startPeriod: 1.5, limit: 6 }),
      );
      expect(error.code).toBe('TypeConstraintViolation');
      expect(error.description).toContain('csChargingProfiles.chargingSchedule.chargingSchedulePeriod[1].startPeriod');
    });

    it.each<[string, (p: SetChargingProfile) => void, string]>([
      [
        'enum',
        (p) => Object.assign(p.csChargingProfiles, { chargingProfileKind: 'Daily' }),
        'csChargingProfiles.chargingProfileKind',
      ],
      [
        'multipleOf',
        (p) => (p.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0] = { startPeriod: 0, limit: 16.75 }),
        'chargingSchedulePeriod[0].limit',
      ],
      [
        'date-time',
        (p) => (p.csChargingProfiles.chargingSchedule.startSchedule = '2025-01-06 00:00'),
        'chargingSchedule.startSchedule',
      ],
      [
        'safe-integer range',
        (p) => (p.csChargingProfiles.chargingProfileId = 2 ** 60),
        'csChargingProfiles.chargingProfileId',
      ],
    ])('%s out of range → PropertyConstraintViolation', (_name, change, field) => {
      const error = outbound(change);
      expect(error.code).toBe('PropertyConstraintViolation');
      expect(error.description).toContain(field);
    });

    it('string too long → PropertyConstraintViolation', () => {
      const error = errorOf(
        validateCall('BootNotification', { ...bootNotification, chargePointModel: 'm'.repeat(21) }, 'fromChargePoint'),
      );
      expect(error).toMatchObject({ code: 'PropertyConstraintViolation' });
      expect(error.description).toMatch(/^chargePointModel: /);
    });

    it('unknown property → FormationViolation (not conform the PDU structure)', () => {
      expect(errorOf(validateCall('Heartbeat', { vendorField: 1 }, 'fromChargePoint'))).toEqual({
        code: 'FormationViolation',
        description: 'unknown property vendorField',
      });
      expect(outbound((p) => Object.assign(p.csChargingProfiles.chargingSchedule, { note: 'x' })).description).toBe(
        'unknown property csChargingProfiles.chargingSchedule.note',
      );
    });

    it('payload that is not an object → FormationViolation', () => {
      for (const payload of [null, [], 'x', 1]) {
        expect(errorOf(validateCall('Heartbeat', payload, 'fromChargePoint')).code).toBe('FormationViolation');
      }
    });

    it('reports the most structural problem first and counts the rest', () => {
      const error = errorOf(
        validateCall('BootNotification', { chargePointVendor: 'v'.repeat(30), extra: 1 }, 'fromChargePoint'),
      );
      expect(error.code).toBe('FormationViolation');
      expect(error.description).toBe('unknown property extra (and 2 more)');
    });

    it('keeps descriptions bounded even for huge property names', () => {
      const error = errorOf(validateCall('Heartbeat', { ['k'.repeat(10_000)]: 1 }, 'fromChargePoint'));
      expect(error.description.length).toBeLessThanOrEqual(300);
    });
  });
});

describe('validateResult', () => {
  it('returns the typed CALLRESULT payload', () => {
    const result = validateResult('SetChargingProfile', { status: 'Accepted' });
    expect(result).toEqual({ ok: true, payload: { status: 'Accepted' } });
    if (result.ok) expectTypeOf(result.payload.status).toEqualTypeOf<'Accepted' | 'Rejected' | 'NotSupported'>();
  });

  it('accepts the zappi GetCompositeSchedule answer without periods', () => {
    const answer = {
      status: 'Accepted',
      connectorId: 1,
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [] },
    };
    expect(validateResult('GetCompositeSchedule', answer).ok).toBe(true);
  });

  it('maps a bad status to PropertyConstraintViolation and a missing one to OccurenceConstraintViolation', () => {
    expect(validateResult('ClearChargingProfile', { status: 'NotSupported' })).toMatchObject({
      ok: false,
      error: { code: 'PropertyConstraintViolation' },
    });
    expect(validateResult('ClearChargingProfile', {})).toMatchObject({
      ok: false,
      error: { code: 'OccurenceConstraintViolation', description: 'status: required property missing' },
    });
  });

  it('refuses an action missing from the registry instead of crashing', () => {
    const untyped = 'NoSuchAction' as 'Heartbeat';
    expect(validateResult(untyped, {})).toMatchObject({ ok: false, error: { code: 'NotImplemented' } });
  });
});
