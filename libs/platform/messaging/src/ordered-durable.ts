import { AckPolicy, DeliverPolicy, type ConsumerInfo } from '@nats-io/jetstream';
import type { NatsBus } from './nats-bus.js';

export interface OrderedDurableOptions {
  stream: string;
  durable: string;
  filterSubject: string;
  ackWaitMs: number;
  /** Messages delivered and not yet acknowledged, at most: bounds what one consumer holds. */
  maxAckPending: number;
  /** `Explicit` unless told; `All` (cumulative: a batch acknowledged with its last message). */
  ackPolicy?: typeof AckPolicy.All | typeof AckPolicy.Explicit;
}

/** What `prepareOrderedDurable` found: a durable left with unacknowledged messages is restarted from its ack floor. */
export interface PreparedDurable {
  created: boolean;
  /** Stream sequence delivery restarts from, when the durable was reset; null otherwise. */
  resetFrom: number | null;
  /** Messages the previous holder left unacknowledged (0 when none). */
  abandoned: number;
}

async function infoOf(bus: NatsBus, stream: string, durable: string): Promise<ConsumerInfo | null> {
  try {
    return await bus.jsm.consumers.info(stream, durable);
  } catch (error) {
    if (/consumer not found/i.test(String(error))) return null;
    throw error;
  }
}

/**
 * Ensures a durable pull consumer for strictly ordered processing by one holder at a time. JetStream
 * redelivers a message left unacknowledged only after its ack wait, while newer messages keep flowing: a
 * consumer restarted after a crash would see them out of order. So when the durable still has
 * unacknowledged messages (its previous holder died with them), it is recreated to start again right after
 * its ack floor: everything not acknowledged comes first, in stream order. What the previous holder had
 * already passed on arrives again; downstream consumers drop those duplicates by event id.
 *
 * Acknowledgements are explicit unless told (each message settles only itself: a late ack from a previous holder
 * can never settle what the next one holds). A durable made earlier with another ack policy is recreated at its
 * ack floor (policies cannot change).
 */
export async function prepareOrderedDurable(bus: NatsBus, options: OrderedDurableOptions): Promise<PreparedDurable> {
  const stream = bus.stream(options.stream);
  const ackPolicy = options.ackPolicy ?? AckPolicy.Explicit;
  const config = {
    durable_name: options.durable,
    ack_policy: ackPolicy,
    filter_subject: bus.subject(options.filterSubject),
    ack_wait: options.ackWaitMs * 1_000_000,
    max_ack_pending: options.maxAckPending,
    max_deliver: -1,
  };
  const info = await infoOf(bus, stream, options.durable);
  if (!info) {
    await bus.jsm.consumers.add(stream, { ...config, deliver_policy: DeliverPolicy.All });
    return { created: true, resetFrom: null, abandoned: 0 };
  }
  if (info.num_ack_pending > 0 || info.config.ack_policy !== ackPolicy) {
    const resetFrom = info.ack_floor.stream_seq + 1;
    await bus.jsm.consumers.delete(stream, options.durable);
    await bus.jsm.consumers.add(stream, {
      ...config,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: resetFrom,
    });
    return { created: false, resetFrom, abandoned: info.num_ack_pending };
  }
  await bus.jsm.consumers.update(stream, options.durable, {
    ack_wait: config.ack_wait,
    max_ack_pending: config.max_ack_pending,
  });
  return { created: false, resetFrom: null, abandoned: 0 };
}
