import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { canonicalProfile } from '@chargeplane/smart-charging-domain';
import { tailTopics, topicOffsets, type KafkaConnection } from '@chargeplane/platform-kafka';
import pg from 'pg';
import type { ChargerAudit, ConvergenceView, DeviceCall, KafkaRecordSeen, StoredEvent } from './checks.js';
import { control, type Fleet } from './fleet.js';
import { request } from './http.js';

/**
 * Gathers what the drill's checks judge, each from its own source: the simulators' control/audit API, the
 * platform's API (twin, desired), the event store by SQL, Kafka with a consumer of its own.
 */

const key = (connectorId: number, profile: ChargingProfile) =>
  `${connectorId}/${profile.chargingProfileId}:${JSON.stringify(canonicalProfile(profile))}`;

export async function collectAudits(fleet: Fleet): Promise<ChargerAudit[]> {
  const audits: ChargerAudit[] = [];
  for (const group of fleet.groups) {
    for (const id of group.ids) {
      const calls = await control<DeviceCall[]>(fleet, id, 'calls');
      const writes = await control<{ maxWrites: number | null; windowSeconds: number }>(fleet, id, 'writes');
      const acked = await control<{ entries: ChargerAudit['acknowledged']; dropped: number }>(
        fleet,
        id,
        'acknowledged',
      );
      audits.push({
        id,
        model: group.model,
        calls,
        writeLimit:
          writes.maxWrites === null ? null : { maxWrites: writes.maxWrites, windowSeconds: writes.windowSeconds },
        acknowledged: acked.entries,
        dropped: acked.dropped,
      });
    }
  }
  return audits;
}

interface ProfileView {
  connectorId: number;
  chargingProfileId: number;
  desired: Record<string, unknown> | null;
  confirmed: Record<string, unknown> | null;
  sync: string;
}

/** The three views of one charger's profiles: on the device, confirmed in the twin, desired by profile-command. */
export async function convergenceView(fleet: Fleet, apiUrl: string, id: string): Promise<ConvergenceView> {
  const stored = await control<{ connectorId: number; chargingProfile: ChargingProfile }[]>(fleet, id, 'profiles');
  const twin = await request<{ profiles?: ProfileView[] }>(`${apiUrl}/v1/chargers/${id}`, {
    method: 'GET',
    key: fleet.tenantKey,
  });
  const desired = await request<{ items?: ProfileView[] }>(`${apiUrl}/v1/chargers/${id}/charging-profiles`, {
    method: 'GET',
    key: fleet.tenantKey,
  });
  if (twin.status !== 200 || desired.status !== 200)
    throw new Error(`${id}: twin ${twin.status}, profiles ${desired.status}`);
  return {
    id,
    device: stored.map((s) => key(s.connectorId, s.chargingProfile)).sort(),
    twin: (twin.body.profiles ?? [])
      .filter((p) => p.confirmed)
      .map((p) => key(p.connectorId, p.confirmed as unknown as ChargingProfile))
      .sort(),
    desired: (desired.body.items ?? [])
      .filter((p) => p.desired)
      .map((p) => key(p.connectorId, p.desired as unknown as ChargingProfile))
      .sort(),
  };
}

export async function collectStoredEvents(databaseUrl: string): Promise<StoredEvent[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = await client.query<{
      event_id: string;
      stream_id: string;
      stream_version: number;
      type: string;
      charger_id: string;
      transaction_id: string | null;
    }>(
      `SELECT event_id::text, stream_id, stream_version, type, metadata->>'chargerId' AS charger_id,
              data->>'transactionId' AS transaction_id
         FROM events ORDER BY global_position`,
    );
    return rows.rows.map((r) => ({
      eventId: r.event_id,
      streamId: r.stream_id,
      streamVersion: r.stream_version,
      type: r.type,
      chargerId: r.charger_id,
      transactionId: r.transaction_id === null ? null : Number(r.transaction_id),
    }));
  } finally {
    await client.end();
  }
}

/** Every record on `topics` up to their end now, with its event id (header), read by a consumer group of its own. */
export async function collectKafka(
  brokers: string,
  topics: readonly string[],
  groupPrefix: string,
): Promise<KafkaRecordSeen[]> {
  const connection: KafkaConnection = { brokers: brokers.split(','), clientId: 'drill-audit' };
  const offsets = await topicOffsets(connection, topics).catch(() => []);
  const remaining = new Map<string, bigint>(
    offsets.filter((o) => o.high > o.low).map((o) => [`${o.topic}/${o.partition}`, o.high]),
  );
  const records: KafkaRecordSeen[] = [];
  if (remaining.size === 0) return records;
  let done: () => void = () => undefined;
  let failed: (error: Error) => void = () => undefined;
  const reachedEnd = new Promise<void>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const tail = await tailTopics(
    connection,
    [...new Set(offsets.map((o) => o.topic))],
    (record) => {
      records.push({
        topic: record.topic,
        partition: record.partition,
        offset: Number(record.offset),
        eventId: record.headers['eventId'] ?? '',
      });
      const key = `${record.topic}/${record.partition}`;
      const end = remaining.get(key);
      if (end !== undefined && record.offset + 1n >= end) remaining.delete(key);
      if (remaining.size === 0) done();
    },
    { groupPrefix, onError: (error) => failed(error) },
  );
  const timeout = setTimeout(
    () => failed(new Error(`Kafka audit did not reach the end of ${[...remaining.keys()].join(', ')} in 5 min`)),
    300_000,
  );
  try {
    await reachedEnd;
  } finally {
    clearTimeout(timeout);
    await tail.stop();
  }
  return records;
}
