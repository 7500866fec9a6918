// What one scrypt verification (platform-security's parameters) costs on this machine right now: serial latency and
// parallel throughput on the libuv threadpool. Every storm figure depends on it.
import { dist, load1, median, round } from '../lib/bench-utils.mjs';
import { PASSWORD } from './directory-stub.mjs';

const { verifySecret } = await import(dist('node_modules/@chargeplane/platform-security/index.js'));

export async function scryptCost(realHash) {
  const serial = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await verifySecret(PASSWORD, realHash);
    serial.push(performance.now() - t0);
  }
  const n = 40;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, () => verifySecret(PASSWORD, realHash)));
  const parallelMs = performance.now() - t0;
  return {
    serialMsPerVerify: round(median(serial)),
    parallelVerifiesPerSecond: round((n / parallelMs) * 1000),
    loadAvg1: load1(),
  };
}
