import { z } from 'zod';
import { ConfigError, loadConfig } from './load-config.js';
import { kafkaBrokers, natsUrl, port } from './env-fields.js';

const schema = z.object({ NATS_URL: natsUrl, API_PORT: port(8080), KAFKA_BROKERS: kafkaBrokers });

describe('loadConfig', () => {
  it('applies defaults and returns a frozen config', () => {
    const config = loadConfig('test-app', schema, {});
    expect(config).toEqual({ NATS_URL: 'nats://127.0.0.1:4222', API_PORT: 8080, KAFKA_BROKERS: ['127.0.0.1:9092'] });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every problem at once, naming the variable and the value given', () => {
    let error: unknown;
    try {
      loadConfig('test-app', schema, { NATS_URL: 'http://x', API_PORT: '70000', KAFKA_BROKERS: 'a:1,b' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^NATS_URL: must be a NATS URL.*given: "http:\/\/x"/);
    expect(problems[1]).toMatch(/^API_PORT: .*given: "70000"/);
    expect(problems[2]).toMatch(/^KAFKA_BROKERS: broker "b" is not host:port/);
    expect((error as Error).message).toContain('test-app: invalid configuration');
  });

  it('takes a cluster as NATS_URL: its nodes separated by commas, each a NATS URL', () => {
    const cluster = 'nats://127.0.0.1:4231,nats://127.0.0.1:4232,nats://127.0.0.1:4233';
    expect(loadConfig('test-app', schema, { NATS_URL: cluster }).NATS_URL).toBe(cluster);
    expect(() => loadConfig('test-app', schema, { NATS_URL: 'nats://a:1,b:2' })).toThrow(
      /NATS_URL: must be a NATS URL/,
    );
    expect(() => loadConfig('test-app', schema, { NATS_URL: 'nats://a:1,' })).toThrow(/NATS_URL: must be a NATS URL/);
  });
});
