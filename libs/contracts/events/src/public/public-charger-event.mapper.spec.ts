import type { EventEnvelope } from '../envelope.js';
import { publicContracts } from './public-catalog.js';
import { isPublishedChargerEvent, toPublicChargerEvent } from './public-charger-event.mapper.js';

const envelope = (type: string, data: Record<string, unknown>): EventEnvelope => ({
  id: '7d3f2c1e-8b4a-4f6e-9c2d-1a0b3c4d5e6f',
  type,
  schemaVersion: 1,
  streamId: 'charger-ZAPPI-1',
  streamVersion: 1,
  tenantId: 'tnt_a',
  chargerId: 'ZAPPI-1',
  occurredAt: '2026-11-25T10:00:00.000Z',
  recordedAt: '2026-11-25T10:00:00.010Z',
  correlationId: 'c1',
  causationId: null,
  data,
});

const registered = envelope('ChargerRegistered', {
  tenantId: 'tnt_a',
  model: 'zappi',
  jurisdiction: 'GB',
  tags: ['north'],
  credentialsHash: 'scrypt$secret',
});
const profile = {
  chargingProfileId: 100,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Recurring',
  recurrencyKind: 'Daily',
  chargingSchedule: {
    chargingRateUnit: 'A',
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 16 },
      { startPeriod: 3600, limit: 6 },
    ],
  },
};

describe('Public charger events', () => {
  it('never publish the charger credentials hash', () => {
    const event = toPublicChargerEvent(registered);
    expect(event.data).toEqual({ tenantId: 'tnt_a', model: 'zappi', jurisdiction: 'GB', tags: ['north'] });
    expect(JSON.stringify(event)).not.toContain('scrypt');
  });

  it('never publish a rehash of the credentials (internal only, decision 0007)', () => {
    const rehashed = envelope('ChargerCredentialsRehashed', {
      credentialsHash: `hmac-sha256$v1$0a1b2c3d$${'e'.repeat(64)}`,
    });
    expect(isPublishedChargerEvent(rehashed)).toBe(false);
    expect(isPublishedChargerEvent(registered)).toBe(true);
    expect(() => toPublicChargerEvent(rehashed)).toThrow(/internal and never published/);
  });

  it('drop stream bookkeeping and keep the envelope fields of docs/architecture.md §3', () => {
    expect(Object.keys(toPublicChargerEvent(registered)).sort()).toEqual(
      [
        'causationId',
        'chargerId',
        'correlationId',
        'data',
        'id',
        'occurredAt',
        'recordedAt',
        'schemaVersion',
        'tenantId',
        'type',
      ].sort(),
    );
  });

  it('refuse an event that does not match its internal schema', () => {
    expect(() => toPublicChargerEvent({ ...registered, data: { model: 'tesla' } })).toThrow();
  });

  it('publish the version of the public contract, whatever the internal version', () => {
    const accepted = toPublicChargerEvent(
      envelope('ChargingProfileAccepted', {
        writeId: 'w1',
        chargingProfileId: 100,
        connectorId: 1,
        chargingProfile: profile,
      }),
    );
    expect(accepted).toMatchObject({
      type: 'ChargingProfileAccepted',
      schemaVersion: 1,
      data: { writeId: 'w1', connectorId: 1, chargingProfile: profile },
    });
  });

  it('map a clear write with its OCPP request', () => {
    const data = { writeId: 'w2', chargingProfileId: 100, action: 'ClearChargingProfile', request: { id: 100 } };
    expect(toPublicChargerEvent(envelope('ChargingProfileWriteDispatched', data)).data).toEqual(data);
  });

  it('publish a write the edge could not send in time in the v1 shape: nothing reached the charger, code NOT_SENT', () => {
    const failure = { failure: 'not-sent', code: 'NOT_SENT', description: 'not sent in time' };
    const profileWrite = toPublicChargerEvent(
      envelope('ChargingProfileWriteFailed', { writeId: 'w1', chargingProfileId: 100, ...failure, outcomeKnown: true }),
    );
    expect(profileWrite.data).toEqual({
      writeId: 'w1',
      chargingProfileId: 100,
      failure: 'offline',
      code: 'NOT_SENT',
      description: 'not sent in time',
      outcomeKnown: true,
    });
    const configurationWrite = toPublicChargerEvent(
      envelope('ChargerConfigurationWriteFailed', { writeId: 'w2', key: 'RandomSmartChargeDelay', ...failure }),
    );
    expect(configurationWrite.data).toMatchObject({ failure: 'offline', code: 'NOT_SENT' });
  });

  it('never publish the value of a secret configuration key', () => {
    const reported = toPublicChargerEvent(
      envelope('ChargerConfigurationReported', {
        values: { AuthorizationKey: 'hunter2', HeartbeatInterval: '300' },
        unknownKeys: [],
      }),
    );
    expect(reported.data).toEqual({
      values: { AuthorizationKey: '(redacted)', HeartbeatInterval: '300' },
      unknownKeys: [],
    });
    const dispatched = toPublicChargerEvent(
      envelope('ChargerConfigurationWriteDispatched', {
        writeId: 'w',
        key: 'AuthorizationKey',
        value: 'hunter2',
        countsAsWrite: true,
      }),
    );
    expect(JSON.stringify(dispatched)).not.toContain('hunter2');
  });

  // L7: the internal `not-sent` failure has no value in the frozen v1 enums: it is published as `offline`.
  it('publish a write that was never sent as offline (its code NOT_SENT tells them apart), adding no enum value', () => {
    const profileWrite = toPublicChargerEvent(
      envelope('ChargingProfileWriteFailed', {
        writeId: 'w1',
        chargingProfileId: 100,
        failure: 'not-sent',
        code: 'NOT_SENT',
        description: 'not sent',
        outcomeKnown: true,
      }),
    );
    expect(profileWrite.data).toMatchObject({ failure: 'offline', code: 'NOT_SENT', outcomeKnown: true });
    const configurationWrite = toPublicChargerEvent(
      envelope('ChargerConfigurationWriteFailed', {
        writeId: 'w2',
        key: 'K',
        failure: 'not-sent',
        code: 'NOT_SENT',
        description: 'not sent',
      }),
    );
    expect(configurationWrite.data).toMatchObject({ failure: 'offline', code: 'NOT_SENT' });
  });

  it('have a published contract for every type they map to', () => {
    const published = new Set(publicContracts.map((c) => `${c.name}.v${c.schemaVersion}`));
    expect(published.has('ChargerRegistered.v1')).toBe(true);
    expect(published.has('ChargingProfileWriteFailed.v1')).toBe(true);
  });
});
