import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as tcpConnect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A nats-server of the test's own (JetStream on, loopback, a free port, its store in a temporary folder), which the
 * test may stop and start again on the same port and store: a NATS outage without touching the machine's server.
 */
export class OwnNats {
  #process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly storeDir: string,
  ) {}

  static async start(): Promise<OwnNats> {
    const nats = new OwnNats(await freePort(), await mkdtemp(join(tmpdir(), 'own-nats-')));
    await nats.resume();
    return nats;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Kills the server at once (as a crash would). */
  async crash(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts the server again on the same port and store (unless it runs); resolves once it accepts connections. */
  async resume(): Promise<void> {
    if (this.#process !== undefined && this.#process.exitCode === null) return;
    const child = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir], {
      stdio: 'ignore',
    });
    this.#process = child;
    for (let waited = 0; !(await accepts(this.port)); waited += 100) {
      if (child.exitCode !== null || waited > 15_000) throw new Error(`nats-server did not start on ${this.port}`);
      await sleep(100);
    }
  }

  async stop(): Promise<void> {
    await this.crash();
    await rm(this.storeDir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}
