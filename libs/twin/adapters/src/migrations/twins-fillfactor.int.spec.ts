import { emptyTwin, type TwinDoc } from '@chargeplane/twin-domain';
import { rowPages } from '@chargeplane/platform-testing';
import { provideTwinInfra, type TwinInfra } from '../twin-test.spec-support.js';

/** A twin of about the size a zappi's is after its configuration was read (~1.7 KB of JSON). */
const twinAt = (chargerId: string, version: number): TwinDoc => ({
  ...emptyTwin(chargerId),
  tenantId: 'tenant-a',
  model: 'zappi',
  tags: ['south'],
  configuration: Object.fromEntries(
    Array.from({ length: 24 }, (_, i) => [`Key${i}`, `${chargerId}-${version}-${'v'.repeat(20)}`]),
  ),
  version,
});

describe('Room on the page for twin updates (real PostgreSQL)', () => {
  let t: TwinInfra;

  beforeAll(async () => {
    t = await provideTwinInfra();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('keeps each twin on its page through repeated writes: updates are heap-only, no index entry added', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `HOT-${String(i).padStart(2, '0')}`);
    await t.twins.saveIfUnchanged(
      ids.map((id) => twinAt(id, 1)),
      new Map(),
    );
    const before = await rowPages(t.db, 'twins', 'charger_id');
    expect(new Set(before.values()).size).toBeGreaterThan(1); // the twins fill several pages

    for (let version = 2; version <= 12; version++) {
      const written = await t.twins.saveIfUnchanged(
        ids.map((id) => twinAt(id, version)),
        new Map(ids.map((id) => [id, version - 1])),
      );
      expect(written.size).toBe(ids.length);
    }

    expect(await rowPages(t.db, 'twins', 'charger_id')).toEqual(before);
    expect(await t.db.query(`SELECT reloptions FROM pg_class WHERE oid = to_regclass('twins')`)).toEqual([
      { reloptions: ['fillfactor=50'] },
    ]);
  });
});
