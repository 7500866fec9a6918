import { z } from 'zod';
import { jsonSchemaOf, type CatalogEntry, type ContractSet } from './contract-files.js';
import { contractViolations } from './contract-rules.js';

const data = z.object({ chargingProfileId: z.number().int(), status: z.enum(['Rejected', 'NotSupported']) });
const schema = (version: number, d: z.ZodType) =>
  jsonSchemaOf(z.object({ type: z.literal('Rejected'), schemaVersion: z.literal(version), data: d }));

/** A contract set from (version, topic, data) rows of one type. */
function set(...rows: [number, string, z.ZodType][]): ContractSet {
  const catalog: CatalogEntry[] = rows.map(([version, topic]) => ({
    name: 'Rejected',
    schemaVersion: version,
    topic,
    file: `json-schema/rejected.v${version}.json`,
  }));
  return {
    catalog,
    schemas: new Map(rows.map(([version, , d]) => [`json-schema/rejected.v${version}.json`, schema(version, d)])),
  };
}
const T1 = 'chargeplane.charger-events.v1';
const T2 = 'chargeplane.charger-events.v2';

describe('Contract evolution rules', () => {
  it('allow the first publication of a contract', () => {
    expect(contractViolations(set(), set([1, T1, data]))).toEqual([]);
  });

  it('allow a new version that adds an optional field on the same topic', () => {
    const next = set([1, T1, data], [2, T1, data.extend({ reason: z.string().optional() })]);
    expect(contractViolations(set([1, T1, data]), next)).toEqual([]);
  });

  it('refuse a breaking new version on the same topic', () => {
    const next = set([1, T1, data], [2, T1, data.omit({ status: true }).extend({ outcome: z.string() })]);
    expect(contractViolations(set([1, T1, data]), next)).toEqual([
      expect.stringMatching(
        /^Rejected v2 breaks Rejected v1 on chargeplane.charger-events.v1 .*\$\.data\.status removed/,
      ),
    ]);
  });

  it('allow a breaking new version on a new topic', () => {
    const next = set([1, T1, data], [2, T2, data.omit({ status: true }).extend({ outcome: z.string() })]);
    expect(contractViolations(set([1, T1, data]), next)).toEqual([]);
  });

  it('refuse any change to a published version, even an additive one', () => {
    const violations = contractViolations(
      set([1, T1, data]),
      set([1, T1, data.extend({ reason: z.string().optional() })]),
    );
    expect(violations).toEqual([
      expect.stringMatching(
        /^Rejected v1 is frozen but its schema changed \(additive: \$\.data\.reason added as optional\)/,
      ),
    ]);
  });

  it('allow better documentation of a published version', () => {
    expect(contractViolations(set([1, T1, data]), set([1, T1, data.describe('why the charger said no')]))).toEqual([]);
  });

  it('refuse a published version removed or moved to another topic', () => {
    expect(contractViolations(set([1, T1, data]), set())).toEqual([
      'Rejected v1 was published and is gone: published versions are never removed',
    ]);
    expect(contractViolations(set([1, T1, data]), set([1, T2, data]))).toEqual([
      expect.stringContaining('moved from chargeplane.charger-events.v1 to chargeplane.charger-events.v2'),
    ]);
  });

  it('refuse gaps in the versions of a type', () => {
    expect(contractViolations(set(), set([1, T1, data], [3, T1, data]))).toEqual([
      expect.stringContaining('without gaps (found 1, 3)'),
    ]);
  });
});
