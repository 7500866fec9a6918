import { randomUUID } from 'node:crypto';
import { DEFAULT_CHARGER_PARTITIONS } from '@chargeplane/contracts-api';
import type { Logger } from '@chargeplane/platform-observability';
import { Registry } from 'prom-client';
import { DeadLetters } from './dead-letters.js';
import { isInfrastructureError } from './infrastructure-errors.js';
import type { NatsBus } from './nats-bus.js';
import { PartitionMetrics } from './partition-metrics.js';
import { PartitionedConsumer, type PartitionPipeline } from './partitioned-consumer.js';

/** A service's work-sharing settings (from its config: `workSharingFields`); what is left out has its default. */
export type SharingOptions = Partial<Omit<WorkSharing, 'group' | 'batchSize'>> & {
  registry?: Registry;
  deadLetters?: DeadLetters;
};

/** A service's work-sharing settings (from its config: `workSharingFields`). */
export interface WorkSharing {
  /** The consumer group: the service's name. */
  group: string;
  partitions: number;
  leaseTtlMs: number;
  deadLetterAfter: number;
  replicaId: string;
  batchSize: number;
  ackWaitMs?: number;
  maxAckPending?: number;
  /** A held partition whose consumer receives nothing this long while messages wait is restarted. */
  stallAfterMs?: number;
  retryMaxMs?: number;
  /** Failures retried without counting towards the dead letters; the infrastructure's unless told. */
  isTransient?: (error: unknown) => boolean;
}

/**
 * Starts a service's partitioned consumer group the one way every service does it: leases and ordered
 * partition loops (`PartitionedConsumer`), dead letters, a log line for every ownership change, retry and
 * dead letter, and the group's metrics on the service's registry.
 */
export async function startPartitionedGroup(
  bus: NatsBus,
  settings: Pick<WorkSharing, 'group' | 'batchSize'> & SharingOptions,
  pipelines: readonly PartitionPipeline[],
  log: Logger,
): Promise<PartitionedConsumer> {
  const registry = settings.registry ?? new Registry();
  const sharing: WorkSharing = {
    partitions: DEFAULT_CHARGER_PARTITIONS,
    leaseTtlMs: 10_000,
    deadLetterAfter: 10,
    replicaId: randomUUID(),
    ...settings,
  };
  const deadLetters = settings.deadLetters ?? new DeadLetters(bus, registry, Date.now, randomUUID);
  const metrics = new PartitionMetrics(registry, sharing.group);
  const consumer = new PartitionedConsumer(bus, {
    terms: { group: sharing.group, partitions: sharing.partitions, ttlMs: sharing.leaseTtlMs },
    replicaId: sharing.replicaId,
    pipelines,
    batchSize: sharing.batchSize,
    ...(sharing.ackWaitMs ? { ackWaitMs: sharing.ackWaitMs } : {}),
    ...(sharing.maxAckPending ? { maxAckPending: sharing.maxAckPending } : {}),
    ...(sharing.stallAfterMs ? { stallAfterMs: sharing.stallAfterMs } : {}),
    ...(sharing.retryMaxMs ? { retryMaxMs: sharing.retryMaxMs } : {}),
    deadLetterAfter: sharing.deadLetterAfter,
    isTransient: sharing.isTransient ?? isInfrastructureError,
    deadLetters,
    onDeadLettered: (pipeline, letter) =>
      log.error(
        { pipeline: pipeline.name, subject: letter.msg.subject, streamSeq: letter.msg.seq, reason: letter.reason },
        `sent to the dead letters: ${letter.detail}`,
      ),
    onInvalid: (pipeline, subject, problem) =>
      log.warn({ pipeline: pipeline.name, subject, problem }, 'an invalid message: to the dead letters'),
    onRetry: (pipeline, err, attempt, delayMs) =>
      log.error({ err, pipeline: pipeline.name, attempt, delayMs }, 'not applied; the partition waits and retries'),
    onOwnership: (change) => {
      metrics.changed(change);
      // A restart means a partition's work had stalled: worth a look, unlike the ownership changes of a deploy.
      log[change.change === 'restarted' ? 'warn' : 'info'](
        { group: sharing.group, replica: sharing.replicaId, ...change, owned: consumer.owned.length },
        `partition ${change.partition} ${change.change}: ${change.reason}`,
      );
    },
    onResumed: (pipeline, partition, { resetFrom, abandoned }) =>
      log.warn(
        { pipeline: pipeline.name, partition, resetFrom, abandoned },
        'took over unacknowledged messages: resumed from the ack floor',
      ),
    onError: (err) => log.error({ err, group: sharing.group }, 'partition leases: balancing failed; retried'),
  });
  await consumer.start();
  metrics.measure(consumer);
  log.info({ group: sharing.group, replica: sharing.replicaId, owned: consumer.owned }, 'sharing work by partition');
  return consumer;
}
