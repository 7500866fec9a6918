import { Admin, ListOffsetTimestamps } from '@platformatic/kafka';
import { clientConnectionOptions, type KafkaConnection } from './connection.js';

/** Where one partition of a topic begins and ends (the next offset to be written). */
export interface PartitionOffsets {
  topic: string;
  partition: number;
  low: bigint;
  high: bigint;
}

/** The first and next offsets of every partition of the topics (a topic that does not exist fails). */
export async function topicOffsets(
  connection: KafkaConnection,
  topics: readonly string[],
): Promise<PartitionOffsets[]> {
  const admin = new Admin(clientConnectionOptions(connection));
  try {
    return await offsetsWith(admin, topics);
  } finally {
    await admin.close();
  }
}

/** As `topicOffsets`, with an admin client the caller keeps open (cheap to poll). */
export async function offsetsWith(admin: Admin, topics: readonly string[]): Promise<PartitionOffsets[]> {
  const metadata = await admin.metadata({ topics: [...topics], forceUpdate: true });
  const request = (timestamp: bigint) =>
    admin.listOffsets({
      topics: topics.map((name) => ({
        name,
        partitions: metadata.topics.get(name)!.partitions.map((_, partitionIndex) => ({ partitionIndex, timestamp })),
      })),
    });
  const [low, high] = await Promise.all([request(ListOffsetTimestamps.EARLIEST), request(ListOffsetTimestamps.LATEST)]);
  const offsetOf = (listed: typeof low, topic: string, partition: number) =>
    listed.find((t) => t.name === topic)?.partitions.find((p) => p.partitionIndex === partition)?.offset ?? 0n;
  return topics.flatMap((topic) =>
    metadata.topics.get(topic)!.partitions.map((_, partition) => ({
      topic,
      partition,
      low: offsetOf(low, topic, partition),
      high: offsetOf(high, topic, partition),
    })),
  );
}

/** Records on the topics now (sum over partitions of high − low). */
export async function recordCount(admin: Admin, topics: readonly string[]): Promise<number> {
  return (await offsetsWith(admin, topics)).reduce((sum, p) => sum + Number(p.high - p.low), 0);
}
