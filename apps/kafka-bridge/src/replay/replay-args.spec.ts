import { parseReplayArgs } from './replay-args.js';

describe('replay arguments', () => {
  it('take a charger or a tenant, and an optional topic prefix', () => {
    expect(parseReplayArgs(['--charger', 'ZAPPI-1'])).toEqual({ charger: 'ZAPPI-1' });
    expect(parseReplayArgs(['--tenant', 'tnt_a', '--topic-prefix', 'staging.'])).toEqual({
      tenant: 'tnt_a',
      topicPrefix: 'staging.',
    });
  });

  it('refuse both, neither, or anything else, with the usage', () => {
    expect(() => parseReplayArgs(['--charger', 'a', '--tenant', 'b'])).toThrow(
      /exactly one of --charger ID or --tenant ID; usage/,
    );
    expect(() => parseReplayArgs([])).toThrow(/exactly one/);
    expect(() => parseReplayArgs(['--all'])).toThrow(/unexpected argument --all; usage/);
    expect(() => parseReplayArgs(['--charger'])).toThrow(/unexpected argument --charger/);
  });
});
