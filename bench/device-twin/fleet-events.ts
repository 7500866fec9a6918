// Generates a synthetic charger-event log straight into the events table of a fresh schema: N chargers,
// K events each, interleaved as a live fleet would write them (every charger's version v before any v+1).
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

const HOUR_MS = 3_600_000;
const T0 = Date.parse('2026-11-25T00:00:00Z');

/** A deterministic pseudo-random source (no Math.random: benchmarks are repeatable). */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export const chargerIdOf = (i: number) => `BENCH-${String(i).padStart(6, '0')}`;
export const tenantOf = (i: number, tenants: number) => `tenant-${i % tenants}`;

function profile(id: number, periods: number, limit: number) {
  return {
    chargingProfileId: id,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Recurring',
    recurrencyKind: 'Daily',
    chargingSchedule: {
      startSchedule: '2026-11-25T00:00:00Z',
      duration: 86_400,
      chargingRateUnit: 'A',
      chargingSchedulePeriod: Array.from({ length: periods }, (_, p) => ({
        startPeriod: p * 3600,
        limit: p % 2 ? limit : 32,
      })),
    },
  };
}

/** The k-th event (version k + 1) of charger i: registration and boot, then write cycles with every outcome. */
function eventOf(i: number, k: number, tenants: number): { type: string; data: Record<string, unknown> } {
  const tenantId = tenantOf(i, tenants);
  const cycle = Math.floor((k - 4) / 3);
  const p = profile(100 + (cycle % 2), 2 + (cycle % 4), 6 + cycle);
  const writeId = `w-${i}-${cycle}`;
  switch (k) {
    case 0:
      return {
        type: 'ChargerRegistered',
        data: {
          tenantId,
          model: 'zappi',
          jurisdiction: 'GB',
          tags: [i % 3 === 0 ? 'north' : 'south'],
          credentialsHash: 'scrypt$00$11',
        },
      };
    case 1:
      return { type: 'ChargerConnected', data: { edgeId: 'edge-1', connectionId: `c-${i}` } };
    case 2:
      return {
        type: 'ChargerBooted',
        data: {
          chargePointVendor: 'myenergi',
          chargePointModel: 'zappi',
          firmwareVersion: '5.5.1',
          chargePointSerialNumber: String(i),
        },
      };
    case 3:
      return {
        type: 'ChargerConfigurationReported',
        data: { values: { CommercialMode: 'True', RandomSmartChargeDelay: '600' }, unknownKeys: [] },
      };
  }
  switch ((k - 4) % 3) {
    case 0:
      return { type: 'ChargingProfileDesired', data: { connectorId: 1, chargingProfile: p } };
    case 1:
      return {
        type: 'ChargingProfileWriteDispatched',
        data: {
          writeId,
          chargingProfileId: p.chargingProfileId,
          action: 'SetChargingProfile',
          request: { connectorId: 1, csChargingProfiles: p },
        },
      };
    default:
      return i % 7 === cycle % 7
        ? {
            type: 'ChargingProfileRejectedByCharger',
            data: { writeId, chargingProfileId: p.chargingProfileId, status: 'Rejected' },
          }
        : {
            type: 'ChargingProfileAccepted',
            data: { writeId, chargingProfileId: p.chargingProfileId, connectorId: 1, chargingProfile: p },
          };
  }
}

/** One row of the events table as the generator writes it. */
export interface FleetEventRow {
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: Record<string, unknown>;
  metadata: { tenantId: string; chargerId: string; correlationId: string; causationId: null };
  occurred_at: string;
}

/** The fleet's chargers × perCharger events in write order (a final disconnect for half of each tenant's chargers). */
export function* fleetEventRows(chargers: number, perCharger: number, tenants: number): Generator<FleetEventRow> {
  for (let k = 0; k < perCharger; k++) {
    for (let i = 0; i < chargers; i++) {
      // Half of each tenant's chargers end disconnected.
      const last = k === perCharger - 1 && Math.floor(i / tenants) % 2 === 1;
      const e = last
        ? { type: 'ChargerDisconnected', data: { edgeId: 'edge-1', connectionId: `c-${i}`, reason: 'closed' } }
        : eventOf(i, k, tenants);
      const chargerId = chargerIdOf(i);
      yield {
        event_id: randomUUID(),
        stream_id: `charger-${chargerId}`,
        stream_version: k + 1,
        type: e.type,
        data: e.data,
        metadata: { tenantId: tenantOf(i, tenants), chargerId, correlationId: 'bench', causationId: null },
        occurred_at: new Date(T0 + k * (HOUR_MS / perCharger)).toISOString(),
      };
    }
  }
}

/** Inserts rows in one statement (no outbox rows); returns them as the event store hands them out. */
export async function insertFleetEvents(db: DataSource, rows: readonly FleetEventRow[]): Promise<EventEnvelope[]> {
  if (rows.length === 0) return [];
  const recorded = z.array(z.object({ event_id: z.string(), recorded_at: z.date() })).parse(
    await db.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
       SELECT event_id, stream_id, stream_version, type, 1, data, metadata, occurred_at
         FROM jsonb_to_recordset($1::jsonb) AS r(event_id uuid, stream_id text, stream_version int, type text, data jsonb, metadata jsonb, occurred_at timestamptz)
       RETURNING event_id::text, recorded_at`,
      [JSON.stringify(rows)],
    ),
  );
  const recordedAt = new Map(recorded.map((r) => [r.event_id, r.recorded_at.toISOString()]));
  return rows.map((row) => ({
    id: row.event_id,
    type: row.type,
    schemaVersion: 1,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    ...row.metadata,
    occurredAt: row.occurred_at,
    recordedAt: recordedAt.get(row.event_id)!,
    data: row.data,
  }));
}

/** Inserts chargers × perCharger events, 2,000 per statement; returns the count. */
export async function generateFleetEvents(
  db: DataSource,
  chargers: number,
  perCharger: number,
  tenants: number,
): Promise<number> {
  let batch: FleetEventRow[] = [];
  let total = 0;
  for (const row of fleetEventRows(chargers, perCharger, tenants)) {
    batch.push(row);
    if (batch.length === 2000) {
      total += (await insertFleetEvents(db, batch)).length;
      batch = [];
    }
  }
  return total + (await insertFleetEvents(db, batch)).length;
}
