import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config.js';
import { checkStreamRetention, streamRetentionFields } from './stream-retention.js';

const schema = z.object(streamRetentionFields).superRefine(checkStreamRetention);

describe('stream retention configuration', () => {
  it('defaults to 72 h of facts, 30 days of events and dead letters, no byte caps, a 10-minute duplicate window, one replica', () => {
    expect(loadConfig('provision', schema, {})).toEqual({
      OCPP_IN_MAX_AGE_HOURS: 72,
      EVENT_STREAMS_MAX_AGE_DAYS: 30,
      DEAD_LETTERS_MAX_AGE_DAYS: 30,
      NATS_DUPLICATE_WINDOW_SECONDS: 600,
      NATS_STREAM_REPLICAS: 1,
    });
  });

  it('reads byte caps in binary units or plain bytes', () => {
    const config = loadConfig('provision', schema, { OCPP_IN_MAX_BYTES: '20GiB', EVENT_STREAMS_MAX_BYTES: '2097152' });
    expect(config.OCPP_IN_MAX_BYTES).toBe(20 * 1024 ** 3);
    expect(config.EVENT_STREAMS_MAX_BYTES).toBe(2 * 1024 ** 2);
  });

  it('refuses a byte cap it cannot read, a duplicate window longer than a stream keeps messages, and 0 replicas', () => {
    let error: unknown;
    try {
      loadConfig('provision', schema, {
        OCPP_IN_MAX_BYTES: '20GB',
        OCPP_IN_MAX_AGE_HOURS: '1',
        NATS_DUPLICATE_WINDOW_SECONDS: '7200',
        NATS_STREAM_REPLICAS: '0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      expect.stringMatching(/^OCPP_IN_MAX_BYTES: must be a byte count such as 10GiB.*given: "20GB"/),
      expect.stringMatching(/^NATS_STREAM_REPLICAS: .*given: "0"/),
      'NATS_DUPLICATE_WINDOW_SECONDS: must not exceed the shortest stream age (3600 s) (given: "7200")',
    ]);
  });
});
