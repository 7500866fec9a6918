import { randomUUID } from 'node:crypto';
import { Consumer, stringDeserializers, type Message } from '@platformatic/kafka';
import { clientConnectionOptions, type KafkaConnection } from './connection.js';

/** A Kafka record as text: what the consumer kit validates and what tests and benchmarks look at. */
export interface TextRecord {
  topic: string;
  partition: number;
  offset: bigint;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** A message of a consumer built with `stringDeserializers`, as a `TextRecord`. */
export function textRecord(message: Message<string, string, string, string>): TextRecord {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? null,
    headers: Object.fromEntries(message.headers),
  };
}

export interface TopicTail {
  stop(): Promise<void>;
}

/**
 * Reads the topics from their first record on, in a fresh consumer group that commits nothing (the group id
 * starts with `groupPrefix`, so a test run's cleanup finds it), and hands every record to `onRecord` as it
 * arrives. For tests, benchmarks and smoke checks; integrators use the consumer kit.
 */
export async function tailTopics(
  connection: KafkaConnection,
  topics: readonly string[],
  onRecord: (record: TextRecord) => void,
  options: { groupPrefix?: string; maxWaitTimeMs?: number; onError?: (error: Error) => void } = {},
): Promise<TopicTail> {
  const consumer = new Consumer<string, string, string, string>({
    ...clientConnectionOptions(connection),
    groupId: `${options.groupPrefix ?? connection.clientId}-${randomUUID()}`,
    deserializers: stringDeserializers,
    autocommit: false,
    maxWaitTime: options.maxWaitTimeMs ?? 100,
  });
  const stream = await consumer.consume({ topics: [...topics], mode: 'earliest' }).catch(async (error: unknown) => {
    await consumer.close(true).catch(() => undefined);
    throw error;
  });
  stream.on('data', (message) => onRecord(textRecord(message)));
  // A stream error (the broker went away) ends the tail; without a listener it would end the process.
  stream.on('error', (error) => options.onError?.(error));
  return {
    async stop() {
      await stream.close().catch(() => undefined);
      await consumer.close(true);
    },
  };
}
