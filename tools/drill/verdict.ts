import { publicContracts } from '@chargeplane/contracts-events';
import { topics } from '@chargeplane/contracts-api';
import type { RunningPlatform } from '@chargeplane/platform-testing';
import {
  checkAcknowledgedFacts,
  checkConvergence,
  checkKafka,
  checkNoRefusedWrites,
  checkRecovery,
  checkWriteBudget,
  verdictLine,
  type CheckResult,
  type ConvergenceView,
  type FaultOutcome,
} from './checks.js';
import { collectAudits, collectKafka, collectStoredEvents, convergenceView } from './collect.js';
import type { Fleet } from './fleet.js';
import type { DrillInfra } from './infra.js';
import type { Workload } from './workload.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function views(fleet: Fleet, platform: RunningPlatform): Promise<ConvergenceView[]> {
  const out: ConvergenceView[] = [];
  for (const id of fleet.all) out.push(await convergenceView(fleet, platform.apiUrl, id));
  return out;
}

export interface Settled {
  /** Real ms after the fault phase until every charger converged; null: not within the settle time. */
  convergedAfterMs: number | null;
  unconverged: number;
}

/** Waits (bounded) for every charger to converge: the platform gets its budget time to finish deferred writes. */
export async function settle(args: {
  fleet: Fleet;
  platform: RunningPlatform;
  infra: DrillInfra;
  settleMs: number;
  log: (line: string) => void;
}): Promise<Settled> {
  const start = Date.now();
  let unconverged = args.fleet.all.length;
  while (Date.now() - start < args.settleMs) {
    try {
      const check = checkConvergence(await views(args.fleet, args.platform));
      unconverged = check.figures['chargers']! - check.figures['converged']!;
      if (check.passed) {
        args.log(`drill: every charger converged ${((Date.now() - start) / 1000).toFixed(1)} s after the fault phase`);
        return { convergedAfterMs: Date.now() - start, unconverged: 0 };
      }
    } catch (error) {
      args.log(`drill: settle: ${error instanceof Error ? error.message : String(error)}`);
    }
    await sleep(5_000);
  }
  args.log(`drill: ${unconverged} chargers had not converged after ${args.settleMs / 1000} s`);
  return { convergedAfterMs: null, unconverged };
}

/**
 * Convergence as the verdict judges it, after the other sources were read: the platform goes on with its own work
 * (the off-peak default written again ahead of its horizon, a daily re-draw), and a write the device has just
 * accepted reaches the twin a moment later. So the three views are read again, every 5 s for up to a minute,
 * until they agree; a charger that never agrees in that time fails.
 */
async function finalConvergence(fleet: Fleet, platform: RunningPlatform): Promise<CheckResult> {
  let check = checkConvergence(await views(fleet, platform));
  for (let attempt = 0; !check.passed && attempt < 12; attempt++) {
    await sleep(5_000);
    check = checkConvergence(await views(fleet, platform));
  }
  return check;
}

/** Collects from the independent sources and runs every check; the one-line verdict names each outcome. */
export async function runChecks(args: {
  fleet: Fleet;
  platform: RunningPlatform;
  infra: DrillInfra;
  outcomes: FaultOutcome[];
  workload: Workload;
  settled: Settled;
  seed: string;
  log: (line: string) => void;
}): Promise<{ results: CheckResult[]; verdict: string; passed: boolean }> {
  const audits = await collectAudits(args.fleet);
  const events = await collectStoredEvents(args.infra.databaseUrl);
  const publicTypes = new Set(publicContracts.map((c) => c.name));
  args.log(`drill: ${events.length} stored events; reading Kafka`);
  // The bridge may still be forwarding the last events: read again (bounded) until nothing is lost.
  let kafka = checkKafka(events, publicTypes, []);
  for (let attempt = 0; attempt < 6; attempt++) {
    const records = await collectKafka(args.infra.kafkaBrokers, Object.values(topics), `drill-audit-${Date.now()}`);
    kafka = checkKafka(events, publicTypes, records);
    if (kafka.figures['lost'] === 0) break;
    await sleep(10_000);
  }
  const results = [
    checkNoRefusedWrites(audits),
    checkWriteBudget(audits.filter((a) => a.model === 'zappi')),
    await finalConvergence(args.fleet, args.platform),
    checkAcknowledgedFacts(audits, events),
    kafka,
    checkRecovery(args.outcomes),
  ];
  return {
    results,
    verdict: verdictLine(args.seed, results),
    passed: results.every((r) => r.passed),
  };
}
