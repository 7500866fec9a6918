import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { freePorts } from './free-ports.js';
import { trackOpen } from './open-resources.js';

const run = promisify(execFile);

/** A 3-node NATS JetStream cluster on loopback, run by deploy/local/nats-cluster/ (one config, one place). */
export interface NatsCluster {
  /** NATS_URL of the cluster: the three nodes, comma-separated. */
  url: string;
  /** Client port of each node (index 0 = node 1). */
  ports: number[];
  dir: string;
  /** kill -9 of node `n` (1..3): a crash, the store stays. */
  killNode(n: number): Promise<void>;
  /** A clean stop of node `n` (SIGTERM). */
  stopNode(n: number): Promise<void>;
  /** Starts node `n` again (or every node not running when `n` is not given); resolves once it answers. */
  startNode(n?: number): Promise<void>;
  /** Stops every node and removes the cluster's directory. */
  stop(): Promise<void>;
}

/** Resolves once JetStream answers through `url` (the cluster has a meta leader); throws after `timeoutMs`. */
export async function waitForJetStream(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const nc = await connect({
        servers: url.split(','),
        name: 'cluster-ready',
        maxReconnectAttempts: 0,
        timeout: 2_000,
      });
      try {
        await (await jetstreamManager(nc, { timeout: 2_000 })).getAccountInfo();
        return;
      } finally {
        await nc.close();
      }
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`JetStream did not answer at ${url} within ${timeoutMs} ms: ${String(last)}`);
}

/**
 * Starts a cluster under `dir` on free loopback ports through deploy/local/nats-cluster/start.sh and waits until
 * JetStream has a meta leader (a stream can be created). Tracked: a test that cannot stop it has it stopped for it.
 */
export async function startNatsCluster(root: string, dir: string): Promise<NatsCluster> {
  const [c1, c2, c3, r1, r2, r3] = await freePorts(6);
  const ports = [c1!, c2!, c3!];
  const env = {
    ...process.env,
    NATS_CLUSTER_DIR: dir,
    NATS_CLUSTER_PORTS: ports.join(','),
    NATS_CLUSTER_ROUTE_PORTS: [r1, r2, r3].join(','),
    NATS_CLUSTER_NAME: `cp-${c1}`,
  };
  const script = (name: string) => join(root, 'deploy/local/nats-cluster', name);
  const sh = async (name: string, ...args: string[]) => {
    try {
      return (await run('bash', [script(name), ...args], { env })).stdout.trim();
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      throw new Error(`nats-cluster/${name} ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
    }
  };
  const node = (n: number) => {
    if (![1, 2, 3].includes(n)) throw new RangeError(`no node ${n} (nodes are 1, 2, 3)`);
    return String(n);
  };
  const stop = trackOpen(async () => {
    await sh('stop.sh', '--purge');
  });
  try {
    const url = await sh('start.sh');
    await waitForJetStream(url);
    return {
      url,
      ports,
      dir,
      killNode: async (n) => void (await sh('stop.sh', '--kill', node(n))),
      stopNode: async (n) => void (await sh('stop.sh', node(n))),
      startNode: async (n) => {
        await (n === undefined ? sh('start.sh') : sh('start.sh', node(n)));
        await waitForJetStream(url);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
