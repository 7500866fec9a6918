import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChargerAuthLookupReply } from '@chargeplane/contracts-api';
import { AuthCache } from '@chargeplane/platform-config';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import { CredentialHasher } from '@chargeplane/platform-security';
import type { Registry } from 'prom-client';
import { WebSocketServer } from 'ws';
import { NatsChargerServices } from './charger-calls/nats-charger-services.js';
import type { EdgeConfig } from './config.schema.js';
import { CoalescedFlush } from './connection/coalesced-flush.js';
import { connectionFactory } from './connection/connection-factory.js';
import { ConnectionRegistry } from './connection/connection-registry.js';
import { EdgeHandover } from './connection/edge-handover.js';
import { EdgeMetrics } from './ops/edge-metrics.js';
import { effectiveBacklog, readSomaxconn } from './ops/listen-backlog.js';
import { NatsHealth } from './ops/nats-health.js';
import { opsServer } from './ops/ops-server.js';
import { UpgradeAuthenticator } from './upgrade/authenticate.js';
import { DurableFacts } from './spool/durable-facts.js';
import { FactSpool } from './spool/fact-spool.js';
import { ConcurrencyGate } from './upgrade/concurrency-gate.js';
import { FailureLimiter } from './upgrade/failure-limiter.js';
import { pickSubprotocol, upgradeHandler } from './upgrade/upgrade-handler.js';

/** What the edge runs on; `main.ts` passes the real ones, tests the same with their own NATS prefix. */
export interface EdgeDeps {
  readonly bus: NatsBus;
  readonly log: Logger;
  readonly registry: Registry;
  /** ms since the epoch. */
  readonly now: () => number;
  /** A fresh UUID (connection ids, fact ids, OCPP message ids). */
  readonly newId: () => string;
}

/** A started edge: the ports it listens on and its shutdown. */
export interface RunningEdge {
  readonly port: number;
  readonly metricsPort: number;
  /** Stops accepting, closes every charger socket with 1001 after recording its `Disconnected`; leaves NATS open. */
  close(): Promise<void>;
}

const SHUTDOWN = { code: 1001, text: 'server shutting down' } as const;
// Chargers get this long to answer the close handshake before their sockets are cut.
const CLOSE_GRACE_MS = 2_000;
const AUTH_CACHE_MAX_ENTRIES = 100_000;
// Directory lookups in flight at once. After an edge restart every charger's lookup comes at once; sent all together,
// the last ones waited behind thousands in the responders' queue until their timeout (503 at the upgrade).
const LOOKUPS_IN_FLIGHT = 256;
// Source addresses and charger ids with recent failed authentications held at most (about 100 bytes each).
const FAILURE_LIMITER_MAX_KEYS = 100_000;

/** Starts the OCPP-J endpoint (`/ocpp/{chargerId}`) and the ops endpoint. */
export async function startEdge(config: EdgeConfig, deps: EdgeDeps): Promise<RunningEdge> {
  const { bus, log, now } = deps;
  const metrics = new EdgeMetrics(deps.registry);
  const services = new NatsChargerServices(bus, config.SERVICE_TIMEOUT_MS);
  const registry = new ConnectionRegistry();
  // A storm's lookups wait here, not in profile-command's queue, where they would run into SERVICE_TIMEOUT_MS.
  const lookups = new ConcurrencyGate(LOOKUPS_IN_FLIGHT);
  const directory = new AuthCache<ChargerAuthLookupReply>(
    { ttlMs: config.AUTH_CACHE_SECONDS * 1000, maxEntries: AUTH_CACHE_MAX_ENTRIES },
    now,
    (chargerId) => lookups.run(() => services.lookupCharger(chargerId)),
  );
  const spool = await FactSpool.open(spoolDir(config), {
    maxBytes: config.EDGE_SPOOL_MAX_BYTES,
    maxMessages: config.EDGE_SPOOL_MAX_MESSAGES,
  });
  if (spool.discarded.length > 0) log.warn({ files: spool.discarded }, 'spool: unfinished writes of a crash removed');
  const durableFacts = new DurableFacts(
    bus,
    spool,
    config.FACT_PUBLISH_TIMEOUT_MS,
    log,
    now,
    deps.registry,
    config.CHARGER_PARTITIONS,
  );
  durableFacts.start();
  const flushes = new CoalescedFlush(() => bus.nc.flush());
  const flush = (): Promise<void> => flushes.run();
  const createConnection = connectionFactory({ ...deps, durableFacts, services, registry, config, metrics, flush });
  const handover = new EdgeHandover(bus, registry, config.EDGE_ID, log, flush);
  handover.start();
  let accepting = true;

  // perMessageDeflate stays off (also the ws default): compression would let a small frame inflate past
  // MAX_FRAME_BYTES checks only after the memory is spent, it keeps a zlib context per socket, and OCPP-J does not
  // need it.
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: config.MAX_FRAME_BYTES,
    handleProtocols: pickSubprotocol,
  });
  const server = chargerServer(config);
  server.on(
    'upgrade',
    upgradeHandler({
      wss,
      authenticator: new UpgradeAuthenticator({
        directory,
        verifications: new ConcurrencyGate(config.UV_THREADPOOL_SIZE),
        credentials: new CredentialHasher({
          current: config.CREDENTIAL_PEPPER,
          previous: config.CREDENTIAL_PEPPER_PREVIOUS,
        }),
        failures: {
          byAddress: new FailureLimiter({
            burst: config.AUTH_FAILURE_BURST_PER_ADDRESS,
            perMinute: config.AUTH_FAILURES_PER_MINUTE_PER_ADDRESS,
            maxKeys: FAILURE_LIMITER_MAX_KEYS,
          }),
          byCharger: new FailureLimiter({
            burst: config.AUTH_FAILURE_BURST_PER_CHARGER,
            perMinute: config.AUTH_FAILURES_PER_MINUTE_PER_CHARGER,
            maxKeys: FAILURE_LIMITER_MAX_KEYS,
          }),
        },
        now,
        rehash: (charger, credentialsHash) =>
          services
            .rehashCredentials({
              chargerId: charger.chargerId,
              previousHash: charger.credentialsHash,
              credentialsHash,
            })
            .then(({ rehashed }) => log.info({ chargerId: charger.chargerId, rehashed }, 'credentials rehashed'))
            .catch((err: unknown) => log.warn({ err, chargerId: charger.chargerId }, 'credentials rehash failed')),
      }),
      accepting: () => accepting,
      onCharger: (ws, charger) => {
        const connection = createConnection(ws, charger);
        registry
          .admit(connection)
          .then(() =>
            handover.announce({
              chargerId: connection.chargerId,
              edgeId: config.EDGE_ID,
              connectionId: connection.connectionId,
            }),
          )
          .then(() => connection.start())
          .catch((err: unknown) => log.error({ err, chargerId: charger.chargerId }, 'connection did not start'));
      },
      log,
      metrics,
    }),
  );

  // L4a: calls made while this edge was away from NATS found no subscriber and were answered `offline`; every open
  // connection says again that it is there (the platform ignores the repeat for a charger it still holds online).
  const nats = new NatsHealth(bus.nc, () => {
    const open = registry.all();
    log.warn({ connections: open.length }, 'NATS connection back: re-announcing every open charger connection');
    for (const c of open)
      c.reannounce().catch((err: unknown) =>
        log.error({ err, chargerId: c.chargerId }, 'could not re-announce a charger connection'),
      );
  });
  const ops = opsServer(deps.registry, () => accepting && nats.connected);
  // Kernel accept queue of the charger port. Node's default (511) overflows when a fleet reconnects at once (every
  // charger after an edge restart): the kernel drops the handshakes it cannot queue and clients resend their SYN.
  const { backlog, cappedBy } = effectiveBacklog(config.EDGE_LISTEN_BACKLOG, readSomaxconn());
  if (cappedBy !== null)
    log.warn(
      { requested: config.EDGE_LISTEN_BACKLOG, somaxconn: cappedBy },
      'listen backlog capped by net.core.somaxconn: a fleet reconnecting at once will wait on SYN retries',
    );
  const port = await listen(server, config.EDGE_PORT, config.EDGE_HOST, backlog);
  const metricsPort = await listen(ops, config.EDGE_METRICS_PORT, config.EDGE_METRICS_HOST ?? config.EDGE_HOST, 511);
  const keepAlive =
    config.PING_INTERVAL_SECONDS > 0
      ? setInterval(() => registry.all().forEach((c) => c.ping()), config.PING_INTERVAL_SECONDS * 1000)
      : undefined;
  log.info(
    {
      port,
      metricsPort,
      tls: config.TLS_CERT_FILE !== undefined,
      nats: bus.nc.info?.version,
      spool: { dir: spool.dir, ...spool.depth },
    },
    'ocpp-edge listening',
  );

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    accepting = false;
    handover.stop();
    if (keepAlive !== undefined) clearInterval(keepAlive);
    const stopped = closeServer(server);
    await Promise.all(registry.all().map((c) => c.end('edge shutting down', SHUTDOWN)));
    await waitForSockets(wss, CLOSE_GRACE_MS);
    for (const ws of wss.clients) ws.terminate();
    server.closeAllConnections();
    await Promise.all([stopped, closeServer(ops)]);
    // After the sockets: their Disconnected facts may still have gone to the spool.
    await durableFacts.stop();
    log.info({ spool: spool.depth }, 'ocpp-edge stopped');
  };
  return {
    port,
    metricsPort,
    close: () => (closing ??= close()),
  };
}

/** EDGE_SPOOL_DIR with its placeholders filled in, so replicas on one host get their own directory by default. */
export function spoolDir(config: Pick<EdgeConfig, 'EDGE_SPOOL_DIR' | 'EDGE_PORT' | 'EDGE_ID'>): string {
  return config.EDGE_SPOOL_DIR.replaceAll('{EDGE_PORT}', String(config.EDGE_PORT)).replaceAll(
    '{EDGE_ID}',
    config.EDGE_ID,
  );
}

function chargerServer(config: EdgeConfig): Server {
  const server =
    config.TLS_CERT_FILE !== undefined && config.TLS_KEY_FILE !== undefined
      ? createHttpsServer({ cert: readFileSync(config.TLS_CERT_FILE), key: readFileSync(config.TLS_KEY_FILE) })
      : createHttpServer();
  // Plain HTTP requests on the OCPP port are a client that forgot to upgrade.
  server.on('request', (_req, res) => res.writeHead(426, { Upgrade: 'websocket', Connection: 'Upgrade' }).end());
  return server;
}

function listen(server: Server, port: number, host: string, backlog: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog }, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function waitForSockets(wss: WebSocketServer, graceMs: number): Promise<void> {
  for (let waited = 0; wss.clients.size > 0 && waited < graceMs; waited += 50) await sleep(50);
}
