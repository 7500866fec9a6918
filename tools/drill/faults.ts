import type { RunningPlatform } from '@chargeplane/platform-testing';
import { checkConvergence, type FaultOutcome } from './checks.js';
import { convergenceView } from './collect.js';
import { connectedCount, control, type Fleet } from './fleet.js';
import { request, writeWithRetry } from './http.js';
import type { DrillInfra } from './infra.js';
import type { Fault } from './schedule.js';
import { apiAbuse } from './workload.js';

/** What a fault acts on. */
export interface FaultTargets {
  platform: RunningPlatform;
  infra: DrillInfra;
  fleet: Fleet;
  simNow: () => number;
  log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RECOVERY_LIMIT_MS = 5 * 60_000;

/**
 * The platform answers again end to end: every replica ready, every API replica serving a read, every charger
 * connected (as the simulators see it).
 */
export async function platformHealthy(t: FaultTargets): Promise<boolean> {
  const ready = await Promise.all(
    t.platform.replicas.map((r) => request(r.healthUrl, { method: 'GET', timeoutMs: 3_000 })),
  );
  if (ready.some((a) => a.status !== 200)) return false;
  const probe = t.fleet.all[0]!;
  const reads = await Promise.all(
    t.platform.apiUrls.map((u) =>
      request(`${u}/v1/chargers/${probe}`, { method: 'GET', key: t.fleet.tenantKey, timeoutMs: 5_000 }),
    ),
  );
  if (reads.some((a) => a.status !== 200)) return false;
  return (await connectedCount(t.fleet)) === t.fleet.all.length;
}

/** The slow charger holds what the CPO wants, and the twin says so (every profile in sync). */
async function slowChargerConverged(t: FaultTargets): Promise<boolean> {
  const twin = await request<{ profiles?: { sync: string }[] }>(`${t.platform.apiUrl}/v1/chargers/${t.fleet.slow}`, {
    method: 'GET',
    key: t.fleet.tenantKey,
  });
  if (twin.status !== 200 || (twin.body.profiles ?? []).some((p) => p.sync !== 'in-sync')) return false;
  return checkConvergence([await convergenceView(t.fleet, t.platform.apiUrl, t.fleet.slow)]).passed;
}

/** Injects one fault; returns a condition that holds once the platform has recovered from it, and any problem seen. */
async function inject(fault: Fault, t: FaultTargets): Promise<{ recovered: () => Promise<boolean>; error?: string }> {
  const healthy = { recovered: () => platformHealthy(t) };
  switch (fault.kind) {
    case 'kill-replica': {
      const replica = t.platform.replicas.find((r) => r.name === fault.target);
      if (!replica?.process.kill('SIGKILL')) return { ...healthy, error: `no running replica ${fault.target}` };
      await sleep(1_000); // the supervisor has seen the exit: readiness below is the restarted process's
      return healthy;
    }
    case 'nats-node-restart': {
      await t.infra.nats.killNode(Number(fault.target));
      await sleep(5_000);
      await t.infra.nats.startNode(Number(fault.target));
      return healthy;
    }
    case 'nats-cluster-restart': {
      for (const n of [1, 2, 3]) await t.infra.nats.stopNode(n);
      await sleep(2_000);
      await t.infra.nats.startNode();
      return healthy;
    }
    case 'postgres-restart':
      await t.infra.restartPostgres();
      return healthy;
    case 'kafka-restart':
      await t.infra.restartKafka();
      return healthy;
    case 'connection-storm': {
      await Promise.all(t.fleet.all.map((id) => control(t.fleet, id, 'offline', {})));
      await sleep(2_000);
      await Promise.all(t.fleet.all.map((id) => control(t.fleet, id, 'online', {})));
      return healthy;
    }
    case 'slow-charger': {
      // A write to the charger that answers 40 s late: recovered once device, twin and desired agree on it.
      const profileId = 100;
      const answer = await writeWithRetry(
        t.platform.apiUrls,
        `/v1/chargers/${t.fleet.slow}/charging-profiles/${profileId}`,
        {
          method: 'PUT',
          key: t.fleet.tenantKey,
          body: {
            connectorId: 1,
            chargingProfile: {
              chargingProfileId: profileId,
              stackLevel: 0,
              chargingProfilePurpose: 'TxDefaultProfile',
              chargingProfileKind: 'Absolute',
              chargingSchedule: {
                startSchedule: new Date(Math.floor(t.simNow() / 86_400_000 - 1) * 86_400_000).toISOString(),
                chargingRateUnit: 'A',
                chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 + (fault.atMs % 20) }],
              },
            },
          },
        },
      );
      if (answer.status !== 202) return { ...healthy, error: `the write to the slow charger got ${answer.status}` };
      return { recovered: async () => (await slowChargerConverged(t)) && (await platformHealthy(t)) };
    }
    case 'api-abuse': {
      const result = await apiAbuse(t.platform.apiUrls, t.fleet.tenantKey, t.fleet.all[0]!);
      t.log(`drill: api-abuse: ${result.sent} bad requests, statuses ${JSON.stringify(result.statuses)}`);
      return result.not4xx > 0
        ? {
            ...healthy,
            error: `${result.not4xx} of ${result.sent} bad requests got no 4xx (${JSON.stringify(result.statuses)})`,
          }
        : healthy;
    }
  }
}

/** Injects `fault` and measures how long the platform takes to recover (polling); never throws. */
export async function runFault(fault: Fault, t: FaultTargets): Promise<FaultOutcome> {
  const started = Date.now();
  t.log(`drill: fault ${fault.kind}${fault.target ? ` ${fault.target}` : ''}`);
  let injected: Awaited<ReturnType<typeof inject>>;
  try {
    injected = await inject(fault, t);
  } catch (error) {
    return {
      ...fault,
      recoveredAfterMs: null,
      error: `injection failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  while (Date.now() - started < RECOVERY_LIMIT_MS) {
    if (await injected.recovered().catch(() => false)) {
      const recoveredAfterMs = Date.now() - started;
      t.log(`drill: recovered from ${fault.kind} after ${(recoveredAfterMs / 1000).toFixed(1)} s`);
      return { ...fault, recoveredAfterMs, ...(injected.error ? { error: injected.error } : {}) };
    }
    await sleep(500);
  }
  return { ...fault, recoveredAfterMs: null, ...(injected.error ? { error: injected.error } : {}) };
}
