import { z } from 'zod';

/** A byte count: `1073741824`, `512MiB`, `10GiB`, `1TiB` (binary units). */
export const byteSize = z
  .string()
  .trim()
  .regex(/^\d+\s*(B|KiB|MiB|GiB|TiB)?$/, 'must be a byte count such as 10GiB, 512MiB or 1073741824')
  .transform((value) => {
    const match = /^(\d+)\s*([A-Za-z]*)$/.exec(value)!;
    const power = ['', 'B', 'KiB', 'MiB', 'GiB', 'TiB'].indexOf(match[2]!);
    return Number(match[1]) * 1024 ** Math.max(0, power - 1);
  })
  .refine((bytes) => bytes >= 1024 * 1024, 'must be at least 1MiB');

/**
 * Retention and replication of the JetStream streams (docs/architecture.md §4). Spread into the config schema of
 * whatever creates streams (provisioning, compliance-gb), with `.superRefine(checkStreamRetention)`.
 */
export const streamRetentionFields = {
  OCPP_IN_MAX_AGE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(8760)
    .default(72)
    .describe(
      'Hours a charger fact is kept in OCPP_IN. Long enough for profile-command to take in the facts after an outage.',
    ),
  OCPP_IN_MAX_BYTES: byteSize
    .optional()
    .describe(
      'Size cap of OCPP_IN (e.g. 20GiB; oldest facts dropped first). Not set: no cap, age alone bounds it. nats-server reserves the cap on its disk.',
    ),
  EVENT_STREAMS_MAX_AGE_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe(
      'Days events are kept in CHARGER_EVENTS, COMPLIANCE_EVENTS and TWIN_EVENTS; older ones can be re-published from the event store.',
    ),
  EVENT_STREAMS_MAX_BYTES: byteSize
    .optional()
    .describe('Size cap of each event stream (e.g. 50GiB). Not set: no cap, age alone bounds them.'),
  DEAD_LETTERS_MAX_AGE_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(30)
    .describe('Days a dead letter is kept in DEAD_LETTERS: time for an operator to inspect and replay it.'),
  DEAD_LETTERS_MAX_BYTES: byteSize
    .optional()
    .describe('Size cap of DEAD_LETTERS (e.g. 5GiB; oldest dropped first). Not set: no cap, age alone bounds it.'),
  NATS_DUPLICATE_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(86_400)
    .default(600)
    .describe(
      'How long JetStream drops a re-published message by its id; at least the outbox relay re-publish window (a crashed process restarting).',
    ),
  NATS_STREAM_REPLICAS: z.coerce
    .number()
    .int()
    .min(1)
    .max(5)
    .default(1)
    .describe('Replicas of each stream: 1 on a single nats-server, 3 on a 3-node JetStream cluster.'),
};

/** The duplicate window cannot outlast a message (nats-server refuses such a stream). */
export function checkStreamRetention(
  config: {
    OCPP_IN_MAX_AGE_HOURS: number;
    EVENT_STREAMS_MAX_AGE_DAYS: number;
    DEAD_LETTERS_MAX_AGE_DAYS: number;
    NATS_DUPLICATE_WINDOW_SECONDS: number;
  },
  ctx: z.RefinementCtx,
): void {
  const shortestAge = Math.min(
    config.OCPP_IN_MAX_AGE_HOURS * 3600,
    config.EVENT_STREAMS_MAX_AGE_DAYS * 86_400,
    config.DEAD_LETTERS_MAX_AGE_DAYS * 86_400,
  );
  if (config.NATS_DUPLICATE_WINDOW_SECONDS > shortestAge)
    ctx.addIssue({
      code: 'custom',
      path: ['NATS_DUPLICATE_WINDOW_SECONDS'],
      message: `must not exceed the shortest stream age (${shortestAge} s)`,
    });
}
