import { hostname } from 'node:os';
import { z } from 'zod';

/** CHARGER_PARTITIONS: how the charger-keyed streams are split (docs/architecture.md §7); same everywhere. */
export const chargerPartitions = z.coerce
  .number()
  .int()
  .min(1)
  .max(256)
  .default(16)
  .describe(
    'Partitions of the charger-keyed streams (a charger is in partition FNV-1a(id) mod this). The most replicas that share device-twin, compliance-gb or kafka-bridge work. Must be the same for every service and replica: a replica whose group runs with another value refuses to start. To change it, stop everything and let the consumers drain first (runbook, Scale).',
  );

/**
 * Sharing a consumer's work among replicas by charger partition (device-twin, compliance-gb, kafka-bridge):
 * spread into their config schemas.
 */
export const workSharingFields = {
  CHARGER_PARTITIONS: chargerPartitions,
  PARTITION_LEASE_TTL_SECONDS: z.coerce
    .number()
    .min(1)
    .max(300)
    .default(10)
    .describe(
      "A replica's hold on a partition lapses this long after its last renewal (renewed every quarter of it): how long a crashed replica's chargers wait before another takes them over. The same for every replica of a service.",
    ),
  DEAD_LETTER_AFTER_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(10)
    .describe(
      "Attempts before a charger message that keeps failing goes to the dead letters, so the charger's later messages go on (failures of PostgreSQL or Kafka themselves are retried without counting).",
    ),
  PARTITION_STALL_SECONDS: z.coerce
    .number()
    .min(1)
    .max(3600)
    .default(15)
    .describe(
      'A partition this replica holds is restarted from its ack floor when its consumer has received nothing for this long while messages wait for it in JetStream and are not delivered (or its durable is gone): delivery that stopped without an error never leaves a partition idle.',
    ),
  REPLICA_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only')
    .optional()
    .describe('Names this replica in leases and logs; host name, process id and a random suffix when not set.'),
};

type WorkSharingConfig = z.infer<z.ZodObject<typeof workSharingFields>>;

/** A partitioned service's work-sharing settings, from its config, as its consumer group takes them. */
export function workSharingOf(config: WorkSharingConfig, random: () => string) {
  return {
    partitions: config.CHARGER_PARTITIONS,
    leaseTtlMs: config.PARTITION_LEASE_TTL_SECONDS * 1000,
    stallAfterMs: config.PARTITION_STALL_SECONDS * 1000,
    deadLetterAfter: config.DEAD_LETTER_AFTER_ATTEMPTS,
    replicaId: replicaIdOf(config.REPLICA_ID, random),
  };
}

/** A replica id unique to this process: a restarted replica is a new one (its old leases are not its own). */
export function replicaIdOf(configured: string | undefined, random: () => string): string {
  const base =
    configured ??
    `${hostname()
      .replace(/[^A-Za-z0-9_-]/g, '-')
      .slice(0, 40)}-${process.pid}`;
  return `${base}-${random().slice(0, 8)}`;
}
