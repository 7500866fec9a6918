import { streams, subjects, Twin, TwinChange, TwinSummary } from '@chargeplane/contracts-api';
import { chargerStreamId, type NewEvent } from '@chargeplane/contracts-events';
import { createDataSource, migrate, PostgresEventStore } from '@chargeplane/platform-event-store';
import { NatsBus } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { composeDeviceTwin, deviceTwinMigrations } from './compose.js';
import { DeviceTwinConfig } from './config.schema.js';

const event = (chargerId: string, type: string, data: Record<string, unknown>): NewEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  tenantId: 'tenant-a',
  chargerId,
  occurredAt: new Date().toISOString(),
  correlationId: 'c',
  causationId: null,
  data,
});

describe('device-twin (composed in-process on real PostgreSQL and NATS)', () => {
  let infra: TestInfra;
  let client: NatsBus;
  let parts: Awaited<ReturnType<typeof composeDeviceTwin>>;
  const metrics = new Registry();

  beforeAll(async () => {
    infra = await provideInfra({ postgres: true, nats: true });
    const db = createDataSource(infra.databaseUrl, deviceTwinMigrations);
    await db.initialize();
    await migrate(db);
    await db.destroy();
    client = await NatsBus.connect({ url: infra.natsUrl, name: 'twin-app-test', prefix: infra.runId });
    await client.ensureStreams(Object.values(streams));
    const config = DeviceTwinConfig.parse({
      NATS_URL: infra.natsUrl,
      NATS_PREFIX: infra.runId,
      DATABASE_URL: infra.databaseUrl,
    });
    parts = await composeDeviceTwin(
      config,
      createLogger('device-twin-test', 'silent'),
      metrics,
      `device-twin-${infra.runId}`,
    );
  });
  afterAll(async () => {
    await parts?.stop();
    await client?.deleteStreams(Object.values(streams)).catch(() => undefined);
    await client?.close();
    await infra?.stop();
  });

  it('projects published charger events, announces each change, and answers queries about them', async () => {
    const changes: TwinChange[] = [];
    client.nc.subscribe(client.subject(subjects.twinChanged('tenant-a')), {
      callback: (_e, m) => void changes.push(TwinChange.parse(m.json())),
    });
    await client.nc.flush();
    const store = new PostgresEventStore(parts.db, (e) => subjects.chargerEvents(e.chargerId));
    const stored = await store.append(chargerStreamId('APP-1'), 0, [
      event('APP-1', 'ChargerRegistered', {
        tenantId: 'tenant-a',
        model: 'zappi',
        jurisdiction: 'GB',
        tags: [],
        credentialsHash: 'x',
      }),
      event('APP-1', 'ChargerConnected', { edgeId: 'e', connectionId: 'k' }),
    ]);
    for (const e of stored) await client.publish(subjects.chargerEvents(e.chargerId), e, e.id);
    await vi.waitFor(() => expect(changes.map((c) => c.version)).toEqual([1, 2]), { timeout: 10_000 });
    expect(await client.request(subjects.twinGet, { tenantId: 'tenant-a', chargerId: 'APP-1' }, Twin)).toMatchObject({
      connected: true,
      version: 2,
    });
    expect(await client.request(subjects.twinSummary, { tenantId: 'tenant-a' }, TwinSummary)).toMatchObject({
      total: 1,
      connected: 1,
    });
  });

  it('exports the projection’s lag on /metrics and answers drift checks', async () => {
    const text = await metrics.metrics();
    expect(text).toMatch(/^twin_projection_events_behind 0$/m);
    expect(text).toMatch(/^twin_projection_seconds_behind 0$/m);
    await expect(
      client.request(subjects.twinDriftCheck, { tenantId: 'tenant-b', chargerId: 'APP-1' }, Twin),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects a negative drift-check interval at boot, and leaves the schedule off by default', () => {
    expect(DeviceTwinConfig.safeParse({ DRIFT_CHECK_INTERVAL_SECONDS: '-5' }).success).toBe(false);
    expect(DeviceTwinConfig.parse({}).DRIFT_CHECK_INTERVAL_SECONDS).toBe(0);
  });
});
