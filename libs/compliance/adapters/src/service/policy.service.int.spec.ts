import { randomUUID } from 'node:crypto';
import { subjects } from '@chargeplane/contracts-api';
import { complianceStreamId } from '@chargeplane/contracts-events';
import { seededRandomSource } from '@chargeplane/compliance-domain';
import { createDataSource, eventStoreMigrations, migrate, PostgresEventStore } from '@chargeplane/platform-event-store';
import { migratedSchema } from '@chargeplane/platform-testing';
import type { DataSource } from 'typeorm';
import { CreateComplianceTables1732500006000 } from '../migrations/1732500006000-create-compliance-tables.js';
import { ComplianceChargerLedgers1732500006100 } from '../migrations/1732500006100-compliance-charger-ledgers.js';
import { ComplianceReadModel } from '../persistence/compliance-read-model.js';
import { PolicyRepository } from '../persistence/policy.repository.js';
import { PolicyService } from './policy.service.js';

/** The charger has no profiles in these specs. */
const noProfiles = { list: async () => [] };

const T0 = Date.parse('2026-11-25T10:00:00Z');
const context = { tenantId: 'tenant-1', correlationId: 'c-1', causationId: null };
const body = (maxDelaySeconds: number) => ({
  jurisdiction: 'GB' as const,
  randomisedDelay: { mode: 'device' as const, maxDelaySeconds },
  ownerOverride: null,
  dsrAgreement: false,
  dsrResponseActive: false,
  offPeakDefault: { enabled: true },
});

describe('Compliance policies in the event store (real PostgreSQL)', () => {
  const schema = migratedSchema(
    [...eventStoreMigrations, CreateComplianceTables1732500006000, ComplianceChargerLedgers1732500006100],
    { createDataSource, migrate },
  );
  let db: DataSource;
  let readModel: ComplianceReadModel;
  let service: PolicyService;
  let other: PolicyService;
  let now = T0;

  beforeAll(async () => {
    ({ db } = await schema.start());
    readModel = new ComplianceReadModel(db);
    const repository = () =>
      new PolicyRepository(new PostgresEventStore(db, (e) => subjects.complianceEvents(e.chargerId)), {
        uuid: () => randomUUID(),
      });
    service = new PolicyService(repository(), readModel, { now: () => now }, 600, seededRandomSource(1), noProfiles);
    other = new PolicyService(repository(), readModel, { now: () => now }, 600, seededRandomSource(1), noProfiles);
  });
  afterAll(() => schema.stop());

  it('appends to compliance-{chargerId}, writes the status row in the same transaction, and folds it back', async () => {
    await service.execute(
      'GB-A',
      (_s, t) => ({ type: 'CreatePolicy', now: t, tenantId: 'tenant-1', model: 'zappi' }),
      context,
    );
    const { state, version } = await service.current('GB-A');
    expect(version).toBe(1);
    expect(state.settings.randomisedDelay).toEqual({ mode: 'device', maxDelaySeconds: 600 });
    const [event] = (await db.query(`SELECT stream_id, type, metadata->>'tenantId' AS tenant FROM events`)) as {
      stream_id: string;
      type: string;
      tenant: string;
    }[];
    expect(event).toEqual({
      stream_id: complianceStreamId('GB-A'),
      type: 'CompliancePolicyCreated',
      tenant: 'tenant-1',
    });
    expect(await db.query(`SELECT subject FROM outbox`)).toEqual([{ subject: subjects.complianceEvents('GB-A') }]);
    expect(await readModel.find('GB-A')).toEqual({ tenant_id: 'tenant-1', model: 'zappi', charger_version: 0 });
  });

  it('decides again on the fresh state when another process appended first, and honours an expected version', async () => {
    const results = await Promise.all([
      service.execute('GB-A', (_s, t) => ({ type: 'ChangePolicy', now: t, body: body(900), actor: 'a' }), context),
      other.execute('GB-A', (_s, t) => ({ type: 'ChangePolicy', now: t, body: body(1200), actor: 'b' }), context),
    ]);
    expect(results.map((r) => r.events.length)).toEqual([1, 1]);
    expect((await service.current('GB-A')).version).toBe(3);
    await expect(
      service.execute('GB-A', (_s, t) => ({ type: 'ChangePolicy', now: t, body: body(600), actor: 'a' }), context, 1),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('reports the fleet by status and mode, and lets one replica at a time claim due work', async () => {
    await service.execute(
      'GB-B',
      (_s, t) => ({ type: 'CreatePolicy', now: t, tenantId: 'tenant-1', model: 'zappi' }),
      context,
    );
    const report = await readModel.report('tenant-1', 10, now);
    expect(report).toMatchObject({
      total: 2,
      byStatus: { compliant: 0, 'non-compliant': 2 },
      byMode: { device: 2, platform: 0 },
    });
    expect(report.needingAttention.map((c) => c.reasons[0])).toEqual([
      'device-delay-unverified',
      'device-delay-unverified',
    ]);
    await readModel.setNextAction('GB-A', now - 1);
    expect(await readModel.claimDue(now, 60_000, 10)).toEqual(['GB-A']);
    expect(await readModel.claimDue(now, 60_000, 10)).toEqual([]);
    now += 61_000;
    expect(await readModel.claimDue(now, 60_000, 10)).toEqual(['GB-A']);
  });
});
