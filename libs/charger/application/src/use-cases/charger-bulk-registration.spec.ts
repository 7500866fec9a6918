import { bulkRowsOf, ConcurrencyError } from '@chargeplane/contracts-api';
import type { ChargerRegistry } from '../ports.js';
import { ChargerBulkRegistration } from './charger-bulk-registration.js';
import { chargerRig } from './use-cases.spec-support.js';

const ctx = { tenantId: 'tenant-A', correlationId: 'c-1' };
const zappi = (chargerId: string) => ({ chargerId, model: 'zappi' });

function given(registry?: ChargerRegistry) {
  const rig = chargerRig();
  const bulk = new ChargerBulkRegistration(rig.service, registry ?? rig.streams, rig.credentials, 'ws://edge/ocpp');
  return { ...rig, bulk };
}

describe('Bulk registration', () => {
  describe('when rows repeat a charger id', () => {
    it('registers the first and refuses each later one, naming the row of the first', async () => {
      const { bulk, streams } = given();
      const { results } = await bulk.register(ctx, bulkRowsOf([zappi('A'), zappi('B'), zappi('A'), zappi('A')]));
      expect(results.map((r) => [r.chargerId, r.code ?? r.status])).toEqual([
        ['A', 'created'],
        ['B', 'created'],
        ['A', 'DUPLICATE_IN_REQUEST'],
        ['A', 'DUPLICATE_IN_REQUEST'],
      ]);
      expect(results[3]?.message).toBe('row 4: A is also on row 1');
      expect(streams.typesOf('A')).toEqual(['ChargerRegistered']);
    });
  });

  describe('when another request registers a charger between the directory lookup and the append', () => {
    it("answers ALREADY_REGISTERED from the decider's own invariant, and registers the others", async () => {
      const rig = chargerRig();
      const stale: ChargerRegistry = {
        isRegistered: async () => false,
        registeredAmong: async () => new Set(),
      };
      const first = new ChargerBulkRegistration(rig.service, rig.streams, rig.credentials, 'ws://edge/ocpp');
      await first.register(ctx, bulkRowsOf([zappi('A')]));
      const bulk = new ChargerBulkRegistration(rig.service, stale, rig.credentials, 'ws://edge/ocpp');
      const { results } = await bulk.register(ctx, bulkRowsOf([zappi('A'), zappi('C')]));
      expect(results.map((r) => r.code ?? r.status)).toEqual(['ALREADY_REGISTERED', 'created']);
      expect(rig.streams.typesOf('A')).toEqual(['ChargerRegistered']);
    });
  });

  describe('when storing one charger fails', () => {
    it('reports that row NOT_STORED and still hands out the credentials of the others', async () => {
      const { bulk, streams } = given();
      const append = streams.append.bind(streams);
      streams.append = async (chargerId, ...rest) => {
        if (chargerId === 'B') throw new ConcurrencyError('charger-B', 0, null);
        return append(chargerId, ...rest);
      };
      const { results } = await bulk.register(ctx, bulkRowsOf([zappi('A'), zappi('B'), zappi('C')]));
      expect(results.map((r) => r.code ?? r.status)).toEqual(['created', 'NOT_STORED', 'created']);
      expect(results[1]?.message).toBe(
        'row 2: storing B failed (CONCURRENCY_CONFLICT); it is not registered, retry it',
      );
      expect(results[0]?.password).toMatch(/^[0-9a-f]{40}$/);
      expect(streams.typesOf('B')).toEqual([]);
    });
  });

  describe('when a request has more rows than the limit', () => {
    it('refuses it whole with BATCH_TOO_LARGE and registers nothing', async () => {
      const { bulk, streams } = given();
      const rows = bulkRowsOf(Array.from({ length: 10_001 }, (_, i) => zappi(`C-${i}`)));
      await expect(bulk.register(ctx, rows)).rejects.toMatchObject({
        code: 'BATCH_TOO_LARGE',
        details: { rows: 10_001, limit: 10_000 },
      });
      expect(streams.streams.size).toBe(0);
    });
  });
});
