import { ChargingProfileAcceptedV1, publicContracts, type PublicContract } from '@chargeplane/contracts-events';
import { ContractRegistry } from './contract-registry.js';
import { AcceptedV2Additive, AcceptedV2Renamed, acceptedEvent, profile, recordOf } from './evolution.spec-support.js';
import { decodeRecord } from './record-decoder.js';
import type { Upcaster } from './upcasters.js';

const v1Data = { writeId: 'w1', chargingProfileId: 100, connectorId: 1, chargingProfile: profile };
const published = ContractRegistry.published();

describe('Decoding a public record', () => {
  it('parses an event of a version the consumer knows', () => {
    const decoded = decodeRecord(published, recordOf(acceptedEvent(1, v1Data), { headers: { replay: 'true' } }));
    expect(decoded).toMatchObject({
      kind: 'event',
      event: { type: 'ChargingProfileAccepted', data: v1Data },
      meta: { replay: true, writtenSchemaVersion: 1 },
    });
  });

  it('reports a record that is not JSON, not an event, or keyed by another charger', () => {
    expect(decodeRecord(published, { ...recordOf({}), value: '{' })).toMatchObject({
      kind: 'invalid',
      problem: 'value is not JSON',
    });
    expect(decodeRecord(published, recordOf({ hello: 'world' }))).toMatchObject({ kind: 'invalid' });
    expect(decodeRecord(published, recordOf(acceptedEvent(1, v1Data), { key: 'OTHER' }))).toMatchObject({
      kind: 'invalid',
      problem: expect.stringContaining('key OTHER'),
    });
  });

  it('reports an event that does not match its schema', () => {
    expect(decodeRecord(published, recordOf(acceptedEvent(1, { ...v1Data, connectorId: 'one' })))).toMatchObject({
      kind: 'invalid',
    });
  });

  it('hands on a type it does not know as unknown (new types are additive)', () => {
    const event = { ...acceptedEvent(1, {}), type: 'ChargingSlotReserved' };
    expect(decodeRecord(published, recordOf(event))).toMatchObject({
      kind: 'unknown-type',
      type: 'ChargingSlotReserved',
    });
  });

  it('reads a compliance event behind a deployment prefix', () => {
    const event = { ...acceptedEvent(1, { maxDelaySeconds: 600 }), type: 'PlatformDelayActivated' };
    const decoded = decodeRecord(published, recordOf(event, { topic: 'run1.chargeplane.compliance.v1' }), 'run1.');
    expect(decoded).toMatchObject({
      kind: 'event',
      event: { type: 'PlatformDelayActivated', data: { maxDelaySeconds: 600 } },
    });
  });

  describe('across schema versions', () => {
    const withV2 = (
      schema: typeof AcceptedV2Additive | typeof AcceptedV2Renamed,
      topic: PublicContract['topic'],
      upcasters: Upcaster[],
    ) =>
      new ContractRegistry(
        [...publicContracts, { name: 'ChargingProfileAccepted', schemaVersion: 2, topic, schema }],
        upcasters,
      );

    it('reads a newer additive version as the version it knows (consumer built for N reads N+1)', () => {
      const decoded = decodeRecord(published, recordOf(acceptedEvent(2, { ...v1Data, slotsUsed: 3 })));
      expect(decoded.kind).toBe('event');
      if (decoded.kind !== 'event') return;
      expect(ChargingProfileAcceptedV1.parse(decoded.event)).toEqual(decoded.event);
      expect(decoded.event.data).toEqual(v1Data);
      expect(decoded.meta.writtenSchemaVersion).toBe(2);
    });

    it('refuses a newer version on a topic where it does not know the type (a breaking version)', () => {
      const decoded = decodeRecord(
        published,
        recordOf(acceptedEvent(2, { ...v1Data }), { topic: 'chargeplane.telemetry.v1' }),
      );
      expect(decoded).toMatchObject({
        kind: 'invalid',
        problem: expect.stringContaining('knows it only on chargeplane.charger-events.v1'),
      });
    });

    it('upcasts an older version to the newest it knows (consumer built for N+1 reads N)', () => {
      const rename: Upcaster = {
        type: 'ChargingProfileAccepted',
        from: 1,
        upcast: ({ data, ...rest }) => {
          const { writeId, ...others } = data as Record<string, unknown>;
          return { ...rest, data: { ...others, dispatchId: writeId } };
        },
      };
      const registry = withV2(AcceptedV2Renamed, 'chargerEvents', [rename]);
      const decoded = decodeRecord(registry, recordOf(acceptedEvent(1, v1Data)));
      expect(decoded).toMatchObject({
        kind: 'event',
        event: { schemaVersion: 2, data: { dispatchId: 'w1' } },
        meta: { writtenSchemaVersion: 1 },
      });
    });

    it('parses the newer version itself once the consumer knows it', () => {
      const registry = withV2(AcceptedV2Additive, 'chargerEvents', [
        { type: 'ChargingProfileAccepted', from: 1, upcast: (e) => ({ ...e }) },
      ]);
      expect(decodeRecord(registry, recordOf(acceptedEvent(2, { ...v1Data, slotsUsed: 3 })))).toMatchObject({
        kind: 'event',
        event: { data: { slotsUsed: 3 } },
      });
    });
  });
});
