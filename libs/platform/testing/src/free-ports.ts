import { createServer } from 'node:net';

/** `n` distinct free loopback ports: all held open at once while they are picked, so none is handed out twice. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve, reject) => {
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            return typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'));
          });
        }),
    ),
  );
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}
