import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ChargerAuthLookupRequest,
  ChargerAuthorizeRequest,
  ChargerCredentialsRehashRequest,
  DeadlineCallReply,
  ChargerFact,
  NotFoundError,
  streams,
  subjects,
  TransactionStartRequest,
  type ChargerAuthLookupReply,
  type ChargerAuthorizeReply,
  type TransactionStartReply,
} from '@chargeplane/contracts-api';
import { loadConfig } from '@chargeplane/platform-config';
import { NatsBus } from '@chargeplane/platform-messaging';
import { createLogger, createMetricsRegistry } from '@chargeplane/platform-observability';
import { CredentialHasher } from '@chargeplane/platform-security';
import type { Subscription } from '@nats-io/transport-node';
import { RPCClient } from 'ocpp-rpc';
import type { Registry } from 'prom-client';
import type { TransactionStart } from '../src/charger-calls/charger-services.js';
import { EdgeConfigSchema, type EdgeConfig } from '../src/config.schema.js';
import { startEdge, type RunningEdge } from '../src/start-edge.js';

/** ocpp-rpc's options type is not exported from the package root. */
type RPC_ClientOptions = ConstructorParameters<typeof RPCClient>[0];

/** Where the suite's NATS is and the prefix that isolates its run (from `provideInfra`). */
export interface HarnessInfra {
  readonly natsUrl: string;
  readonly runId: string;
}

/** The profile-command side the tests stand in for, answering over real NATS. */
export interface ProfileCommandStub {
  /** What `charger.authorize` answers for an idTag. */
  authorize: (idTag: string) => ChargerAuthorizeReply;
  /** What `charger.transaction.start` answers; throw to make it fail. */
  startTransaction: (request: TransactionStart) => TransactionStartReply;
  heartbeatIntervalSeconds: number;
}

/**
 * An in-process edge on real NATS (a per-run prefix), with the services it depends on stubbed on the test's own
 * connection, and helpers to play chargers (`ocpp-rpc`) and the CSMS (`cp.{id}.call`).
 */
/** The pepper of the edge under test (CREDENTIAL_PEPPER). */
export const HARNESS_PEPPER = 'edge-harness-pepper-0123456789abcdef';

export class EdgeHarness {
  readonly #credentials = new Map<string, ChargerAuthLookupReply>();
  /** Hashes as profile-command makes them, with the edge's pepper. */
  readonly credentials = new CredentialHasher({ current: HARNESS_PEPPER });
  /** Every `charger.credentials.rehash` the edge asked for, in order. */
  readonly rehashRequests: ChargerCredentialsRehashRequest[] = [];
  /** `charger.auth.lookup` requests answered so far. */
  lookups = 0;
  readonly #clients = new Set<RPCClient>();
  #nextTransactionId = 1;
  readonly stub: ProfileCommandStub = {
    authorize: (idTag) => ({ idTagInfo: { status: idTag.startsWith('BLOCKED') ? 'Blocked' : 'Accepted' } }),
    startTransaction: () => ({ transactionId: this.#nextTransactionId++, idTagInfo: { status: 'Accepted' } }),
    heartbeatIntervalSeconds: 300,
  };

  private constructor(
    readonly bus: NatsBus,
    private readonly edgeBus: NatsBus,
    readonly edge: RunningEdge,
    readonly registry: Registry,
    private readonly services: Subscription[],
    /** The edge's spool directory; removed at stop when the harness made it. */
    readonly spoolDir: string,
    private readonly ownSpool: boolean,
  ) {}

  static async start(infra: HarnessInfra, overrides: Partial<EdgeConfig> = {}, serve = true): Promise<EdgeHarness> {
    const prefix = infra.runId;
    const bus = await NatsBus.connect({ url: infra.natsUrl, name: 'edge-test', prefix });
    await bus.ensureStreams([streams.ocppIn]);
    const edgeBus = await NatsBus.connect({ url: infra.natsUrl, name: 'edge-under-test', prefix });
    const base = loadConfig('ocpp-edge', EdgeConfigSchema, {
      NATS_URL: infra.natsUrl,
      NATS_PREFIX: prefix,
      CREDENTIAL_PEPPER: HARNESS_PEPPER,
    });
    const ownSpool = overrides.EDGE_SPOOL_DIR === undefined;
    const spoolDir = overrides.EDGE_SPOOL_DIR ?? (await mkdtemp(join(tmpdir(), 'edge-spool-')));
    const config: EdgeConfig = {
      ...base,
      EDGE_PORT: 0,
      EDGE_METRICS_PORT: 0,
      EDGE_HOST: '127.0.0.1',
      EDGE_ID: 'edge-test',
      FACT_PUBLISH_TIMEOUT_MS: 1_000,
      ...overrides,
      EDGE_SPOOL_DIR: spoolDir,
    };
    const registry = createMetricsRegistry('ocpp-edge');
    const log = createLogger('ocpp-edge', process.env['TEST_LOG_LEVEL'] ?? 'silent');
    const edge = await startEdge(config, { bus: edgeBus, log, registry, now: Date.now, newId: randomUUID });
    const harness: EdgeHarness = new EdgeHarness(bus, edgeBus, edge, registry, [], spoolDir, ownSpool);
    if (serve) harness.services.push(...harness.#serveProfileCommand());
    return harness;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.edge.port}/ocpp`;
  }

  /** Registers a charger in the stub directory with a chosen password (scrypt), as profile-command stores it. */
  async register(chargerId: string, password = `pw-${chargerId}-0123456789`, tenantId = 'tenant-a'): Promise<string> {
    const { credentialsHash } = await this.credentials.newChargerCredential(password);
    this.registerHash(chargerId, credentialsHash, tenantId);
    return password;
  }

  /** Registers a charger with a generated key (HMAC), as profile-command does without a chosen password. */
  async registerGenerated(chargerId: string, tenantId = 'tenant-a'): Promise<string> {
    const { password, credentialsHash } = await this.credentials.newChargerCredential();
    this.registerHash(chargerId, credentialsHash, tenantId);
    return password;
  }

  /** Registers a charger whose directory entry holds exactly this hash. */
  registerHash(chargerId: string, credentialsHash: string, tenantId = 'tenant-a'): void {
    this.#credentials.set(chargerId, {
      chargerId,
      tenantId,
      model: 'generic-ocpp16',
      credentialsHash,
      heartbeatIntervalSeconds: this.stub.heartbeatIntervalSeconds,
    });
  }

  /** The hash the stub directory holds for a charger. */
  storedHash(chargerId: string): string | undefined {
    return this.#credentials.get(chargerId)?.credentialsHash;
  }

  unregister(chargerId: string): void {
    this.#credentials.delete(chargerId);
  }

  /**
   * A strict `ocpp-rpc` charger, connected and (unless `sync` is false) reachable through `cp.{id}.call`: the edge
   * answers nothing before it has recorded `Connected` and subscribed, so one answered Heartbeat proves both.
   */
  async connect(
    chargerId: string,
    password: string,
    options: Partial<RPC_ClientOptions> = {},
    sync = true,
  ): Promise<RPCClient> {
    const client = new RPCClient({
      endpoint: this.url,
      identity: chargerId,
      password,
      protocols: ['ocpp1.6'],
      strictMode: true,
      reconnect: false,
      ...options,
    } as RPC_ClientOptions);
    this.#clients.add(client);
    await client.connect();
    if (sync) await client.call('Heartbeat', {});
    return client;
  }

  /** A CSMS call through NATS, exactly as profile-command's gateway sends it (with a `sendBy` for a budgeted write). */
  call(
    chargerId: string,
    action: string,
    payload: Record<string, unknown>,
    timeoutMs = 5_000,
    sendBy?: number,
  ): Promise<DeadlineCallReply> {
    return this.bus.request(
      subjects.chargerCall(chargerId),
      { action, payload, timeoutMs, ...(sendBy === undefined ? {} : { sendBy }) },
      DeadlineCallReply,
      timeoutMs + 3_000,
    );
  }

  /** Every fact of one charger in stream order, read back from JetStream. */
  async facts(chargerId: string): Promise<ChargerFact[]> {
    const stream = this.bus.stream(streams.ocppIn.name);
    const subjectStart = this.bus.subject(subjects.ocppIn(chargerId, ''));
    const info = await this.bus.jsm.streams.info(stream);
    const facts: ChargerFact[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
      const message = await this.bus.jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (message?.subject.startsWith(subjectStart)) facts.push(ChargerFact.parse(message.json()));
    }
    return facts;
  }

  async metrics(): Promise<string> {
    return this.registry.metrics();
  }

  async stop(): Promise<void> {
    // close() of a client that is already closing waits for its handlers, which a test may have left hanging.
    const cut = (client: RPCClient) => Promise.race([client.close({ force: true }), sleep(500)]).catch(() => undefined);
    await Promise.all([...this.#clients].map(cut));
    await this.edge.close();
    for (const subscription of this.services) subscription.unsubscribe();
    await this.bus.deleteStreams([streams.ocppIn]);
    await this.edgeBus.close();
    await this.bus.close();
    if (this.ownSpool) await rm(this.spoolDir, { recursive: true, force: true });
  }

  #serveProfileCommand(): Subscription[] {
    return [
      this.bus.serve(subjects.chargerAuth, ChargerAuthLookupRequest, async ({ chargerId }) => {
        this.lookups += 1;
        const entry = this.#credentials.get(chargerId);
        if (entry === undefined) throw new NotFoundError(`charger ${chargerId} is not registered`);
        return { ...entry, heartbeatIntervalSeconds: this.stub.heartbeatIntervalSeconds };
      }),
      // As profile-command applies it: only while the stored hash is still the one the edge checked.
      this.bus.serve(subjects.chargerCredentialsRehash, ChargerCredentialsRehashRequest, async (request) => {
        this.rehashRequests.push(request);
        const entry = this.#credentials.get(request.chargerId);
        if (entry === undefined || entry.credentialsHash !== request.previousHash) return { rehashed: false };
        this.#credentials.set(request.chargerId, { ...entry, credentialsHash: request.credentialsHash });
        return { rehashed: true };
      }),
      this.bus.serve(subjects.transactionStart, TransactionStartRequest, async (request) =>
        this.stub.startTransaction(request),
      ),
      this.bus.serve(subjects.chargerAuthorize, ChargerAuthorizeRequest, async ({ idTag }) =>
        this.stub.authorize(idTag),
      ),
    ];
  }
}
