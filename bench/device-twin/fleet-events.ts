// Generates a synthetic charger-event log straight into the events table of a fresh schema: N chargers,
// K events each, interleaved as a live fleet would write them (every charger's version v before any v+1).
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

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

/** Inserts chargers × perCharger events (a final disconnect for half of each tenant's chargers); returns the count. */
export async function generateFleetEvents(
  db: DataSource,
  chargers: number,
  perCharger: number,
  tenants: number,
): Promise<number> {
  let batch: unknown[] = [];
  let total = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await db.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
       SELECT event_id, stream_id, stream_version, type, 1, data, metadata, occurred_at
         FROM jsonb_to_recordset($1::jsonb) AS r(event_id uuid, stream_id text, stream_version int, type text, data jsonb, metadata jsonb, occurred_at timestamptz)`,
      [JSON.stringify(batch)],
    );
    total += batch.length;
    batch = [];
  };
  for (let k = 0; k < perCharger; k++) {
    for (let i = 0; i < chargers; i++) {
      // Half of each tenant's chargers end disconnected.
      const last = k === perCharger - 1 && Math.floor(i / tenants) % 2 === 1;
      const e = last
        ? { type: 'ChargerDisconnected', data: { edgeId: 'edge-1', connectionId: `c-${i}`, reason: 'closed' } }
        : eventOf(i, k, tenants);
      const chargerId = chargerIdOf(i);
      batch.push({
        event_id: randomUUID(),
        stream_id: `charger-${chargerId}`,
        stream_version: k + 1,
        type: e.type,
        data: e.data,
        metadata: { tenantId: tenantOf(i, tenants), chargerId, correlationId: 'bench', causationId: null },
        occurred_at: new Date(T0 + k * (HOUR_MS / perCharger)).toISOString(),
      });
      if (batch.length === 2000) await flush();
    }
  }
  await flush();
  return total;
}
