import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts } from '@chargeplane/platform-testing';
import { request, writeWithRetry } from './http.js';

/** One simulator process of the drill's fleet and the chargers it runs. */
export interface SimGroup {
  name: 'zappis' | 'generic' | 'slow';
  model: 'zappi' | 'generic-ocpp16';
  ids: string[];
  controlUrl: string;
  process: ChildProcess;
}

export interface Fleet {
  tenantKey: string;
  groups: SimGroup[];
  all: string[];
  zappis: string[];
  slow: string;
  controlUrlOf(id: string): string;
  stop(): Promise<void>;
}

export interface FleetInput {
  root: string;
  dir: string;
  prefix: string;
  chargers: number;
  seed: string;
  clockSpeed: number;
  /** Simulated time at real `epochMs` (the platform's CLOCK_EPOCH): sims start where the platform's clock is. */
  epochMs: number;
  apiUrls: string[];
  ocppUrls: string[];
  adminKey: string;
}

const pad = (i: number) => String(i).padStart(4, '0');

async function register(
  input: FleetInput,
  key: string,
  id: string,
  group: Pick<SimGroup, 'name' | 'model'>,
): Promise<string> {
  const { model } = group;
  const answer = await writeWithRetry<{ password?: string }>(input.apiUrls, '/v1/chargers', {
    method: 'POST',
    key,
    body: {
      chargerId: id,
      model,
      tags: ['drill', `drill-${model}`],
      ...(model === 'zappi' ? { jurisdiction: 'GB' } : {}),
    },
  });
  if (answer.status !== 201 || !answer.body.password)
    throw new Error(`registering ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.password;
}

/**
 * Registers the fleet through the API and starts it as three simulator processes (the way an operator runs them):
 * zappis (GB) on the first edge replica, generic OCPP 1.6 chargers on the second, and one generic charger that
 * answers the platform's profile writes 40 s late on its own (simulated) clock: past the 30 s a generic charger's call
 * may take, so each of its writes times out on the platform's clock and is settled by its late answer (L11). All
 * with scripted sessions (transactions, meter values), seeded.
 */
export async function startFleet(input: FleetInput, log: (line: string) => void): Promise<Fleet> {
  const tenant = await writeWithRetry<{ apiKey?: string }>(input.apiUrls, '/v1/tenants', {
    method: 'POST',
    key: input.adminKey,
    body: { name: `drill-${input.prefix}` },
  });
  const key = tenant.body.apiKey;
  if (tenant.status !== 201 || !key) throw new Error(`creating the drill's tenant: ${tenant.status}`);
  const generic = Math.max(1, Math.floor((input.chargers - 1) * 0.3));
  const zappiCount = input.chargers - 1 - generic;
  const plan: { name: SimGroup['name']; model: SimGroup['model']; ids: string[]; extra: string[]; edge: number }[] = [
    { name: 'zappis', model: 'zappi', ids: [], extra: ['--jurisdiction', 'GB'], edge: 0 },
    { name: 'generic', model: 'generic-ocpp16', ids: [], extra: [], edge: 1 },
    {
      name: 'slow',
      model: 'generic-ocpp16',
      ids: [`${input.prefix}S0001`],
      // Simulated seconds, like every time in the fleet: at clock ×K the answer comes 40/K real seconds later.
      extra: ['--answer-delay', 'SetChargingProfile=40', '--answer-delay', 'ClearChargingProfile=40'],
      edge: 0,
    },
  ];
  plan[0]!.ids = Array.from({ length: zappiCount }, (_, i) => `${input.prefix}Z${pad(i + 1)}`);
  plan[1]!.ids = Array.from({ length: generic }, (_, i) => `${input.prefix}G${pad(i + 1)}`);
  const passwords: Record<string, string> = {};
  for (const group of plan) for (const id of group.ids) passwords[id] = await register(input, key, id, group);
  const passwordsFile = join(input.dir, 'passwords.json');
  writeFileSync(passwordsFile, JSON.stringify(passwords));
  const ports = await freePorts(plan.length);
  const groups: SimGroup[] = plan.map((group, i) => {
    const simStart = new Date(input.epochMs + (Date.now() - input.epochMs) * input.clockSpeed).toISOString();
    const fleetArgs =
      group.name === 'slow'
        ? ['--id', group.ids[0]!]
        : ['--count', String(group.ids.length), '--id-prefix', `${input.prefix}${group.name === 'zappis' ? 'Z' : 'G'}`];
    const args = [
      join(input.root, 'dist/apps/charger-sim/src/main.js'),
      '--url',
      input.ocppUrls[group.edge % input.ocppUrls.length]!,
      ...fleetArgs,
      '--model',
      group.model,
      '--passwords-file',
      passwordsFile,
      '--sessions',
      '--session-minutes',
      String(input.clockSpeed * 1.5),
      '--idle-minutes',
      String(input.clockSpeed),
      '--clock-speed',
      String(input.clockSpeed),
      '--sim-start',
      simStart,
      '--seed',
      `${input.seed}-${group.name}`,
      '--control-port',
      String(ports[i]),
      '--summary-every',
      '0',
      '--log-level',
      'warn',
      ...group.extra,
    ];
    const out = createWriteStream(join(input.dir, `sim-${group.name}.log`), { flags: 'a' });
    const child = spawn(process.execPath, args, { cwd: input.root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    child.once('exit', (code, signal) => log(`drill: simulator ${group.name} exited (${signal ?? code})`));
    return {
      name: group.name,
      model: group.model,
      ids: group.ids,
      controlUrl: `http://127.0.0.1:${ports[i]}`,
      process: child,
    };
  });
  const byId = new Map(groups.flatMap((g) => g.ids.map((id) => [id, g.controlUrl] as const)));
  return {
    tenantKey: key,
    groups,
    all: [...byId.keys()],
    zappis: groups.filter((g) => g.model === 'zappi').flatMap((g) => g.ids),
    slow: plan[2]!.ids[0]!,
    controlUrlOf: (id) => byId.get(id)!,
    stop: async () => {
      await Promise.all(
        groups.map(
          (g) =>
            new Promise<void>((resolve) => {
              if (g.process.exitCode !== null || g.process.signalCode !== null) return resolve();
              g.process.once('exit', () => resolve());
              g.process.kill('SIGTERM');
              setTimeout(() => g.process.kill('SIGKILL'), 10_000).unref();
            }),
        ),
      );
    },
  };
}

/** Control API of the simulator holding `id`. */
export async function control<T = unknown>(fleet: Fleet, id: string, view: string, post?: object): Promise<T> {
  const url = `${fleet.controlUrlOf(id)}/chargers/${encodeURIComponent(id)}${view ? `/${view}` : ''}`;
  const answer = await request<T>(url, post ? { method: 'POST', body: post } : { method: 'GET' });
  if (answer.status < 200 || answer.status >= 300) throw new Error(`simulator ${url}: ${answer.status}`);
  return answer.body;
}

/** How many of the fleet's chargers are connected and booted, as the simulators see it. */
export async function connectedCount(fleet: Fleet): Promise<number> {
  let n = 0;
  for (const g of fleet.groups) {
    const answer = await request<{ id: string; connected: boolean }[]>(`${g.controlUrl}/chargers`, { method: 'GET' });
    if (answer.status === 200) n += answer.body.filter((c) => c.connected).length;
  }
  return n;
}
