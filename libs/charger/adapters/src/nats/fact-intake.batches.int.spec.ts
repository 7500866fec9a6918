import { randomInt, randomUUID } from 'node:crypto';
import { ChargerService, type CommandBuilder, type CommandContext } from '@chargeplane/charger-application';
import { connectionFacts, streams, subjects, type ChargerFact } from '@chargeplane/contracts-api';
import { chargerStreamId } from '@chargeplane/contracts-events';
import { createDataSource, eventStoreMigrations, migrate, PostgresEventStore } from '@chargeplane/platform-event-store';
import { consumerLag, NatsBus, partitionDurable } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import type { DataSource } from 'typeorm';
import { CreateChargerTables1732500001000 } from '../migrations/1732500001000-create-charger-tables.js';
import { WakeVersion1732500008300 } from '../migrations/1732500008300-wake-version.js';
import { PostgresChargerRepository } from '../persistence/postgres-charger.repository.js';
import type { ConfigurationReads } from './configuration-reads.js';
import { FactIntake } from './fact-intake.js';
import { aFact, FACT_TENANT } from './fact.spec-support.js';

// Every fact of these tests is in the one partition (a batch holds several chargers' facts).
const PARTITIONS = 1;
const TENANT = FACT_TENANT;

/** A charger's session as the edge reports it: connected, booted, a transaction started and stopped. */
function session(chargerId: string, transactionId: number) {
  const at = new Date().toISOString();
  return {
    connected: aFact(chargerId, connectionFacts.connected, {}),
    boot: aFact(chargerId, 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }),
    start: aFact(
      chargerId,
      'StartTransaction',
      { connectorId: 1, idTag: 'TAG', meterStart: 0, timestamp: at },
      { transactionId, idTagInfo: { status: 'Accepted' } },
    ),
    stop: aFact(chargerId, 'StopTransaction', { transactionId, meterStop: 1200, timestamp: at }),
  };
}

const RECORDED = ['ChargerConnected', 'ChargerBooted', 'TransactionStarted', 'TransactionStopped'];

describe('FactIntake applies a batch side by side per charger, in order per charger (real NATS, PostgreSQL)', () => {
  let infra: TestInfra;
  let bus: NatsBus;
  let db: DataSource;
  let store: PostgresEventStore;
  let service: ChargerService;
  const reads = { connected: () => undefined, booted: () => undefined, stop: () => undefined };

  beforeAll(async () => {
    infra = await provideInfra({ nats: true, postgres: true });
    bus = await NatsBus.connect({ url: infra.natsUrl, name: 'fact-intake-batches', prefix: infra.runId });
    await bus.ensureStreams([streams.ocppIn, streams.deadLetters]);
    db = createDataSource(infra.databaseUrl, [
      ...eventStoreMigrations,
      CreateChargerTables1732500001000,
      WakeVersion1732500008300,
    ]);
    await db.initialize();
    await migrate(db);
    await db.query(`INSERT INTO tenants (tenant_id, name) VALUES ($1, 'Tenant A')`, [TENANT]);
    store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId));
    const ids = { uuid: () => randomUUID() };
    const repository = new PostgresChargerRepository(store, ids, []);
    service = new ChargerService(repository, { now: () => Date.now() }, ids, { int: (max) => randomInt(0, max + 1) });
  });
  afterAll(async () => {
    await db?.destroy();
    await bus?.close();
    await infra?.stop();
  });

  async function register(chargerIds: string[]): Promise<void> {
    for (const chargerId of chargerIds)
      await service.execute(
        chargerId,
        (_s, base) => ({
          ...base,
          type: 'RegisterCharger',
          tenantId: TENANT,
          model: 'generic-ocpp16',
          jurisdiction: null,
          tags: [],
          credentialsHash: 'hash',
        }),
        { tenantId: TENANT, correlationId: randomUUID(), causationId: null },
      );
  }

  async function publish(facts: ChargerFact[]): Promise<void> {
    for (const f of facts) await bus.publish(subjects.ocppIn(f.context.chargerId, f.action, PARTITIONS), f, f.id);
  }

  /** The stored facts' events of a charger, in stream order. */
  async function recorded(chargerId: string): Promise<string[]> {
    const envelopes = await store.readStream(chargerStreamId(chargerId));
    return envelopes.map((e) => e.type).filter((type) => RECORDED.includes(type));
  }

  /** Runs an intake until every fact published is applied (`until`) and acknowledged. */
  async function runIntake(intakeService: ChargerService, until: () => void): Promise<void> {
    const intake = new FactIntake(
      bus,
      intakeService,
      reads as unknown as ConfigurationReads,
      createLogger('t', 'silent'),
    );
    await intake.start({ partitions: PARTITIONS, leaseTtlMs: 2000, retryMaxMs: 500 });
    try {
      await vi.waitFor(
        async () => {
          until();
          const lag = await consumerLag(bus, streams.ocppIn.name, partitionDurable('profile-command-facts', 0));
          expect(lag.eventsBehind).toBe(0);
        },
        { timeout: 60_000, interval: 100 },
      );
    } finally {
      await intake.stop();
    }
  }

  it('has several chargers’ facts in flight at once, each charger’s applied in its order', async () => {
    const chargers = ['B-1', 'B-2', 'B-3'].map((c) => `${c}-${randomUUID().slice(0, 8)}`);
    await register(chargers);
    const sessions = chargers.map((c, i) => session(c, i + 1));
    // Interleaved as chargers report: every charger's connection, then every boot, and so on.
    await publish((['connected', 'boot', 'start', 'stop'] as const).flatMap((step) => sessions.map((s) => s[step])));
    // Each fact's command waits until another charger's is in flight too (a second at most: one at a time would
    // only be slow, and the count below tells).
    const inFlight = new Set<string>();
    let mostInFlight = 0;
    let applied = 0;
    const waiters: (() => void)[] = [];
    const observed = {
      execute: async (chargerId: string, build: CommandBuilder, context: CommandContext) => {
        inFlight.add(chargerId);
        mostInFlight = Math.max(mostInFlight, inFlight.size);
        if (inFlight.size > 1) for (const wake of waiters.splice(0)) wake();
        else await new Promise<void>((resolve) => (waiters.push(resolve), setTimeout(resolve, 1000)));
        try {
          return await service.execute(chargerId, build, context);
        } finally {
          inFlight.delete(chargerId);
          applied++;
        }
      },
    } as unknown as ChargerService;

    await runIntake(observed, () => expect(applied).toBe(12));

    expect(mostInFlight).toBeGreaterThan(1);
    for (const chargerId of chargers) expect(await recorded(chargerId)).toEqual(RECORDED);
  });

  it.each([
    { failure: 'refused (the batch narrowed to one fact at a time)', error: () => new Error('could not append') },
    {
      failure: 'PostgreSQL restarting (the whole batch retried)',
      error: () => Object.assign(new Error('terminating connection'), { code: '57P01' }),
    },
  ])(
    'holds a charger behind its failing fact but not the others, and applies nothing twice: $failure',
    async ({ error }) => {
      const [a, b] = ['A', 'B'].map((c) => `${c}-${randomUUID().slice(0, 8)}`) as [string, string];
      await register([a, b]);
      const [sa, sb] = [session(a, 1), session(b, 2)];
      // A's Start, the failing fact, comes before most of B's facts in the partition.
      await publish([sa.connected, sb.connected, sa.start, sb.start, sa.stop, sb.stop, sb.boot]);
      const names = new Map(
        [...Object.entries(sa), ...Object.entries(sb)].map(([step, f]) => [f.id, `${f.context.chargerId[0]}:${step}`]),
      );
      const calls: { fact: string; ok: boolean }[] = [];
      let startFailures = 0;
      const failingOnce = {
        execute: async (chargerId: string, build: CommandBuilder, context: CommandContext) => {
          const name = names.get(context.correlationId)!;
          if (context.correlationId === sa.start.id && startFailures++ < 2) {
            calls.push({ fact: name, ok: false });
            throw error();
          }
          const executed = await service.execute(chargerId, build, context);
          calls.push({ fact: name, ok: true });
          return executed;
        },
      } as unknown as ChargerService;

      await runIntake(failingOnce, () => expect(new Set(calls.filter((c) => c.ok).map((c) => c.fact)).size).toBe(7));

      const applied = calls.filter((c) => c.ok).map((c) => c.fact);
      // B went on while A's Start failed: all of B's facts were applied before it.
      const startApplied = applied.indexOf('A:start');
      for (const step of ['connected', 'start', 'stop', 'boot'])
        expect(applied.indexOf(`B:${step}`)).toBeLessThan(startApplied);
      // A's Stop was never tried before its Start went through.
      expect(calls.filter((c) => c.fact.startsWith('A:'))).toEqual([
        { fact: 'A:connected', ok: true },
        { fact: 'A:start', ok: false },
        { fact: 'A:start', ok: false },
        { fact: 'A:start', ok: true },
        { fact: 'A:stop', ok: true },
      ]);
      // The retries did not apply again what the failed attempts had applied.
      expect(new Set(applied).size).toBe(applied.length);
      expect(await recorded(a)).toEqual(['ChargerConnected', 'TransactionStarted', 'TransactionStopped']);
      expect(await recorded(b)).toEqual([
        'ChargerConnected',
        'TransactionStarted',
        'TransactionStopped',
        'ChargerBooted',
      ]);
    },
  );
});
