import type { ChargerService, CommandBuilder } from '@chargeplane/charger-application';
import { ChargerFact, connectionFacts, streams, subjects } from '@chargeplane/contracts-api';
import {
  BootNotificationRequest,
  SetChargingProfileRequest,
  StartTransactionRequest,
  StartTransactionResponse,
  StopTransactionRequest,
} from '@chargeplane/contracts-ocpp';
import { KeyedQueue } from '@chargeplane/platform-command-handling';
import {
  startPartitionedGroup,
  type NatsBus,
  type PartitionedConsumer,
  type PartitionPipeline,
  type SharingOptions,
} from '@chargeplane/platform-messaging';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppliedFacts } from './applied-facts.js';
import type { ConfigurationReads } from './configuration-reads.js';

const ConnectionRequest = z.object({ reason: z.string().optional() });

/** The edge's `CallResult` fact for an answer that came after its call had timed out (`late: true`). */
const LateCallResult = z.discriminatedUnion('action', [
  z.object({ action: z.literal('SetChargingProfile'), payload: SetChargingProfileRequest, late: z.literal(true) }),
  z.object({
    action: z.literal('ClearChargingProfile'),
    payload: z.record(z.string(), z.unknown()),
    late: z.literal(true),
  }),
]);
const StatusAnswer = z.object({ status: z.string() });

/** The facts' consumer group: profile-command replicas share the charger partitions of OCPP_IN. */
export const FACTS_GROUP = 'profile-command';

/** Facts a partition takes per batch when not configured (profile-command's `FACT_BATCH_SIZE`). */
export const FACT_BATCH_SIZE = 64;

/**
 * Turns facts reported by chargers (JetStream OCPP_IN) into commands on their aggregates, and tells the
 * configuration reads of each (re)connection and boot (commercial mode can be lost, Z17). The replicas share the
 * facts by charger partition (docs/architecture.md §7). A partition's facts come in batches, in stream order:
 * within a batch, different chargers' facts are applied side by side (their commands share group commits), one
 * charger's facts one after another. A fact that fails is not passed: its charger's later facts in the batch are
 * not applied (a Stop is never applied before the Start it follows), the other chargers' are let finish, and the
 * batch fails. The partition retries it (one fact at a time, unless PostgreSQL or NATS itself failed) until the
 * failing fact succeeds or goes to the dead letters, holding the partition's later facts meanwhile
 * (`OrderedPartitionLoop`). Facts already applied in a failed attempt are not applied again by its retries
 * (`AppliedFacts`).
 */
export class FactIntake {
  private consumer: PartitionedConsumer | undefined;
  private readonly applied = new AppliedFacts();

  constructor(
    private readonly bus: NatsBus,
    private readonly service: ChargerService,
    private readonly reads: ConfigurationReads,
    private readonly log: Logger,
  ) {}

  async start(sharing: SharingOptions = {}, batchSize = FACT_BATCH_SIZE): Promise<void> {
    const pipeline: PartitionPipeline<typeof ChargerFact> = {
      name: 'facts',
      stream: streams.ocppIn.name,
      durable: 'profile-command-facts',
      subjectOf: (k) => subjects.ocppInPartition(k),
      schema: ChargerFact,
      handleBatch: (items) => this.applyBatch(items.map((item) => item.message)),
      chargerIdOf: (fact) => fact.context.chargerId,
    };
    this.consumer = await startPartitionedGroup(
      this.bus,
      { group: FACTS_GROUP, batchSize, ...sharing },
      [pipeline as PartitionPipeline],
      this.log,
    );
  }

  /** The partitions whose facts this replica takes in now. */
  get owned(): number[] {
    return this.consumer?.owned ?? [];
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
    this.reads.stop();
  }

  /**
   * Applies a batch in per-charger order (see the class comment); resolves once every fact is applied, fails
   * with the first failure in stream order once every charger's facts have settled (nothing left running).
   */
  private async applyBatch(facts: readonly ChargerFact[]): Promise<void> {
    const chains = new KeyedQueue();
    const failed = new Set<string>();
    const appliedNow: string[] = [];
    const outcomes = await Promise.allSettled(
      facts.map((fact) => {
        const chargerId = fact.context.chargerId;
        return chains.run(chargerId, async () => {
          if (failed.has(chargerId) || this.applied.has(fact.id)) return;
          try {
            await this.apply(fact);
          } catch (error) {
            failed.add(chargerId);
            throw error;
          }
          appliedNow.push(fact.id);
        });
      }),
    );
    const failure = outcomes.find((o) => o.status === 'rejected');
    if (failure) {
      this.applied.remember(appliedNow);
      throw failure.reason;
    }
    this.applied.settled(facts.map((fact) => fact.id));
  }

  private async apply(fact: ChargerFact): Promise<void> {
    const command = this.commandFor(fact);
    if (!command) return;
    const context = { tenantId: fact.context.tenantId, correlationId: fact.id, causationId: fact.id };
    const executed = await this.service.execute(fact.context.chargerId, command, context);
    const { chargerId, connectionId } = fact.context;
    // The edge re-announces its open connections after a NATS outage (L4a): a charger still held online on that
    // connection, with its configuration read, needs no read again (a fleet's worth of reads after every outage).
    const readNeeded = executed.events.length > 0 || !executed.state.configurationCurrent;
    if (fact.action === connectionFacts.connected && readNeeded) this.reads.connected(chargerId, connectionId, context);
    if (fact.action === 'BootNotification') this.reads.booted(chargerId, connectionId, context);
  }

  private commandFor(fact: ChargerFact): CommandBuilder | null {
    const { edgeId, connectionId } = fact.context;
    switch (fact.action) {
      case connectionFacts.connected:
        return (_s, base) => ({ ...base, type: 'RecordConnected', edgeId, connectionId });
      case connectionFacts.disconnected: {
        const reason = ConnectionRequest.parse(fact.request).reason ?? 'closed';
        return (_s, base) => ({ ...base, type: 'RecordDisconnected', edgeId, connectionId, reason });
      }
      case 'BootNotification': {
        const boot = BootNotificationRequest.parse(fact.request);
        return (_s, base) => ({
          ...base,
          type: 'RecordBoot',
          chargePointVendor: boot.chargePointVendor,
          chargePointModel: boot.chargePointModel,
          firmwareVersion: boot.firmwareVersion ?? null,
          chargePointSerialNumber: boot.chargePointSerialNumber ?? null,
        });
      }
      case 'StartTransaction': {
        const request = StartTransactionRequest.parse(fact.request);
        const response = StartTransactionResponse.parse(fact.response);
        return (_s, base) => ({
          ...base,
          type: 'RecordTransactionStarted',
          connectorId: request.connectorId,
          transactionId: response.transactionId,
          idTag: request.idTag,
          meterStartWh: request.meterStart,
          startedAt: new Date(Date.parse(request.timestamp)).toISOString(),
        });
      }
      case 'StopTransaction': {
        const request = StopTransactionRequest.parse(fact.request);
        return (_s, base) => ({
          ...base,
          type: 'RecordTransactionStopped',
          transactionId: request.transactionId,
          meterStopWh: request.meterStop,
          stoppedAt: new Date(Date.parse(request.timestamp)).toISOString(),
          reason: request.reason ?? null,
        });
      }
      case connectionFacts.callResult: {
        // A late CALLRESULT to a profile write: it may settle the write's unknown outcome (L11).
        const late = LateCallResult.safeParse(fact.request);
        const answer = StatusAnswer.safeParse(fact.response);
        if (!late.success || !answer.success) return null;
        const { status } = answer.data;
        return (_s, base) => ({
          ...base,
          type: 'RecordLateAnswer',
          answer:
            late.data.action === 'SetChargingProfile'
              ? { action: 'SetChargingProfile', request: late.data.payload, status }
              : { action: 'ClearChargingProfile', request: late.data.payload, status },
        });
      }
      default:
        return null;
    }
  }
}
