import { seededRandom } from '../../apps/charger-sim/src/clock/random-source.js';
import { request, writeWithRetry } from './http.js';

/**
 * A steady, seeded CPO workload over the HTTP API: PUT and DELETE of TxDefault profiles, bulk assignments by tag,
 * compliance changes, reads. Every write is retried with its Idempotency-Key until it has a definitive answer, and
 * `accepted` keeps what the platform acknowledged (per charger and profile id: the profile, or null once deleted).
 */
export interface WorkloadStats {
  requests: number;
  byOperation: Record<string, Record<string, number>>;
  /** Writes that had no definitive answer within the client's patience. */
  unanswered: number;
}

export interface Workload {
  stats: WorkloadStats;
  /** `chargerId → profileId → profile` the API acknowledged last (null: its deletion was acknowledged). */
  accepted: Map<string, Map<number, object | null>>;
  /** Resolves once the loop has ended (after `stop`) and every write in flight has its answer. */
  stop(): Promise<void>;
}

export interface WorkloadInput {
  apiUrls: string[];
  key: string;
  seed: string;
  chargers: string[];
  zappis: string[];
  /** Simulated now, for the profiles' startSchedule (a day back: the schedule is in force). */
  simNow: () => number;
  intervalMs: number;
}

/**
 * Profile ids and stack levels per model: a zappi takes stack level 0 only (one CPO default, id 100, also what the
 * bulk assignment sets); a generic charger takes two CPO profiles (100, 101) and a bulk one (102) on levels 0–2.
 */
const PLAN = {
  zappi: { ids: [100], bulkId: 100, tag: 'drill-zappi' },
  generic: { ids: [100, 101], bulkId: 102, tag: 'drill-generic-ocpp16' },
} as const;
const stackLevelOf = (model: keyof typeof PLAN, id: number) => (model === 'zappi' ? 0 : id - 100);

function txDefault(id: number, stackLevel: number, simNow: number, random: () => number): object {
  const periods = 1 + Math.floor(random() * 2);
  return {
    chargingProfileId: id,
    stackLevel,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      startSchedule: new Date(Math.floor(simNow / 86_400_000 - 1) * 86_400_000).toISOString(),
      chargingRateUnit: 'A',
      chargingSchedulePeriod: Array.from({ length: periods }, (_, i) => ({
        startPeriod: i * 3600,
        limit: 6 + Math.floor(random() * 26),
      })),
    },
  };
}

export function startWorkload(input: WorkloadInput): Workload {
  const random = seededRandom(`drill-workload\u0000${input.seed}`);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const stats: WorkloadStats = { requests: 0, byOperation: {}, unanswered: 0 };
  const accepted = new Map<string, Map<number, object | null>>();
  const inFlight = new Set<Promise<void>>();
  const count = (op: string, status: number, body?: unknown) => {
    stats.requests++;
    const ofOp = (stats.byOperation[op] ??= {});
    // A refusal is counted with its code (e.g. `422 SLOTS_EXCEEDED`): the platform said no before the device could.
    const code = status >= 400 && body && typeof body === 'object' ? (body as { code?: unknown }).code : undefined;
    const label = typeof code === 'string' ? `${status} ${code}` : String(status);
    ofOp[label] = (ofOp[label] ?? 0) + 1;
    if (status === 0 || status >= 500) stats.unanswered++;
  };
  const remember = (chargerId: string, id: number, profile: object | null) => {
    const ofCharger = accepted.get(chargerId) ?? new Map<number, object | null>();
    ofCharger.set(id, profile);
    accepted.set(chargerId, ofCharger);
  };
  const write = (op: string, path: string, method: string, body: unknown, onAccepted?: () => void) => {
    const p = writeWithRetry(input.apiUrls, path, { method, key: input.key, body }).then((answer) => {
      count(op, answer.status, answer.body);
      if (answer.status >= 200 && answer.status < 300) onAccepted?.();
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const zappis = new Set(input.zappis);
  const modelOf = (id: string) => (zappis.has(id) ? ('zappi' as const) : ('generic' as const));
  const step = () => {
    const roll = random();
    const charger = pick(input.chargers);
    const model = modelOf(charger);
    if (roll < 0.5) {
      const id = pick(PLAN[model].ids);
      const profile = txDefault(id, stackLevelOf(model, id), input.simNow(), random);
      const path = `/v1/chargers/${charger}/charging-profiles/${id}`;
      write('put-profile', path, 'PUT', { connectorId: 1, chargingProfile: profile }, () =>
        remember(charger, id, profile),
      );
    } else if (roll < 0.65) {
      const id = pick(PLAN[model].ids);
      const path = `/v1/chargers/${charger}/charging-profiles/${id}`;
      write('delete-profile', path, 'DELETE', undefined, () => remember(charger, id, null));
    } else if (roll < 0.72) {
      const { bulkId, tag } = PLAN[model];
      const profile = txDefault(bulkId, stackLevelOf(model, bulkId), input.simNow(), random);
      const body = { tag, connectorId: 1, chargingProfile: profile };
      write('bulk-assignment', '/v1/charging-profile-assignments', 'POST', body, () => {
        for (const id of input.chargers) if (modelOf(id) === model) remember(id, bulkId, profile);
      });
    } else if (roll < 0.85) {
      const zappi = pick(input.zappis);
      write('compliance', `/v1/chargers/${zappi}/compliance`, 'PUT', {
        jurisdiction: 'GB',
        randomisedDelay: { mode: random() < 0.5 ? 'device' : 'platform', maxDelaySeconds: 600 },
        offPeakDefault: { enabled: random() < 0.5 },
      });
    } else {
      const p = request(`${pick(input.apiUrls)}/v1/chargers/${charger}`, { method: 'GET', key: input.key }).then((a) =>
        count('read-twin', a.status),
      );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
  };
  const timer = setInterval(step, input.intervalMs);
  return {
    stats,
    accepted,
    stop: async () => {
      clearInterval(timer);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * A burst of requests no client should send: bodies over the size limit, malformed JSON, wrong types, unknown
 * routes, bad keys. Each must get a 4xx; returns how many got something else (a 5xx or no answer).
 */
export async function apiAbuse(
  apiUrls: readonly string[],
  key: string,
  chargerId: string,
): Promise<{ sent: number; not4xx: number; statuses: Record<string, number> }> {
  const huge = JSON.stringify({ connectorId: 1, chargingProfile: { pad: 'x'.repeat(2 * 1024 * 1024) } });
  const cases: { path: string; method: string; body?: string; key?: string }[] = [
    { path: `/v1/chargers/${chargerId}/charging-profiles/100`, method: 'PUT', body: huge },
    {
      path: `/v1/chargers/${chargerId}/charging-profiles/100`,
      method: 'PUT',
      body: '{"connectorId": 1, "chargingProfile": ',
    },
    { path: `/v1/chargers/${chargerId}/charging-profiles/100`, method: 'PUT', body: '{"connectorId": "one"}' },
    { path: `/v1/chargers/${chargerId}/charging-profiles/abc`, method: 'PUT', body: '{}' },
    {
      path: '/v1/charging-profile-assignments',
      method: 'POST',
      body: JSON.stringify({ tag: 'drill', chargerIds: ['x'] }),
    },
    { path: `/v1/chargers/${chargerId}/compliance`, method: 'PUT', body: '[]' },
    { path: '/v1/chargers', method: 'POST', body: huge },
    { path: `/v1/chargers/${chargerId}`, method: 'GET', key: 'not-a-key' },
  ];
  const statuses: Record<string, number> = {};
  let not4xx = 0;
  const sends = Array.from({ length: 5 }, () => cases).flat();
  await Promise.all(
    sends.map(async (c, i) => {
      const answer = await request(`${apiUrls[i % apiUrls.length]}${c.path}`, {
        method: c.method,
        key: c.key ?? key,
        ...(c.body === undefined ? {} : { body: c.body }),
      });
      statuses[String(answer.status)] = (statuses[String(answer.status)] ?? 0) + 1;
      if (answer.status < 400 || answer.status >= 500) not4xx++;
    }),
  );
  return { sent: sends.length, not4xx, statuses };
}
