// What one credential check costs on this machine right now (platform-security's CredentialHasher): a chosen
// password's scrypt verification, serial and in parallel on the libuv threadpool, and a generated key's HMAC check.
// Every storm figure depends on them.
import { dist, load1, median, round } from '../lib/bench-utils.mjs';
import { BENCH_PEPPER, PASSWORD } from './directory-stub.mjs';

const { CredentialHasher } = await import(dist('node_modules/@chargeplane/platform-security/index.js'));
const hasher = new CredentialHasher({ current: BENCH_PEPPER });

export async function scryptCost(realHash) {
  const serial = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await hasher.verify(PASSWORD, realHash);
    serial.push(performance.now() - t0);
  }
  const n = 40;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, () => hasher.verify(PASSWORD, realHash)));
  const parallelMs = performance.now() - t0;
  const { password, credentialsHash } = await hasher.newChargerCredential();
  const hmacChecks = 10_000;
  const h0 = performance.now();
  for (let i = 0; i < hmacChecks; i++) await hasher.verify(password, credentialsHash);
  const hmacMs = performance.now() - h0;
  return {
    serialMsPerVerify: round(median(serial)),
    parallelVerifiesPerSecond: round((n / parallelMs) * 1000),
    hmacMicrosecondsPerVerify: round((hmacMs * 1000) / hmacChecks, 2),
    loadAvg1: load1(),
  };
}
