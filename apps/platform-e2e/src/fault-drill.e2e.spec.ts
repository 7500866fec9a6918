import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './e2e-harness.js';

const FAULT_KINDS = [
  'kill-replica',
  'nats-node-restart',
  'nats-cluster-restart',
  'postgres-restart',
  'kafka-restart',
  'connection-storm',
  'slow-charger',
  'api-abuse',
];

interface DrillReport {
  verdict: string;
  faults: { kind: string; recoveredAfterMs: number | null }[];
  checks: { name: string; passed: boolean; failures: string[] }[];
}

// The short fault drill (README "Fault drill"): three minutes of faults of every kind against two replicas of every
// service on the drill's own NATS cluster, PostgreSQL and Kafka; every check must pass. `npm run drill` runs it by
// hand with any seed, length and fleet.
describe('fault drill (3 minutes, every fault kind)', () => {
  let drill: ChildProcess | undefined;
  /** The drill's run directory (logs, report): removed after a pass, kept after a failure for a person to read. */
  let out: string | undefined;
  let passed = false;
  afterAll(async () => {
    if (out && passed) rmSync(out, { recursive: true, force: true });
    if (drill && drill.exitCode === null) {
      const gone = new Promise((r) => drill!.once('exit', r));
      drill.kill('SIGTERM');
      await gone;
    }
  });

  it('passes every check and recovers from every fault', async () => {
    out = mkdtempSync(join(tmpdir(), 'cp-drill-'));
    const args = ['--minutes', '3', '--chargers', '8', '--seed', 'ci-1', '--clock-speed', '30', '--out', out];
    let output = '';
    const code = await new Promise<number | null>((resolve) => {
      drill = spawn(process.execPath, [join(root, 'dist/tools/drill/drill.main.js'), ...args], { cwd: root });
      drill.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      drill.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      drill.once('exit', (c) => resolve(c));
    });
    const reportFile = join(out, 'latest.json');
    expect(existsSync(reportFile), `the drill wrote no report (exit ${code}):\n${output.slice(-4000)}`).toBe(true);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as DrillReport;
    expect(new Set(report.faults.map((f) => f.kind))).toEqual(new Set(FAULT_KINDS));
    expect(
      report.checks.filter((c) => !c.passed),
      `the run's report and logs are kept in ${out}\n${output.slice(-4000)}`,
    ).toEqual([]);
    expect(report.verdict).toMatch(/^drill PASS \(seed ci-1\)/);
    expect(code).toBe(0);
    passed = true;
  }, 1_500_000);
});
