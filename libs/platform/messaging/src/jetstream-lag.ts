import type { NatsBus } from './nats-bus.js';

/** How far a durable consumer is behind its stream. */
export interface ConsumerLag {
  /** Messages not yet acknowledged: never delivered plus delivered and awaiting an ack. */
  eventsBehind: number;
  /** When the oldest unacknowledged message was stored, or null when nothing is behind. */
  oldestUnackedAt: Date | null;
}

/**
 * Reads a durable's lag from JetStream itself (consumer info), so it is right even while the consumer's
 * process is stuck or down. The oldest unacknowledged message is the one right after the ack floor; it is
 * looked up only when something is behind.
 */
export async function consumerLag(bus: NatsBus, stream: string, durable: string): Promise<ConsumerLag> {
  const name = bus.stream(stream);
  const info = await bus.jsm.consumers.info(name, durable);
  const eventsBehind = info.num_pending + info.num_ack_pending;
  if (eventsBehind === 0) return { eventsBehind, oldestUnackedAt: null };
  const oldest = await bus.jsm.streams.getMessage(name, { seq: info.ack_floor.stream_seq + 1 }).catch(() => null);
  return { eventsBehind, oldestUnackedAt: oldest?.time ?? null };
}
