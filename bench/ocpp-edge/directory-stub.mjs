// The profile-command side of the edge benchmark: its three request/reply services (auth lookup, Authorize,
// StartTransaction) answered by a small NATS responder in the benchmark process, on the run's own prefix.
import { randomBytes, scrypt as scryptCb } from 'node:crypto';
import { promisify } from 'node:util';
import { dist } from '../lib/bench-utils.mjs';

const { NatsBus } = await import(dist('node_modules/@chargeplane/platform-messaging/index.js'));
const { streams, subjects, ChargerAuthLookupRequest, ChargerAuthorizeRequest, TransactionStartRequest, NotFoundError } =
  await import(dist('node_modules/@chargeplane/contracts-api/index.js'));
const { hashSecret } = await import(dist('node_modules/@chargeplane/platform-security/index.js'));

export const PASSWORD = 'bench-edge-password-0123456789';
export const ID_PREFIX = 'EDGEB-';

const scrypt = promisify(scryptCb);
/** Same format as platform-security's hashSecret, but N=16, r=1: verifying costs microseconds. Control runs only. */
async function cheapHash(secret) {
  const salt = randomBytes(16);
  const hash = await scrypt(secret, salt, 32, { N: 16, r: 1, p: 1 });
  return `scrypt$16$1$1$${salt.toString('hex')}$${hash.toString('hex')}`;
}

/**
 * Starts the responder. Every charger whose id has the fleet prefix is registered, all with one hash: hashing 10,000
 * distinct passwords would cost minutes and measure nothing new (the edge verifies each upgrade either way).
 * `directory.hash` and `directory.heartbeatIntervalSeconds` are what the next lookups answer; phases set them.
 */
export async function startDirectoryStub(natsUrl, prefix) {
  const realHash = await hashSecret(PASSWORD);
  const controlHash = await cheapHash(PASSWORD);
  const directory = { hash: realHash, heartbeatIntervalSeconds: 300 };
  let nextTransactionId = 1;
  const bus = await NatsBus.connect({ url: natsUrl, name: 'edge-bench-services', prefix });
  const served = [
    bus.serve(subjects.chargerAuth, ChargerAuthLookupRequest, async ({ chargerId }) => {
      if (!chargerId.startsWith(ID_PREFIX)) throw new NotFoundError(`charger ${chargerId} is not registered`);
      return {
        chargerId,
        tenantId: 'tenant-bench',
        model: 'zappi',
        credentialsHash: directory.hash,
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
      for (const s of served) s.unsubscribe();
      await bus.deleteStreams([streams.ocppIn]);
      await bus.close();
    },
  };
}
