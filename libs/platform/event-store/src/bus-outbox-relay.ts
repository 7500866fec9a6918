import type { EventEnvelope } from '@chargeplane/contracts-events';
import type { Logger } from '@chargeplane/platform-observability';
import type { DataSource } from 'typeorm';
import { CommitPublisher } from './commit-publisher.js';
import { OutboxRelay } from './outbox-relay.js';
import type { OutboxDeadLetter } from './outbox-rows.js';

/** The bus as the relay uses it: a JetStream publish of serialised JSON, deduplicated by message id. */
export interface RelayBus {
  publishJson(subject: string, json: string, msgId: string): Promise<unknown>;
  readonly maxPayload: number;
}

/** Where rows that can never be published go (the platform's dead letters); resolves once stored. */
export interface RelayDeadLetters {
  putOutboxRow(row: OutboxDeadLetter): Promise<{ sequence: number }>;
}

/**
 * The outbox relay as every writing app runs it: each event published by its id (a re-publish is dropped), a row
 * that can never be published put on the dead letters and logged, a failed pass logged and retried.
 */
export function busOutboxRelay(
  db: DataSource,
  bus: RelayBus,
  deadLetters: RelayDeadLetters,
  log: Logger,
  options: { databaseUrl: string; onPublished?: (event: EventEnvelope) => void },
): OutboxRelay {
  return new OutboxRelay(db, (subject, event, json) => bus.publishJson(subject, json, event.id).then(() => undefined), {
    databaseUrl: options.databaseUrl,
    maxPayloadBytes: () => bus.maxPayload,
    deadLetter: async (row) => {
      const { sequence } = await deadLetters.putOutboxRow(row);
      log.error(
        { ...row, payload: undefined, deadLetter: sequence },
        'outbox row can never be published: dead-lettered',
      );
    },
    onError: (err) => log.error({ err }, 'outbox relay pass failed; retrying'),
    ...(options.onPublished ? { onPublished: options.onPublished } : {}),
  });
}

/**
 * Publish on commit as every writing app runs it (decision 0014): the writer's own events published by their ids right
 * after each commit, a failure logged (the relay publishes what the writer hands back or leaves).
 */
export function busCommitPublisher(
  db: DataSource,
  bus: RelayBus,
  log: Logger,
  options: { claimant: string; onPublished?: (event: EventEnvelope) => void },
): CommitPublisher {
  return new CommitPublisher(
    db,
    (subject, event, json) => bus.publishJson(subject, json, event.id).then(() => undefined),
    {
      claimant: options.claimant,
      maxPayloadBytes: () => bus.maxPayload,
      onError: (err) => log.warn({ err }, 'publish on commit failed: the outbox relay publishes what is left'),
      ...(options.onPublished ? { onPublished: options.onPublished } : {}),
    },
  );
}
