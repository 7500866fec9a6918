// Summarises V8 CPU profiles (`node --cpu-prof`): the functions with the most self time, as a share of the samples
// that were not idle, aggregated over every profile given (e.g. one per edge process of a benchmark), and the busy
// time of each profile. `--window FROM-TO` (µs of CLOCK_MONOTONIC, the profiles' own clock; repeatable) keeps only the
// samples taken inside the windows (e.g. the pushes of a benchmark, which stores them).
//
//   node bench/lib/cpu-profile-summary.mjs [--top 25] [--window FROM-TO]… file.cpuprofile…
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '25' }, window: { type: 'string', multiple: true, default: [] } },
  allowPositionals: true,
});
const windows = values.window.map((w) => w.split('-').map(Number));
const inWindow = (t) => windows.length === 0 || windows.some(([from, to]) => t >= from && t <= to);

const self = new Map();
let total = 0;
let idle = 0;
const perFile = [];
for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  let busy = 0;
  let t = profile.startTime;
  // timeDeltas[i] is the time before sample i: each sample stands for its own delta.
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (!inWindow(t)) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += dt;
      return;
    }
    total += dt;
    busy += dt;
    const where = url ? `${basename(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  perFile.push([basename(file), busy]);
}

const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
console.log(`busy ${(total / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s`);
for (const [file, us] of perFile) console.log(`  ${(us / 1e6).toFixed(2).padStart(7)} s busy  ${file}`);
for (const [key, us] of rows) console.log(`${((us / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
