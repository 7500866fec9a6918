import { streams, subjects } from '@chargeplane/contracts-api';
import { chargerStreamId, DEVICE_DELAY_KEY, EventEnvelope, parseChargerEvent } from '@chargeplane/contracts-events';
import type { PostgresEventStore } from '@chargeplane/platform-event-store';
import {
  startPartitionedGroup,
  type BatchItem,
  type NatsBus,
  type PartitionedConsumer,
  type PartitionPipeline,
  type SharingOptions,
} from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import type { DeviceModel } from '@chargeplane/smart-charging-domain';
import type { ChargerProfilesProjection } from '../persistence/charger-profiles.projection.js';
import type { ComplianceReadModel } from '../persistence/compliance-read-model.js';
import type { AppendContext } from '../persistence/policy.repository.js';
import type { ComplianceProcess } from '../service/compliance-process.js';
import type { PolicyService } from '../service/policy.service.js';

const PROFILE_EVENTS = new Set([
  'ChargingProfileDesired',
  'ChargingProfileRemovalDesired',
  'ChargingProfileAccepted',
  'ChargingProfileCleared',
  'TransactionStopped',
]);

/**
 * What compliance-gb learns from the charger stream (durable JetStream consumer, at least once): GB
 * registrations create policies; boots and configuration reports check the charger's own delay; its
 * ChangeConfiguration answers confirm writes; profile events keep the desired/confirmed projection. Each
 * GB charger's events are taken in once, in stream order (gaps are filled from the event store), and
 * every one ends with a reconcile of that charger. Events come in batches (one holder per charger partition,
 * in stream order): one query tells which of the batch's chargers are GB, and the others' events cost nothing more.
 */
export class ChargerEventsConsumer {
  private consumer: PartitionedConsumer | undefined;

  constructor(
    private readonly bus: NatsBus,
    private readonly store: PostgresEventStore,
    private readonly readModel: ComplianceReadModel,
    private readonly profiles: ChargerProfilesProjection,
    private readonly service: PolicyService,
    private readonly process: ComplianceProcess,
    private readonly log: Logger,
  ) {}

  /** Takes its share of the charger partitions with the other compliance-gb replicas (docs/architecture.md §7). */
  async start(durable = 'compliance-gb', batchSize = 200, sharing: SharingOptions = {}): Promise<void> {
    const pipeline: PartitionPipeline<typeof EventEnvelope> = {
      name: 'charger-events',
      stream: streams.chargerEvents.name,
      durable,
      subjectOf: (k) => subjects.chargerEventsPartition(k),
      schema: EventEnvelope,
      handleBatch: (items) => this.handleBatch(items),
      chargerIdOf: (envelope) => envelope.chargerId,
    };
    this.consumer = await startPartitionedGroup(
      this.bus,
      { group: durable, batchSize, ...sharing },
      [pipeline as PartitionPipeline],
      this.log,
    );
  }

  /** A batch in stream order; events of chargers without a GB policy are skipped unless they register one. */
  async handleBatch(items: readonly BatchItem<EventEnvelope>[]): Promise<void> {
    const gb = await this.readModel.withPolicy([...new Set(items.map((i) => i.message.chargerId))]);
    for (const { message } of items) {
      if (!gb.has(message.chargerId) && message.type !== 'ChargerRegistered') continue;
      await this.handle(message);
      gb.add(message.chargerId);
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  async handle(envelope: EventEnvelope): Promise<void> {
    const chargerId = envelope.chargerId;
    const context: AppendContext = {
      tenantId: envelope.tenantId,
      correlationId: envelope.correlationId,
      causationId: envelope.id,
    };
    const row = await this.readModel.find(chargerId);
    if (!row) {
      if (envelope.type !== 'ChargerRegistered') return;
      const registered = parseChargerEvent(envelope);
      if (registered.type !== 'ChargerRegistered') return;
      const { tenantId, model, jurisdiction } = registered.data;
      if (jurisdiction !== 'GB') return;
      await this.service.execute(chargerId, (_s, now) => ({ type: 'CreatePolicy', now, tenantId, model }), context);
      await this.profiles.apply(envelope, model);
      await this.readModel.setChargerVersion(chargerId, envelope.streamVersion);
      await this.process.reconcile(chargerId, envelope.correlationId);
      return;
    }
    if (envelope.streamVersion <= row.charger_version) return;
    const batch =
      envelope.streamVersion === row.charger_version + 1
        ? [envelope]
        : (await this.store.readStream(chargerStreamId(chargerId), row.charger_version + 1)).filter(
            (e) => e.streamVersion <= envelope.streamVersion,
          );
    for (const event of batch) await this.takeIn(event, row.model, { ...context, causationId: event.id });
    await this.readModel.setChargerVersion(chargerId, envelope.streamVersion);
    await this.process.reconcile(chargerId, envelope.correlationId);
  }

  private async takeIn(envelope: EventEnvelope, model: DeviceModel, context: AppendContext): Promise<void> {
    const chargerId = envelope.chargerId;
    // Every event shapes the charger's profile ledger (writes, answers, connection, transactions).
    await this.profiles.apply(envelope, model);
    const event = parseChargerEvent(envelope);
    if (event.type === 'ChargerBooted') {
      await this.service.execute(
        chargerId,
        (_s, now) => ({ type: 'RecordDeviceDelayReading', now, reading: null }),
        context,
      );
    } else if (event.type === 'ChargerConfigurationReported') {
      const { values, unknownKeys } = event.data;
      const reading = { value: values[DEVICE_DELAY_KEY] ?? null, keyUnknown: unknownKeys.includes(DEVICE_DELAY_KEY) };
      await this.service.execute(chargerId, (_s, now) => ({ type: 'RecordDeviceDelayReading', now, reading }), context);
    } else if (event.type === 'ChargerConfigurationChanged') {
      if (event.data.key !== DEVICE_DELAY_KEY) return;
      const { value, status } = event.data;
      await this.service.execute(
        chargerId,
        (_s, now) => ({ type: 'RecordDeviceDelayChangeOutcome', now, value, status }),
        context,
      );
    } else if (PROFILE_EVENTS.has(event.type)) {
      const cpoDefault = await this.profiles.cpoTxDefaultProfileId(chargerId);
      await this.service.execute(
        chargerId,
        (_s, now) => ({ type: 'ObserveCpoTxDefaultProfile', now, chargingProfileId: cpoDefault }),
        context,
      );
    }
  }
}
