import { chargerEventParser, parseChargerEvent, type UpcasterTable } from './upcast.js';

const occurredAt = new Date(0).toISOString();

describe('Reading stored charger events', () => {
  describe('when an event is stored at the current schema version', () => {
    it('parses it with its own schema', () => {
      const event = parseChargerEvent({
        type: 'ChargerConnected',
        schemaVersion: 1,
        occurredAt,
        data: { edgeId: 'edge-1', connectionId: 'conn-1' },
      });
      expect(event).toEqual({
        type: 'ChargerConnected',
        schemaVersion: 1,
        occurredAt,
        data: { edgeId: 'edge-1', connectionId: 'conn-1' },
      });
    });

    it('refuses data that does not fit the schema', () => {
      expect(() =>
        parseChargerEvent({ type: 'ChargerConnected', schemaVersion: 1, occurredAt, data: { edgeId: 1 } }),
      ).toThrow();
    });
  });

  describe('when an event is stored at an older schema version', () => {
    // A synthetic version 0 of ChargerBooted that named the firmware `fw` and had no serial number.
    const upcasters: UpcasterTable = {
      ChargerBooted: {
        0: (data) => {
          const { fw, ...rest } = data as { fw: string | null };
          return { ...rest, firmwareVersion: fw, chargePointSerialNumber: null };
        },
      },
    };
    const parse = chargerEventParser(upcasters);

    it('upcasts it step by step to the current version before parsing it', () => {
      const event = parse({
        type: 'ChargerBooted',
        schemaVersion: 0,
        occurredAt,
        data: { chargePointVendor: 'myenergi', chargePointModel: 'zappi', fw: '5.6' },
      });
      expect(event).toEqual({
        type: 'ChargerBooted',
        schemaVersion: 1,
        occurredAt,
        data: {
          chargePointVendor: 'myenergi',
          chargePointModel: 'zappi',
          firmwareVersion: '5.6',
          chargePointSerialNumber: null,
        },
      });
    });

    it('refuses an old version nobody can upcast', () => {
      expect(() =>
        parseChargerEvent({
          type: 'ChargerBooted',
          schemaVersion: 0,
          occurredAt,
          data: { chargePointVendor: 'myenergi', chargePointModel: 'zappi', fw: '5.6' },
        }),
      ).toThrow();
    });
  });
});
