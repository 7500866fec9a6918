import { inSpan, recordSpan } from '@chargeplane/platform-observability';
import type { BatchItem } from './partition-batch.js';

type BatchHandler<T> = (items: BatchItem<T>[]) => Promise<void>;

/**
 * A consumer's batch handler with its messages' traces continued (docs/operations/runbook.md, Traces): a batch of
 * one runs inside the message's consumer span, so the events its handler appends carry that trace; in a larger
 * batch each traced message gets a consumer span covering the batch's time. Without tracing configured, the
 * helpers return at once. Spans are named after the group's durable (one name per consumer, not per partition);
 * the partition is an attribute.
 */
export function tracedBatches<T>(durable: string, handle: BatchHandler<T>): BatchHandler<T> {
  return async (items) => {
    const only = items.length === 1 ? items[0] : undefined;
    if (only?.trace) {
      await inSpan(
        `consume ${durable}`,
        { role: 'consumer', parent: only.trace, attributes: attributes(durable, only, 1) },
        () => handle(items),
      );
      return;
    }
    const startTime = Date.now();
    await handle(items);
    for (const item of items) {
      if (!item.trace) continue;
      recordSpan(`consume ${durable}`, {
        role: 'consumer',
        parent: item.trace,
        startTime,
        attributes: attributes(durable, item, items.length),
      });
    }
  };
}

function attributes(durable: string, item: BatchItem<unknown>, count: number) {
  return {
    'messaging.system': 'nats',
    'messaging.consumer.group.name': durable,
    'messaging.destination.name': item.subject,
    'messaging.batch.message_count': count,
    'messaging.destination.partition.id': String(item.partition),
  };
}
