import { randomUUID } from 'node:crypto';
import {
  ChargerConfigurationDesiredRequest,
  ChargerProfileDesiredRequest,
  ChargerProfileRemovalDesiredRequest,
  complianceSubjects,
  streams,
  subjects,
  type PutChargingProfileAnswer,
} from '@chargeplane/contracts-api';
import { chargerStreamId, ComplianceEvent, EventEnvelope, type NewEvent } from '@chargeplane/contracts-events';
import { seededRandomSource } from '@chargeplane/compliance-domain';
import { systemClock } from '@chargeplane/platform-config';
import { createDataSource, migrate, PostgresEventStore } from '@chargeplane/platform-event-store';
import { NatsBus } from '@chargeplane/platform-messaging';
import { createLogger, createMetricsRegistry } from '@chargeplane/platform-observability';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import type { DataSource } from 'typeorm';
import { complianceGbMigrations, composeComplianceGb } from './compose.js';
import { ComplianceGbConfig } from './config.schema.js';

export const TENANT = 'tenant-gb';

/** What compliance-gb asked profile-command for (a stand-in answers on profile-command's subjects). */
export interface Asked {
  /** Chargers for which the stand-in answers with an error (profile-command having trouble). */
  failingFor: Set<string>;
  configuration: ChargerConfigurationDesiredRequest[];
  profiles: ChargerProfileDesiredRequest[];
  removals: ChargerProfileRemovalDesiredRequest[];
}

export interface ComplianceHarness {
  infra: TestInfra;
  bus: NatsBus;
  asked: Asked;
  parts: Awaited<ReturnType<typeof composeComplianceGb>>;
  /** Appends to a charger's stream as profile-command would (published by the outbox relay). */
  chargerEvent(chargerId: string, type: string, data: Record<string, unknown>): Promise<void>;
  /** The compliance events of a charger as published on JetStream (stream COMPLIANCE_EVENTS). */
  audit(chargerId: string): Promise<ComplianceEvent[]>;
  stop(): Promise<void>;
}

/** compliance-gb in-process on real PostgreSQL and NATS, isolated for this run, with a stand-in profile-command. */
export async function startComplianceHarness(env: Record<string, string> = {}): Promise<ComplianceHarness> {
  const infra = await provideInfra({ postgres: true, nats: true });
  const setup: DataSource = createDataSource(infra.databaseUrl, complianceGbMigrations, 2);
  await setup.initialize();
  await migrate(setup);
  const chargerStore = new PostgresEventStore(setup, (e) => subjects.chargerEvents(e.chargerId));
  const bus = await NatsBus.connect({ url: infra.natsUrl, name: 'compliance-test', prefix: infra.runId });
  await bus.ensureStreams([streams.chargerEvents, streams.complianceEvents, streams.deadLetters]);
  const asked: Asked = { failingFor: new Set(), configuration: [], profiles: [], removals: [] };
  const refuseIfFailing = (chargerId: string) => {
    if (asked.failingFor.has(chargerId)) throw new Error('profile-command is having trouble');
  };
  const answer = (chargerId: string, chargingProfileId: number): PutChargingProfileAnswer => ({
    chargerId,
    chargingProfileId,
    status: 'dispatched',
    deferredUntil: null,
    version: 1,
  });
  const standIn = [
    bus.serve(
      complianceSubjects.chargerConfigurationDesired,
      ChargerConfigurationDesiredRequest,
      async (r) => (refuseIfFailing(r.chargerId), asked.configuration.push(r), { status: 'dispatched' as const }),
    ),
    bus.serve(
      complianceSubjects.chargerProfileDesired,
      ChargerProfileDesiredRequest,
      async (r) => (
        refuseIfFailing(r.chargerId),
        asked.profiles.push(r),
        answer(r.chargerId, r.chargingProfile.chargingProfileId)
      ),
    ),
    bus.serve(
      complianceSubjects.chargerProfileRemovalDesired,
      ChargerProfileRemovalDesiredRequest,
      async (r) => (asked.removals.push(r), answer(r.chargerId, r.chargingProfileId)),
    ),
  ];
  const config = ComplianceGbConfig.parse({
    NATS_URL: infra.natsUrl,
    NATS_PREFIX: infra.runId,
    DATABASE_URL: infra.databaseUrl,
    OFF_PEAK_GRACE_SECONDS: '0',
    COMPLIANCE_TICK_MS: '200',
    COMPLIANCE_RETRY_SECONDS: '5',
    ...env,
  });
  const parts = await composeComplianceGb(
    config,
    createLogger('compliance-test', 'silent'),
    systemClock(),
    seededRandomSource(2026),
    createMetricsRegistry('compliance-test'),
  );
  return {
    infra,
    bus,
    asked,
    parts,
    async chargerEvent(chargerId, type, data) {
      const streamId = chargerStreamId(chargerId);
      const version = (await chargerStore.readStream(streamId)).length;
      const event: NewEvent = {
        id: randomUUID(),
        type,
        schemaVersion: 1,
        tenantId: TENANT,
        chargerId,
        occurredAt: new Date().toISOString(),
        correlationId: randomUUID(),
        causationId: null,
        data,
      };
      await chargerStore.append(streamId, version, [event]);
    },
    async audit(chargerId) {
      const stream = bus.stream(streams.complianceEvents.name);
      const subject = bus.subject(subjects.complianceEvents(chargerId));
      const info = await bus.jsm.streams.info(stream);
      const events: ComplianceEvent[] = [];
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
        const msg = await bus.jsm.streams.getMessage(stream, { seq }).catch(() => null);
        if (msg?.subject !== subject) continue;
        const envelope = EventEnvelope.parse(msg.json());
        events.push(
          ComplianceEvent.parse({
            type: envelope.type,
            schemaVersion: envelope.schemaVersion,
            occurredAt: envelope.occurredAt,
            data: envelope.data,
          }),
        );
      }
      return events;
    },
    async stop() {
      await parts.stop();
      for (const s of standIn) s.unsubscribe();
      await bus.deleteStreams([streams.chargerEvents, streams.complianceEvents, streams.deadLetters]);
      await bus.close();
      await setup.destroy();
      await infra.stop();
    },
  };
}
