// The profile-command side of the edge benchmark: its three request/reply services (auth lookup, Authorize,
// StartTransaction) answered by a small NATS responder in the benchmark process, on the run's own prefix.
import { randomBytes, scrypt as scryptCb } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dist } from '../lib/bench-utils.mjs';

const { NatsBus } = await import(dist('node_modules/@chargeplane/platform-messaging/index.js'));
const { streams, subjects, ChargerAuthLookupRequest, ChargerAuthorizeRequest, TransactionStartRequest, NotFoundError } =
  await import(dist('node_modules/@chargeplane/contracts-api/index.js'));
const { CredentialHasher } = await import(dist('node_modules/@chargeplane/platform-security/index.js'));
const { fleetChargerIds } = await import(dist('apps/charger-sim/src/fleet/charger-ids.js'));

export const PASSWORD = 'bench-edge-password-0123456789';
/** The edge's CREDENTIAL_PEPPER in the benchmark (bench-processes.mjs passes it). */
export const BENCH_PEPPER = 'bench-edge-credential-pepper-0123456789';
const hasher = new CredentialHasher({ current: BENCH_PEPPER });
export const ID_PREFIX = 'EDGEB-';

const scrypt = promisify(scryptCb);
/** platform-security's legacy scrypt format, but N=16, r=1: verifying costs microseconds. Control runs only. */
async function cheapHash(secret) {
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, 32, { N: 16, r: 1, p: 1 });
  return `scrypt$16$1$1$${salt.toString('hex')}$${hash.toString('hex')}`;
}

/**
 * Starts the responder. Every charger whose id has the fleet prefix is registered. With `directory.hashes` (a map
 * id → hash) each charger has its own credential, as generated keys are (`generatedFleet`: a platform-generated key
 * each, stored as HMAC); otherwise all share `directory.hash` — a chosen password under scrypt, since hashing 10,000
 * of them would cost minutes and measure nothing new (the edge verifies each upgrade either way).
 * `directory.heartbeatIntervalSeconds` is what the next lookups answer; phases set these.
 */
export async function startDirectoryStub(natsUrl, prefix) {
  const realHash = (await hasher.newChargerCredential(PASSWORD)).credentialsHash;
  const controlHash = await cheapHash(PASSWORD);
  const directory = { hash: realHash, hashes: null, heartbeatIntervalSeconds: 300 };
  const files = mkdtempSync(join(tmpdir(), 'edge-bench-'));
  let nextTransactionId = 1;
  const bus = await NatsBus.connect({ url: natsUrl, name: 'edge-bench-services', prefix });
  const served = [
    bus.serve(subjects.chargerAuth, ChargerAuthLookupRequest, async ({ chargerId }) => {
      if (!chargerId.startsWith(ID_PREFIX)) throw new NotFoundError(`charger ${chargerId} is not registered`);
      return {
        chargerId,
        tenantId: 'tenant-bench',
        model: 'zappi',
        credentialsHash: directory.hashes?.get(chargerId) ?? directory.hash,
        heartbeatIntervalSeconds: directory.heartbeatIntervalSeconds,
      };
    }),
    bus.serve(subjects.transactionStart, TransactionStartRequest, async () => ({
      transactionId: nextTransactionId++,
      idTagInfo: { status: 'Accepted' },
    })),
    bus.serve(subjects.chargerAuthorize, ChargerAuthorizeRequest, async () => ({
      idTagInfo: { status: 'Accepted' },
    })),
  ];
  return {
    bus,
    directory,
    realHash,
    controlHash,
    /**
     * `count` chargers with a platform-generated key each (`CredentialHasher.newChargerCredential`, as registration
     * makes them): their hashes for the directory and a passwords file for the simulator.
     */
    async generatedFleet(count) {
      const hashes = new Map();
      const passwords = {};
      for (const id of fleetChargerIds(ID_PREFIX, 1, count)) {
        const { password, credentialsHash } = await hasher.newChargerCredential();
        hashes.set(id, credentialsHash);
        passwords[id] = password;
      }
      const passwordsFile = join(files, `passwords-${count}.json`);
      writeFileSync(passwordsFile, JSON.stringify(passwords));
      return { hashes, passwordsFile };
    },
    /** Facts in this run's OCPP_IN stream (published by the edge and acked by JetStream). */
    async storedFacts() {
      return (await bus.jsm.streams.info(bus.stream(streams.ocppIn.name))).state.messages;
    },
    /** Runs `fn` with a fresh OCPP_IN stream, deleted afterwards. */
    async withStream(fn) {
      await bus.ensureStreams([streams.ocppIn]);
      try {
        return await fn();
      } finally {
        await bus.deleteStreams([streams.ocppIn]);
      }
    },
    async close() {
      rmSync(files, { recursive: true, force: true });
      for (const s of served) s.unsubscribe();
      await bus.deleteStreams([streams.ocppIn]);
      await bus.close();
    },
  };
}
