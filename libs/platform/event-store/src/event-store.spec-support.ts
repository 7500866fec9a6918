import { randomUUID } from 'node:crypto';
import { subjects } from '@chargeplane/contracts-api';
import type { NewEvent } from '@chargeplane/contracts-events';
import { migratedSchema, type TestInfra } from '@chargeplane/platform-testing';
import type { DataSource } from 'typeorm';
import { createDataSource, eventStoreMigrations, migrate } from './data-source.js';
import { PostgresEventStore } from './postgres-event-store.js';

/** A charger event as an aggregate would append it. */
export const anEvent = (chargerId: string, type = 'ChargerBooted', data: Record<string, unknown> = {}): NewEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  tenantId: 'tenant-a',
  chargerId,
  occurredAt: '2026-11-25T10:00:00.000Z',
  correlationId: 'corr-1',
  causationId: null,
  data,
});

/** OutboxRelay options for tests whose events are all publishable: NATS's default max payload, no dead letters. */
export const relayLimits = {
  maxPayloadBytes: () => 1024 * 1024,
  deadLetter: async (row: { outboxId: string; detail: string }): Promise<void> => {
    throw new Error(`outbox row ${row.outboxId} unexpectedly dead-lettered: ${row.detail}`);
  },
};

export interface StoreRig {
  infra: TestInfra;
  db: DataSource;
  store: PostgresEventStore;
}

/** A migrated schema of its own on the real PostgreSQL (and NATS when asked), for one spec file. */
export function useEventStore(options: { nats?: boolean } = {}): StoreRig {
  const schema = migratedSchema(eventStoreMigrations, { createDataSource, migrate, nats: options.nats ?? false });
  const rig = {} as StoreRig;
  beforeAll(async () => {
    Object.assign(rig, await schema.start());
    rig.store = new PostgresEventStore(rig.db, (e) => subjects.chargerEvents(e.chargerId));
  });
  afterAll(() => schema.stop());
  return rig;
}
