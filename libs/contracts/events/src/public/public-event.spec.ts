import { toPublicChargerEvent } from './public-event.js';

const registered = {
  id: '7d3f2c1e-8b4a-4f6e-9c2d-1a0b3c4d5e6f',
  type: 'ChargerRegistered',
  schemaVersion: 1,
  streamId: 'charger-ZAPPI-1',
  streamVersion: 1,
  tenantId: 'tnt_a',
  chargerId: 'ZAPPI-1',
  occurredAt: '2026-11-25T10:00:00.000Z',
  recordedAt: '2026-11-25T10:00:00.010Z',
  correlationId: 'c1',
  causationId: null,
  data: { tenantId: 'tnt_a', model: 'zappi', jurisdiction: 'GB', tags: ['north'], credentialsHash: 'scrypt$secret' },
};

describe('Public charger events', () => {
  it('never publish the charger credentials hash', () => {
    const event = toPublicChargerEvent(registered);
    expect(event.data).toEqual({ tenantId: 'tnt_a', model: 'zappi', jurisdiction: 'GB', tags: ['north'] });
    expect(JSON.stringify(event)).not.toContain('scrypt');
  });

  it('drop stream bookkeeping and keep the envelope fields of ARCHITECTURE.md §3', () => {
    expect(Object.keys(toPublicChargerEvent(registered)).sort()).toEqual(
      ['causationId', 'chargerId', 'correlationId', 'data', 'id', 'occurredAt', 'recordedAt', 'schemaVersion', 'tenantId', 'type'].sort(),
    );
  });

  it('refuse an event that does not match its internal schema', () => {
    expect(() => toPublicChargerEvent({ ...registered, data: { model: 'tesla' } })).toThrow();
  });
});
