// charger-sim fleet benchmark: a minimal OCPP server and the simulator fleet, each in its own process.
// For each fleet size: how fast the whole fleet connects and boots (chargers per second, all connections
// started at once) and the simulator's RSS per charger once every charger is up. Several runs, medians.
//
//   npm run build && node bench/charger-sim/fleet.bench.mjs [--sizes 1000,10000] [--runs 3]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('../../', import.meta.url).pathname;
const { values } = parseArgs({
  options: { sizes: { type: 'string' }, runs: { type: 'string' }, settle: { type: 'string' } },
});
const sizes = (values.sizes ?? '1000,10000').split(',').map(Number);
const runs = Number(values.runs ?? 3);
const settleMs = Number(values.settle ?? 5000);

function startServer() {
  const child = spawn(process.execPath, [join(root, 'bench/charger-sim/ocpp-server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.on('data', (chunk) => {
      const port = /PORT (\d+)/.exec(chunk.toString())?.[1];
      if (port) resolve({ child, port: Number(port) });
    });
  });
}

/** Runs the fleet until every charger booted, lets it settle, stops it with SIGTERM and returns its report. */
function runFleet(port, count) {
  const reportFile = join(mkdtempSync(join(tmpdir(), 'sim-bench-')), 'report.json');
  const args = [
    join(root, 'dist/apps/charger-sim/src/main.js'),
    '--url',
    `ws://127.0.0.1:${port}/ocpp`,
    '--count',
    String(count),
    '--password',
    'bench',
    '--connect-rate',
    '1000000',
    '--seed',
    'bench',
    '--summary-every',
    '1',
    '--log-level',
    'silent',
    '--report',
    reportFile,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stopping = false;
    const deadline = setTimeout(() => child.kill('SIGTERM'), 180_000);
    child.stderr.on('data', (chunk) => {
      const booted = [...chunk.toString().matchAll(/booted=(\d+)/g)].at(-1)?.[1];
      if (!stopping && Number(booted) === count) {
        stopping = true;
        setTimeout(() => child.kill('SIGTERM'), settleMs);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(deadline);
      if (code !== 0) return reject(new Error(`simulator exited with ${code}`));
      resolve(JSON.parse(readFileSync(reportFile, 'utf8')));
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const mb = (bytes) => Math.round(bytes / 1048576);

// The simulator process with a single charger: what every run pays before the first charger.
async function baselineRss() {
  const server = await startServer();
  try {
    return (await runFleet(server.port, 1)).rssBytes;
  } finally {
    server.child.kill('SIGTERM');
  }
}

const baseline = await baselineRss();
const rows = [];
for (const count of sizes) {
  const samples = [];
  for (let run = 1; run <= runs; run++) {
    const server = await startServer();
    try {
      const report = await runFleet(server.port, count);
      if (report.everBooted !== count || report.allBootedAfterMs === null)
        throw new Error(`only ${report.everBooted} booted`);
      const sample = {
        perSecond: Math.round(count / (report.allBootedAfterMs / 1000)),
        rssMb: mb(report.rssBytes),
        peakRssMb: mb(report.peakRssBytes),
        kbPerCharger: Math.round(report.rssBytes / 1024 / count),
        marginalKb: Math.round((report.rssBytes - baseline) / 1024 / count),
        p99Ms: report.latencyMs.p99,
      };
      samples.push(sample);
      process.stderr.write(`count=${count} run=${run} ${JSON.stringify(sample)}\n`);
    } finally {
      server.child.kill('SIGTERM');
    }
  }
  rows.push({
    count,
    perSecond: median(samples.map((s) => s.perSecond)),
    rssMb: median(samples.map((s) => s.rssMb)),
    peakRssMb: median(samples.map((s) => s.peakRssMb)),
    kbPerCharger: median(samples.map((s) => s.kbPerCharger)),
    marginalKb: median(samples.map((s) => s.marginalKb)),
    p99Ms: median(samples.map((s) => s.p99Ms)),
  });
}

console.log(
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${mb(totalmem())} MB RAM; median of ${runs} runs`,
);
console.log(`baseline (1 charger): ${mb(baseline)} MB RSS`);
console.log(
  '| chargers | connected+booted per s | RSS after boot (MB) | peak RSS (MB) | RSS / charger (KB) | above baseline / charger (KB) | p99 call latency (ms) |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const cells = [
    r.count.toLocaleString('en-GB'),
    r.perSecond,
    r.rssMb,
    r.peakRssMb,
    r.kbPerCharger,
    r.marginalKb,
    r.p99Ms,
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
