import type { JsonObject } from '@chargeplane/contracts-ocpp';
import fc from 'fast-check';
import { callErrorFrame, callFrame, callResultFrame } from './serialise.js';

// The rule stated on its own: every decimal as 15 significant digits, everything else as it is.
const roundedDecimals = (value: unknown): unknown => {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(15));
  if (Array.isArray(value)) return value.map(roundedDecimals);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundedDecimals(v)]));
  return value;
};

describe('serialise', () => {
  it('writes a CALL and never drops zeros', () => {
    const text = callFrame('b7e2', 'ClearChargingProfile', {
      connectorId: 0,
      chargingProfilePurpose: 'ChargePointMaxProfile',
      stackLevel: 0,
    });
    expect(text).toBe(
      '[2,"b7e2","ClearChargingProfile",{"connectorId":0,"chargingProfilePurpose":"ChargePointMaxProfile","stackLevel":0}]',
    );
  });

  it('writes an empty payload as {}', () => {
    expect(callFrame('h1', 'ClearCache', {})).toBe('[2,"h1","ClearCache",{}]');
  });

  it('writes a CALLRESULT', () => {
    expect(callResultFrame('c3f1', 'SetChargingProfile', { status: 'Accepted' })).toBe(
      '[3,"c3f1",{"status":"Accepted"}]',
    );
  });

  it('writes a CALLERROR with "" and {} when there is no description or detail', () => {
    expect(callErrorFrame('9a0d', { code: 'FormationViolation' })).toBe('[4,"9a0d","FormationViolation","",{}]');
  });

  it('writes a CALLERROR from a validation error', () => {
    const error = { code: 'OccurenceConstraintViolation', description: 'csChargingProfiles missing' } as const;
    expect(callErrorFrame('9a0d', error)).toBe(
      '[4,"9a0d","OccurenceConstraintViolation","csChargingProfiles missing",{}]',
    );
    expect(callErrorFrame('9a0d', { ...error, details: { field: 'x' } })).toBe(
      '[4,"9a0d","OccurenceConstraintViolation","csChargingProfiles missing",{"field":"x"}]',
    );
  });

  it('strips binary noise from decimals so strict chargers see one decimal', () => {
    const text = callFrame('p1', 'SetChargingProfile', {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: {
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 0.1 + 0.2 },
            { startPeriod: 60, limit: 16.700000000000003 },
            { startPeriod: 120, limit: 0.0 },
          ],
        },
      },
    });
    expect(text).toContain(
      '{"startPeriod":0,"limit":0.3},{"startPeriod":60,"limit":16.7},{"startPeriod":120,"limit":0}',
    );
  });

  it('writes any payload, with or without decimals, as JSON whose decimals are cut to 15 digits (property)', () => {
    const payloads = fc.dictionary(fc.string(), fc.jsonValue({ noUnicodeString: true }), { maxKeys: 6 });
    fc.assert(
      fc.property(payloads, fc.double({ noNaN: true, noDefaultInfinity: true }), (payload, decimal) => {
        for (const candidate of [payload, { ...payload, decimal: [decimal, { nested: decimal / 3 }] }]) {
          const written = JSON.parse(callResultFrame('p1', 'Heartbeat', candidate as never)) as unknown[];
          expect(written[2]).toEqual(JSON.parse(JSON.stringify(roundedDecimals(candidate))) as JsonObject);
        }
      }),
    );
  });

  it('refuses message ids an answer could never echo', () => {
    expect(() => callFrame('x'.repeat(37), 'ClearCache', {})).toThrow(RangeError);
    expect(() => callErrorFrame('', { code: 'GenericError' })).toThrow(RangeError);
    expect(callFrame('x'.repeat(36), 'ClearCache', {})).toContain('x'.repeat(36));
  });
});
