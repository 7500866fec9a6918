import { parseArgs } from './cli-args.js';

describe('analytics-example arguments', () => {
  it('default from the environment and take flags', () => {
    expect(
      parseArgs(['--once', '--json'], { KAFKA_BROKERS: 'k1:9092,k2:9092', KAFKA_TOPIC_PREFIX: 'run.' }, 'g'),
    ).toEqual({
      once: true,
      json: true,
      intervalSeconds: 10,
      brokers: ['k1:9092', 'k2:9092'],
      topicPrefix: 'run.',
      group: 'g',
      timeoutSeconds: 120,
    });
    expect(parseArgs(['--interval', '2', '--brokers', 'h:1', '--group', 'mine'], {}, 'g')).toMatchObject({
      intervalSeconds: 2,
      brokers: ['h:1'],
      group: 'mine',
    });
  });

  it('refuse unknown or malformed arguments with the usage', () => {
    expect(() => parseArgs(['--nope'], {}, 'g')).toThrow(/unexpected argument --nope[\s\S]*--once/);
    expect(() => parseArgs(['--brokers', 'nohost'], {}, 'g')).toThrow(/host:port/);
    expect(() => parseArgs(['--interval', '-1'], {}, 'g')).toThrow(/intervalSeconds/);
  });
});
