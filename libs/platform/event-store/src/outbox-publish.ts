import { EventEnvelope } from '@chargeplane/contracts-events';
import { inSpan } from '@chargeplane/platform-observability';
import {
  isMaxPayloadError,
  planRow,
  poisonRow,
  type OutboxDeadLetter,
  type OutboxPoison,
  type OutboxRow,
  type Planned,
} from './outbox-rows.js';

/** Publishes one event to the bus; must resolve only once the bus has stored it (JetStream ack). */
export type PublishEvent = (subject: string, event: EventEnvelope) => Promise<void>;

/** What the relay's publishing needs besides the bus. */
export interface PublishOptions {
  /** The largest message the bus carries (NATS's max_payload, as the connection reports it). */
  maxPayloadBytes: () => number;
  /** Stores a row that can never be published (the dead-letter stream); resolves once it is stored. */
  deadLetter: (letter: OutboxDeadLetter) => Promise<void>;
  /** Told of each event once the bus has it (metrics: outbox lag, writes by outcome). */
  onPublished?: (event: EventEnvelope) => void;
}

/**
 * Publishes rows grouped by stream, in order within each; a stream stops at its first failure. A row that can
 * never be published is dead-lettered instead and its stream goes on.
 */
export async function publishByStream(
  rows: readonly OutboxRow[],
  publish: PublishEvent,
  options: PublishOptions,
): Promise<{ published: string[]; deadLettered: { id: string; reason: OutboxPoison }[]; failure: unknown }> {
  const byStream = new Map<string, Planned[]>();
  for (const row of rows) {
    const planned = planRow(row, options.maxPayloadBytes());
    // A row that is not an event names no stream: it is a chain of its own.
    const key = 'event' in planned ? planned.event.streamId : `row:${row.id}`;
    byStream.set(key, [...(byStream.get(key) ?? []), planned]);
  }
  const published: string[] = [];
  const deadLettered: { id: string; reason: OutboxPoison }[] = [];
  let failure: unknown;
  await Promise.all(
    [...byStream.values()].map(async (chain) => {
      for (const planned of chain) {
        try {
          if ('poison' in planned) {
            await options.deadLetter(planned.poison);
            deadLettered.push({ id: planned.row.id, reason: planned.poison.reason });
            continue;
          }
          await publishTraced(publish, planned.row.subject, planned.event);
          published.push(planned.row.id);
          options.onPublished?.(planned.event);
        } catch (error) {
          if ('event' in planned && isMaxPayloadError(error)) {
            const poison = poisonRow(planned.row, 'too_large', `the bus refused it: ${messageOf(error)}`);
            try {
              await options.deadLetter(poison);
              deadLettered.push({ id: planned.row.id, reason: 'too_large' });
              continue;
            } catch (deadLetterError) {
              failure ??= deadLetterError;
              return;
            }
          }
          failure ??= error;
          return;
        }
      }
    }),
  );
  return { published, deadLettered, failure };
}

/** Publishes in a producer span continuing the event's trace, so the bus message carries it to the consumers. */
function publishTraced(publish: PublishEvent, subject: string, event: EventEnvelope): Promise<void> {
  if (!event.trace) return publish(subject, event);
  const attributes = {
    'messaging.system': 'nats',
    'messaging.destination.name': subject,
    'chargeplane.event.type': event.type,
  };
  return inSpan(`outbox publish ${event.type}`, { role: 'producer', parent: event.trace, attributes }, () =>
    publish(subject, event),
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
