import { randomUUID } from 'node:crypto';
import { DEFAULT_CHARGER_PARTITIONS, streams, subjects } from '@chargeplane/contracts-api';
import { chargerStreamId, type EventEnvelope, type NewEvent } from '@chargeplane/contracts-events';
import { createDataSource, eventStoreMigrations, migrate, PostgresEventStore } from '@chargeplane/platform-event-store';
import { NatsBus, partitionDurable } from '@chargeplane/platform-messaging';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import type { TwinDoc } from '@chargeplane/twin-domain';
import type { DataSource } from 'typeorm';
import { CreateTwins1732500002000 } from './migrations/1732500002000-create-twins.js';
import { TwinSummaryColumns1732500004200 } from './migrations/1732500004200-twin-summary-columns.js';
import { TwinsFillfactor1732500004300 } from './migrations/1732500004300-twins-fillfactor.js';
import type { ProjectionObserver } from './twin.projection.js';
import { TwinRepository } from './twin.repository.js';

export const twinMigrations = [
  ...eventStoreMigrations,
  CreateTwins1732500002000,
  TwinSummaryColumns1732500004200,
  TwinsFillfactor1732500004300,
];

/** Real PostgreSQL (own schema, migrated) and NATS (own prefix, streams created) for one suite. */
export interface TwinInfra {
  infra: TestInfra;
  db: DataSource;
  store: PostgresEventStore;
  twins: TwinRepository;
  bus: NatsBus;
  stop(): Promise<void>;
}

export async function provideTwinInfra(): Promise<TwinInfra> {
  const infra = await provideInfra({ postgres: true, nats: true });
  const db = createDataSource(infra.databaseUrl, twinMigrations);
  await db.initialize();
  await migrate(db);
  const bus = await NatsBus.connect({ url: infra.natsUrl, name: 'twin-test', prefix: infra.runId });
  await bus.ensureStreams([streams.chargerEvents, streams.twinEvents, streams.deadLetters]);
  return {
    infra,
    db,
    store: new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId)),
    twins: new TwinRepository(db),
    bus,
    async stop() {
      await bus.deleteStreams([streams.chargerEvents, streams.twinEvents, streams.deadLetters]).catch(() => undefined);
      await bus.close();
      await db.destroy();
      await infra.stop();
    },
  };
}

const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 10, 0) + minute * 60_000).toISOString();
const event = (
  chargerId: string,
  tenantId: string,
  type: string,
  data: Record<string, unknown>,
  minute: number,
): NewEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  tenantId,
  chargerId,
  occurredAt: at(minute),
  correlationId: 'c',
  causationId: null,
  data,
});

/** A profile of `limit` A from 10:00 UTC on 2026-11-25 (the histories' day). */
export const aProfile = (id: number, limit = 16) => ({
  chargingProfileId: id,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: {
    startSchedule: '2026-11-25T10:00:00Z',
    chargingRateUnit: 'A',
    chargingSchedulePeriod: [{ startPeriod: 0, limit }],
  },
});

/** Registration, connection and boot of a zappi. */
export const onboarding = (chargerId: string, tenantId: string, tags: string[] = ['north']) => [
  event(
    chargerId,
    tenantId,
    'ChargerRegistered',
    { tenantId, model: 'zappi', jurisdiction: 'GB', tags, credentialsHash: 'x' },
    0,
  ),
  event(chargerId, tenantId, 'ChargerConnected', { edgeId: 'e1', connectionId: 'k1' }, 1),
  event(
    chargerId,
    tenantId,
    'ChargerBooted',
    {
      chargePointVendor: 'myenergi',
      chargePointModel: 'zappi',
      firmwareVersion: '5.5.1',
      chargePointSerialNumber: null,
    },
    1,
  ),
  event(
    chargerId,
    tenantId,
    'ChargerConfigurationReported',
    { values: { CommercialMode: 'True', RandomSmartChargeDelay: '0' }, unknownKeys: [] },
    1,
  ),
];

/** One write cycle of profile `id`: desired, dispatched, then the charger's answer. */
export const writeCycle = (
  chargerId: string,
  tenantId: string,
  id: number,
  answer: 'Accepted' | 'Rejected' | 'failed',
  minute: number,
  limit = 16,
) => {
  const profile = aProfile(id, limit);
  const writeId = randomUUID();
  const outcome =
    answer === 'Accepted'
      ? event(
          chargerId,
          tenantId,
          'ChargingProfileAccepted',
          { writeId, chargingProfileId: id, connectorId: 1, chargingProfile: profile },
          minute,
        )
      : answer === 'Rejected'
        ? event(
            chargerId,
            tenantId,
            'ChargingProfileRejectedByCharger',
            { writeId, chargingProfileId: id, status: 'Rejected' },
            minute,
          )
        : event(
            chargerId,
            tenantId,
            'ChargingProfileWriteFailed',
            {
              writeId,
              chargingProfileId: id,
              failure: 'call-error',
              code: 'InternalError',
              description: 'x',
              outcomeKnown: true,
            },
            minute,
          );
  return [
    event(chargerId, tenantId, 'ChargingProfileDesired', { connectorId: 1, chargingProfile: profile }, minute),
    event(
      chargerId,
      tenantId,
      'ChargingProfileWriteDispatched',
      {
        writeId,
        chargingProfileId: id,
        action: 'SetChargingProfile',
        request: { connectorId: 1, csChargingProfiles: profile },
      },
      minute,
    ),
    outcome,
  ];
};

export const disconnect = (chargerId: string, tenantId: string, minute: number) =>
  event(chargerId, tenantId, 'ChargerDisconnected', { edgeId: 'e1', connectionId: 'k1', reason: 'closed' }, minute);

/** `event` as the store hands it out at `version`, without storing it (an event the store may not hold yet). */
export const asStored = (event: NewEvent, version: number): EventEnvelope => ({
  ...event,
  streamId: chargerStreamId(event.chargerId),
  streamVersion: version,
  recordedAt: event.occurredAt,
});

/** Appends `events` to the charger's stream after what it holds. */
export async function appendTo(
  store: PostgresEventStore,
  chargerId: string,
  events: NewEvent[],
): Promise<EventEnvelope[]> {
  const existing = await store.readStream(chargerStreamId(chargerId));
  return store.append(chargerStreamId(chargerId), existing.length, events);
}

/** Every twin document in `table`, by charger id, without the row-write times (which differ between builds). */
export async function snapshot(db: DataSource, table = 'twins'): Promise<Record<string, TwinDoc>> {
  const rows = (await db.query(`SELECT charger_id, doc FROM ${table} ORDER BY charger_id`)) as {
    charger_id: string;
    doc: TwinDoc;
  }[];
  return Object.fromEntries(rows.map((r) => [r.charger_id, r.doc]));
}

/** An observer that remembers what it saw. */
export function recorder(): ProjectionObserver & {
  applied: ProjectionObserver['applied'];
  versions: Map<string, number[]>;
  duplicates: number;
  /** Each `written` call's twins as `chargerId@version`, sorted. */
  writes: string[][];
} {
  const versions = new Map<string, number[]>();
  const self = {
    versions,
    duplicates: 0,
    writes: [] as string[][],
    applied(doc: TwinDoc) {
      versions.set(doc.chargerId, [...(versions.get(doc.chargerId) ?? []), doc.version]);
    },
    duplicate() {
      self.duplicates += 1;
    },
    written(docs: readonly TwinDoc[]) {
      self.writes.push(docs.map((d) => `${d.chargerId}@${d.version}`).sort());
    },
  };
  return self;
}

/** Charger events not yet acknowledged over every partition durable of a projection's group. */
export async function groupBacklog(t: TwinInfra, durable: string): Promise<number> {
  let behind = 0;
  for (let k = 0; k < DEFAULT_CHARGER_PARTITIONS; k++) {
    const info = await t.bus.jsm.consumers
      .info(t.bus.stream(streams.chargerEvents.name), partitionDurable(durable, k))
      .catch(() => null);
    behind += info ? info.num_pending + info.num_ack_pending : 0;
  }
  return behind;
}
