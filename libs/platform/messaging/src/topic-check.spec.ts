import { MultipleErrors, ResponseError } from '@platformatic/kafka';
import { checkExistingTopic, onlyAlreadyExists } from './topic-check.js';

const spec = { topic: 'chargeplane.charger-events.v1', partitions: 12, replicationFactor: 3 };

describe('an existing Kafka topic against its configuration', () => {
  it('is reported, never changed, when it has fewer partitions or another replication factor', () => {
    const report = checkExistingTopic(spec, { partitions: 6, replicationFactor: 1 });
    expect(report).toMatchObject({ topic: spec.topic, action: 'exists', partitions: 6, replicationFactor: 1 });
    expect(report.warnings).toEqual([
      expect.stringMatching(
        /^has 6 partitions, KAFKA_PARTITIONS asks for 12: left as it is \(adding partitions moves keys/,
      ),
      expect.stringMatching(/^has replication factor 1, KAFKA_REPLICATION_FACTOR asks for 3: left as it is/),
    ]);
  });

  it('is quiet when it matches', () => {
    expect(checkExistingTopic(spec, { partitions: 12, replicationFactor: 3 }).warnings).toEqual([]);
  });
});

describe('a refused topic creation', () => {
  const refusal = (...codes: number[]) =>
    new ResponseError(19, 7, Object.fromEntries(codes.map((code, i) => [`/topics/${i}`, [code, 'refused']])), {});

  it('is another replica having created the topics first only when every topic says it already exists', () => {
    expect(onlyAlreadyExists(refusal(36))).toBe(true);
    expect(onlyAlreadyExists(refusal(36, 36))).toBe(true);
    expect(onlyAlreadyExists(refusal(36, 37))).toBe(false); // 37: INVALID_PARTITIONS
    expect(onlyAlreadyExists(new Error('connection refused'))).toBe(false);
  });

  // The fault drill's two kafka-bridge replicas starting together: the admin client wrapped the broker's refusal,
  // and the replica that lost the race failed to start ("Creating topics failed.").
  it('is recognised inside the admin client’s own wrapping', () => {
    expect(onlyAlreadyExists(new MultipleErrors('Creating topics failed.', [refusal(36)]))).toBe(true);
    expect(onlyAlreadyExists(new MultipleErrors('Creating topics failed.', [refusal(36, 37)]))).toBe(false);
    expect(onlyAlreadyExists(new MultipleErrors('Creating topics failed.', []))).toBe(false);
  });
});
