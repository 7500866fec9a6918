import { CallFrame } from './frames.js';
import {
  ChargingProfile,
  ChargingSchedulePeriod,
  ClearChargingProfileRequest,
  GetCompositeScheduleResponse,
  GetConfigurationResponse,
  HeartbeatRequest,
  MeterValuesRequest,
  SetChargingProfileRequest,
  type SetChargingProfileRequest as SetChargingProfilePayload,
} from './generated/v16/index.js';

// docs/domain/wire-examples.md §7: Recurring Daily TxDefaultProfile, GB, platform delay mode (3 periods).
const recurringDailyFrame = `[2, "5f1c0c9e-2b7a-4c6e-9d1a-0b8f3c2e7a11", "SetChargingProfile", {"connectorId": 1,
  "csChargingProfiles": {"chargingProfileId": 100, "stackLevel": 0, "chargingProfilePurpose": "TxDefaultProfile",
    "chargingProfileKind": "Recurring", "recurrencyKind": "Daily",
    "chargingSchedule": {"duration": 86400, "startSchedule": "2025-01-06T00:00:00Z", "chargingRateUnit": "A",
      "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 0.0}, {"startPeriod": 2012, "limit": 32.0},
                                 {"startPeriod": 25275, "limit": 0.0}]}}}]`;

function aSetChargingProfile(change: (p: SetChargingProfilePayload) => void = () => undefined): unknown {
  const [, , , payload] = CallFrame.parse(JSON.parse(recurringDailyFrame));
  const copy = structuredClone(payload) as SetChargingProfilePayload;
  change(copy);
  return copy;
}

const period = (limit: number) => ({ startPeriod: 0, limit });

describe('Generated OCPP 1.6 schemas', () => {
  describe('SetChargingProfile', () => {
    it('parses the Recurring Daily example of docs/domain/wire-examples.md §7', () => {
      const parsed = SetChargingProfileRequest.parse(aSetChargingProfile());
      expect(parsed.csChargingProfiles.recurrencyKind).toBe('Daily');
      expect(parsed.csChargingProfiles.chargingSchedule.chargingSchedulePeriod.map((p) => p.limit)).toEqual([0, 32, 0]);
      expect(parsed.csChargingProfiles.stackLevel).toBe(0);
    });

    it('parses the TxProfile example of docs/domain/wire-examples.md §7', () => {
      const txProfile = {
        connectorId: 1,
        csChargingProfiles: {
          chargingProfileId: 200,
          transactionId: 1234,
          stackLevel: 0,
          chargingProfilePurpose: 'TxProfile',
          chargingProfileKind: 'Absolute',
          chargingSchedule: {
            startSchedule: '2025-01-06T17:59:00Z',
            duration: 7200,
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 16.0 },
              { startPeriod: 2003, limit: 6.0 },
            ],
          },
        },
      };
      expect(SetChargingProfileRequest.safeParse(txProfile).success).toBe(true);
    });

    it('rejects an unknown property at every level', () => {
      const extras: ((p: SetChargingProfilePayload) => void)[] = [
        (p) => Object.assign(p, { vendor: 1 }),
        (p) => Object.assign(p.csChargingProfiles, { vendor: 1 }),
        (p) => Object.assign(p.csChargingProfiles.chargingSchedule, { vendor: 1 }),
        (p) => Object.assign(p.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0] ?? {}, { vendor: 1 }),
      ];
      for (const extra of extras)
        expect(SetChargingProfileRequest.safeParse(aSetChargingProfile(extra)).success).toBe(false);
    });

    it('rejects a missing required field, a non-integer id and an unknown purpose', () => {
      const missing = aSetChargingProfile((p) => Reflect.deleteProperty(p.csChargingProfiles, 'stackLevel'));
      const fractionalId = aSetChargingProfile((p) => (p.csChargingProfiles.chargingProfileId = 1.5));
      const purpose = aSetChargingProfile((p) => Object.assign(p.csChargingProfiles, { chargingProfilePurpose: 'Tx' }));
      for (const payload of [missing, fractionalId, purpose]) {
        expect(SetChargingProfileRequest.safeParse(payload).success).toBe(false);
      }
    });
  });

  describe('multipleOf 0.1 (limit, minChargingRate)', () => {
    it.each([16.7, 0.3, 32.0, 0, 6, 0.1, 11000.5, 0.1 + 0.2])('accepts %s despite binary floating point', (limit) => {
      expect(ChargingSchedulePeriod.safeParse(period(limit)).success).toBe(true);
    });

    it.each([16.75, 0.05, 32.01, 1e-9])('rejects %s', (limit) => {
      expect(ChargingSchedulePeriod.safeParse(period(limit)).success).toBe(false);
    });

    it('accepts every one-decimal value from 0.0 to 1000.0 as JSON carries it', () => {
      const rejected: number[] = [];
      for (let tenths = 0; tenths <= 10_000; tenths += 1) {
        const limit = Number((tenths / 10).toFixed(1));
        if (!ChargingSchedulePeriod.safeParse(period(limit)).success) rejected.push(limit);
      }
      expect(rejected).toEqual([]);
    });
  });

  describe('date-time (inbound tolerance)', () => {
    const meterValues = (timestamp: string) => ({
      connectorId: 1,
      meterValue: [{ timestamp, sampledValue: [{ value: '1234', measurand: 'Energy.Active.Import.Register' }] }],
    });

    it.each([
      '2025-01-06T00:00:00Z',
      '2025-01-06T00:00:00.1Z',
      '2025-01-06T00:00:00.123Z',
      '2025-01-06T00:00:00.123456Z',
      '2025-01-06T01:00:00+01:00',
      '2025-01-05T19:00:00-05:00',
      '2025-01-06T05:30:00.5+05:30',
    ])('accepts %s', (timestamp) => {
      expect(MeterValuesRequest.safeParse(meterValues(timestamp)).success).toBe(true);
    });

    it.each(['2025-01-06T00:00:00', '2025-01-06 00:00:00Z', '2025-01-06', '2025-13-06T00:00:00Z', 'yesterday', ''])(
      'rejects %j',
      (timestamp) => {
        expect(MeterValuesRequest.safeParse(meterValues(timestamp)).success).toBe(false);
      },
    );
  });

  it('accepts the zappi-style GetCompositeSchedule answer with no periods (Z18)', () => {
    const answer = {
      status: 'Accepted',
      connectorId: 1,
      scheduleStart: '2025-01-06T12:00:00Z',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [] },
    };
    expect(GetCompositeScheduleResponse.safeParse(answer).success).toBe(true);
    expect(GetCompositeScheduleResponse.safeParse({ status: 'Rejected' }).success).toBe(true);
  });

  it('accepts every ClearChargingProfile variant of §7, zeros included', () => {
    for (const payload of [
      {},
      { id: 100 },
      { connectorId: 1, chargingProfilePurpose: 'TxDefaultProfile' },
      { connectorId: 0, chargingProfilePurpose: 'ChargePointMaxProfile', stackLevel: 0 },
    ]) {
      expect(ClearChargingProfileRequest.parse(payload)).toEqual(payload);
    }
  });

  it('enforces maxLength on configuration keys and values', () => {
    const answer = (key: string) => ({ configurationKey: [{ key, readonly: false, value: '0' }] });
    expect(GetConfigurationResponse.safeParse(answer('k'.repeat(50))).success).toBe(true);
    expect(GetConfigurationResponse.safeParse(answer('k'.repeat(51))).success).toBe(false);
  });

  it('takes {} for empty requests and nothing else', () => {
    expect(HeartbeatRequest.safeParse({}).success).toBe(true);
    expect(HeartbeatRequest.safeParse({ x: 1 }).success).toBe(false);
  });

  it('shares one ChargingProfile schema with RemoteStartTransaction', () => {
    const profile = (aSetChargingProfile() as SetChargingProfilePayload).csChargingProfiles;
    expect(ChargingProfile.safeParse(profile).success).toBe(true);
  });
});
