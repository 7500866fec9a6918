/** What a topic should have (from KAFKA_PARTITIONS, KAFKA_REPLICATION_FACTOR). */
export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
}

/** What ensureTopics found or did for one topic, for the caller to log. */
export interface TopicReport {
  topic: string;
  action: 'created' | 'exists';
  partitions: number;
  replicationFactor: number;
  /** How an existing topic differs from the configuration; it is never changed here. */
  warnings: string[];
}

/**
 * Compares an existing topic with its configuration. Nothing is changed: more partitions would move keys to other
 * partitions (a charger's events would lose their order across the change), fewer are impossible, and a new
 * replication factor needs a partition reassignment the operator plans.
 */
export function checkExistingTopic(
  spec: TopicSpec,
  actual: { partitions: number; replicationFactor: number },
): TopicReport {
  const warnings: string[] = [];
  if (actual.partitions < spec.partitions)
    warnings.push(
      `has ${actual.partitions} partitions, KAFKA_PARTITIONS asks for ${spec.partitions}: left as it is (adding partitions moves keys and breaks per-charger order; add them by hand when no consumer depends on it)`,
    );
  else if (actual.partitions > spec.partitions)
    warnings.push(`has ${actual.partitions} partitions, more than KAFKA_PARTITIONS=${spec.partitions}: left as it is`);
  if (actual.replicationFactor !== spec.replicationFactor)
    warnings.push(
      `has replication factor ${actual.replicationFactor}, KAFKA_REPLICATION_FACTOR asks for ${spec.replicationFactor}: left as it is (change it with a partition reassignment)`,
    );
  return { topic: spec.topic, action: 'exists', ...actual, warnings };
}

/**
 * Whether a CreateTopics refusal says only that the topics already exist: another replica starting at the same
 * moment created them first. The broker's metadata may not list them yet at that moment, so the refusal itself is
 * the evidence.
 */
export function onlyAlreadyExists(error: unknown): boolean {
  const causes = protocolErrorsOf(error);
  return causes.length > 0 && causes.every((e) => (e as { apiId?: unknown } | null)?.apiId === 'TOPIC_ALREADY_EXISTS');
}

/** The errors at the bottom of the client's wrapping (a refusal may come as "Creating topics failed." around it). */
function protocolErrorsOf(error: unknown): unknown[] {
  return error instanceof AggregateError ? (error.errors as unknown[]).flatMap(protocolErrorsOf) : [error];
}
