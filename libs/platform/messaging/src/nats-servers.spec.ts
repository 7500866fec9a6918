import { natsServers } from './nats-bus.js';

describe('natsServers', () => {
  it('splits a cluster NATS_URL into its nodes so the client can fail over', () => {
    expect(natsServers('nats://127.0.0.1:4231, nats://127.0.0.1:4232,nats://127.0.0.1:4233')).toEqual([
      'nats://127.0.0.1:4231',
      'nats://127.0.0.1:4232',
      'nats://127.0.0.1:4233',
    ]);
  });

  it('keeps a single server as it is and refuses an empty list', () => {
    expect(natsServers('nats://127.0.0.1:4222')).toEqual(['nats://127.0.0.1:4222']);
    expect(() => natsServers(' , ')).toThrow('NATS_URL names no server');
  });
});
