import { randomUUID } from 'node:crypto';
import { subjects } from '@chargeplane/contracts-api';
import { chargerStreamId, type NewEvent } from '@chargeplane/contracts-events';
import { createDataSource, eventStoreMigrations, migrate, PostgresEventStore } from '@chargeplane/platform-event-store';
import { migratedSchema, rowPages } from '@chargeplane/platform-testing';
import type { DataSource } from 'typeorm';
import { CreateComplianceTables1732500006000 } from '../migrations/1732500006000-create-compliance-tables.js';
import { ComplianceChargerLedgers1732500006100 } from '../migrations/1732500006100-compliance-charger-ledgers.js';
import { ComplianceLedgersFillfactor1732500006200 } from '../migrations/1732500006200-compliance-ledgers-fillfactor.js';
import { ChargerProfilesProjection } from './charger-profiles.projection.js';

const T0 = Date.UTC(2026, 10, 25, 10);
const profile = (id: number) => ({
  chargingProfileId: id,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: {
    startSchedule: new Date(T0).toISOString(),
    chargingRateUnit: 'A',
    chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
  },
});
const event = (type: string, s: number, data: Record<string, unknown>): NewEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  tenantId: 'tenant-1',
  chargerId: 'GB-L',
  occurredAt: new Date(T0 + s * 1000).toISOString(),
  correlationId: 'c',
  causationId: null,
  data,
});
const write = (writeId: string, p: ReturnType<typeof profile>, s: number) => [
  event('ChargingProfileDesired', s, { connectorId: 1, chargingProfile: p }),
  event('ChargingProfileWriteDispatched', s, {
    writeId,
    chargingProfileId: p.chargingProfileId,
    action: 'SetChargingProfile',
    request: { connectorId: 1, csChargingProfiles: p },
  }),
  event('ChargingProfileAccepted', s + 1, {
    writeId,
    chargingProfileId: p.chargingProfileId,
    connectorId: 1,
    chargingProfile: p,
  }),
];

describe('Charger profiles of a GB charger, from its ledger (real PostgreSQL)', () => {
  const schema = migratedSchema(
    [
      ...eventStoreMigrations,
      CreateComplianceTables1732500006000,
      ComplianceChargerLedgers1732500006100,
      ComplianceLedgersFillfactor1732500006200,
    ],
    { createDataSource, migrate },
  );
  let db: DataSource;
  let store: PostgresEventStore;
  let projection: ChargerProfilesProjection;

  beforeAll(async () => {
    ({ db } = await schema.start());
    store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId));
    projection = new ChargerProfilesProjection(db, store);
  });
  afterAll(() => schema.stop());

  it('keeps each ledger row on its page when it is rewritten: heap-only updates (runbook, "Room on the page")', async () => {
    const ledger = (v: number) =>
      JSON.stringify({ v, history: Array.from({ length: 30 }, (_, i) => `${v}-${i}-padding`) });
    const ids = Array.from({ length: 40 }, (_, i) => `ROOM-${String(i).padStart(2, '0')}`);
    for (const id of ids)
      await db.query(`INSERT INTO compliance_charger_ledgers (charger_id, version, ledger) VALUES ($1, 1, $2)`, [
        id,
        ledger(1),
      ]);
    const pages = () => rowPages(db, 'compliance_charger_ledgers', 'charger_id', 'ROOM-');
    const before = await pages();
    expect(new Set(before.values()).size).toBeGreaterThan(1);
    // As the projection writes them: one charger's row per statement, every event.
    for (let v = 2; v <= 12; v++)
      for (const id of ids)
        await db.query(`UPDATE compliance_charger_ledgers SET version = $2, ledger = $3 WHERE charger_id = $1`, [
          id,
          v,
          ledger(v),
        ]);
    expect(await pages()).toEqual(before);
  });

  it('folds a charger it has no ledger for from the event store, then each event exactly once', async () => {
    const stored = await store.append(chargerStreamId('GB-L'), 0, [
      event('ChargerRegistered', 0, {
        tenantId: 'tenant-1',
        model: 'zappi',
        jurisdiction: 'GB',
        tags: [],
        credentialsHash: 'x',
      }),
      ...write('w1', profile(1), 10),
      ...write('w2', profile(2), 20),
    ]);
    // The first event it is given is the last: the missing versions are read from the store first.
    await projection.apply(stored.at(-1)!, 'zappi');
    const expected = [
      { chargingProfileId: 2, connectorId: 1, desired: profile(2), confirmed: profile(2), inSync: true },
    ];
    expect(await projection.list('GB-L')).toEqual(expected);
    expect(await projection.cpoTxDefaultProfileId('GB-L')).toBe(2);
    // Redelivered and older events change nothing.
    for (const e of stored) await projection.apply(e, 'zappi');
    expect(await projection.list('GB-L')).toEqual(expected);
    const [row] = (await db.query(`SELECT version FROM compliance_charger_ledgers WHERE charger_id = 'GB-L'`)) as {
      version: number;
    }[];
    expect(row?.version).toBe(stored.length);
  });
});
