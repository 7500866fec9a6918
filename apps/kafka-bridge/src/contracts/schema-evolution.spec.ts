import { ContractRegistry, decodeRecord } from '@chargeplane/bridge-consumer-kit';
import {
  ChargingProfileAcceptedV1,
  publicContracts,
  publicEventSchema,
  type PublicContract,
} from '@chargeplane/contracts-events';
import { z } from 'zod';
import { contractSetOf, type ContractSet } from './contract-files.js';
import { contractViolations } from './contract-rules.js';

// End to end over the real contracts: a hypothetical version 2 of ChargingProfileAccepted goes through the
// contract check, then reaches a consumer that was built when only version 1 existed.
const dataV1 = ChargingProfileAcceptedV1.shape.data;
const v2 = (data: z.ZodType): PublicContract => ({
  name: 'ChargingProfileAccepted',
  schemaVersion: 2,
  topic: 'chargerEvents',
  schema: publicEventSchema('ChargingProfileAccepted', 2, data, 'v2'),
});
const published = contractSetOf(publicContracts);
const withV2 = (contract: PublicContract, topic?: string): ContractSet => {
  const set = contractSetOf([...publicContracts, contract]);
  if (topic)
    set.catalog = set.catalog.map((e) => (e.name === contract.name && e.schemaVersion === 2 ? { ...e, topic } : e));
  return set;
};
const profile = {
  chargingProfileId: 100,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
};

describe('Schema evolution of the public events', () => {
  describe('an additive change (new optional field) in version 2', () => {
    const additive = v2(dataV1.extend({ slotsUsed: z.number().int().optional() }));

    it('passes the contract check on the same topic', () => {
      expect(contractViolations(published, withV2(additive))).toEqual([]);
    });

    it('is read by a consumer built for version 1, as version 1', () => {
      const consumerOfV1 = ContractRegistry.published();
      const record = {
        ...{
          id: '5a2b8f9e-1c3d-4e5f-8a7b-9c0d1e2f3a4b',
          type: 'ChargingProfileAccepted',
          schemaVersion: 2,
          tenantId: 't',
          chargerId: 'Z-1',
        },
        ...{
          occurredAt: '2026-11-25T10:00:00Z',
          recordedAt: '2026-11-25T10:00:00Z',
          correlationId: 'c',
          causationId: null,
        },
        data: { writeId: 'w1', chargingProfileId: 100, connectorId: 1, chargingProfile: profile, slotsUsed: 1 },
      };
      const decoded = decodeRecord(consumerOfV1, {
        topic: 'chargeplane.charger-events.v1',
        partition: 0,
        offset: '7',
        key: 'Z-1',
        value: JSON.stringify(record),
        headers: {},
      });
      expect(decoded).toMatchObject({
        kind: 'event',
        event: { schemaVersion: 1, data: { writeId: 'w1', connectorId: 1 } },
        meta: { writtenSchemaVersion: 2 },
      });
    });
  });

  describe('a breaking change (a renamed field)', () => {
    const renamed = dataV1.omit({ writeId: true }).extend({ dispatchId: z.string() });

    it('is refused when made to the published version itself', () => {
      const edited = publicContracts.map((c) =>
        c.name === 'ChargingProfileAccepted'
          ? { ...c, schema: publicEventSchema('ChargingProfileAccepted', 1, renamed, 'edited') }
          : c,
      );
      expect(contractViolations(published, contractSetOf(edited))).toEqual([
        expect.stringMatching(/^ChargingProfileAccepted v1 is frozen .*\$\.data\.writeId removed \(or renamed\)/),
      ]);
    });

    it('is refused in a new version on the same topic', () => {
      expect(contractViolations(published, withV2(v2(renamed)))).toEqual([
        expect.stringMatching(
          /^ChargingProfileAccepted v2 breaks ChargingProfileAccepted v1 on chargeplane.charger-events.v1/,
        ),
      ]);
    });

    it('passes in a new version on a new topic', () => {
      expect(contractViolations(published, withV2(v2(renamed), 'chargeplane.charger-events.v2'))).toEqual([]);
    });
  });
});
