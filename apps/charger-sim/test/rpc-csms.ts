import type { AddressInfo } from 'node:net';
import { RPCServer, type RPCClient } from 'ocpp-rpc';

// An independent Central System for conformance tests: ocpp-rpc in strict mode validates every message in
// both directions against the official OCA 1.6 JSON schemas, so a frame the simulator gets wrong fails the
// call instead of slipping through. It checks HTTP Basic auth at the upgrade and records the charger's calls.

/** ocpp-rpc types every option as required; the cast lives here, once. */
type ServerOptions = ConstructorParameters<typeof RPCServer>[0];

export interface ChargerCall {
  identity: string;
  method: string;
  params: Record<string, unknown>;
}

export interface RpcCsms {
  url: string;
  /** Calls the chargers sent, in arrival order. */
  calls: ChargerCall[];
  /** Upgrades the auth callback refused (identity, status). */
  refused: Array<{ identity: string; status: number }>;
  /** The connected charger with this identity (waits for it). */
  client(identity: string): Promise<RPCClient>;
  /** The first recorded call matching (from index `after` of `calls` on), waiting for it to arrive. */
  waitForCall(
    identity: string,
    method: string,
    match?: (params: Record<string, unknown>) => boolean,
    after?: number,
  ): Promise<ChargerCall>;
  close(): Promise<void>;
}

export interface RpcCsmsOptions {
  passwords: Record<string, string>;
  heartbeatIntervalS: number;
}

export async function waitUntil<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startRpcCsms(options: RpcCsmsOptions): Promise<RpcCsms> {
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: true, pingIntervalMs: 0 } as ServerOptions);
  const calls: ChargerCall[] = [];
  const refused: RpcCsms['refused'] = [];
  const clients = new Map<string, RPCClient>();
  let nextTransactionId = 1000;

  server.auth((accept, reject, handshake) => {
    const expected = options.passwords[handshake.identity];
    if (expected !== undefined && handshake.password?.toString('utf8') === expected) return accept({});
    refused.push({ identity: handshake.identity, status: 401 });
    reject(401, 'bad credentials');
  });

  server.on('client', (client: RPCClient) => {
    const identity = client.identity ?? '';
    clients.set(identity, client);
    const record = (method: string, params: unknown) =>
      calls.push({ identity, method, params: params as Record<string, unknown> });
    const now = () => new Date().toISOString();
    const answers: Record<string, () => Record<string, unknown>> = {
      BootNotification: () => ({ status: 'Accepted', currentTime: now(), interval: options.heartbeatIntervalS }),
      Heartbeat: () => ({ currentTime: now() }),
      StatusNotification: () => ({}),
      MeterValues: () => ({}),
      Authorize: () => ({ idTagInfo: { status: 'Accepted' } }),
      StartTransaction: () => ({ transactionId: nextTransactionId++, idTagInfo: { status: 'Accepted' } }),
      StopTransaction: () => ({}),
    };
    for (const [method, answer] of Object.entries(answers)) {
      client.handle(method, async ({ params }) => {
        record(method, params);
        return answer();
      });
    }
    client.once('close', () => {
      if (clients.get(identity) === client) clients.delete(identity);
    });
  });

  const http = await server.listen(0, '127.0.0.1');
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/ocpp`,
    calls,
    refused,
    client: (identity) => waitUntil(() => clients.get(identity)),
    waitForCall: (identity, method, match = () => true, after = 0) =>
      waitUntil(() =>
        calls.slice(after).find((c) => c.identity === identity && c.method === method && match(c.params)),
      ),
    close: async () => {
      await server.close({ force: true });
      http.close();
    },
  };
}
