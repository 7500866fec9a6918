import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aTxDefaultProfileBody } from '@chargeplane/platform-testing';
import { adminKey, startApi, type RunningApi } from './api-process.spec-support.js';
import { runCli } from './cli.js';

/** The CLI in-process against the running API, its output captured (not a terminal: progress as lines). */
async function cli(argv: string[], env: Record<string, string>, cwd: string) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, {
    env,
    cwd,
    stdout: { write: (t) => stdout.push(t) > 0 },
    stderr: { write: (t) => stderr.push(t) > 0 },
    signal: new AbortController().signal,
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 100))),
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('chargeplane CLI against a running profile-command', () => {
  let api: RunningApi;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    api = await startApi();
    dir = await mkdtemp(join(tmpdir(), 'chargeplane-cli-'));
    const tenant = await fetch(`${api.url}/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'cli' }),
    }).then((r) => r.json() as Promise<{ apiKey: string }>);
    env = { CHARGEPLANE_API_URL: api.url, CHARGEPLANE_API_KEY: tenant.apiKey };
  });
  afterAll(async () => {
    await api?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('register --csv', () => {
    it('registers the good rows, lists the bad ones by line, and writes the credentials once to a new 0600 file', async () => {
      await writeFile(
        join(dir, 'fleet.csv'),
        'chargerId,model,tags\nCLI-1,zappi,depot-a\nCLI-2,zappi,depot-a\nCLI-3,tesla,depot-a\nCLI-4,generic-ocpp16,depot-a\n',
      );
      const run = await cli(['register', '--csv', 'fleet.csv'], env, dir);
      expect(run.stderr).toContain('line 4: CLI-3 UNKNOWN_MODEL: model: ');
      expect(run.stdout).toMatch(
        /^registered 3 of 4 chargers; 1 rows failed \(listed above\); credentials \(shown once\) in .*fleet\.credentials\.csv\n$/,
      );
      expect(run.code).toBe(1);
      const out = join(dir, 'fleet.credentials.csv');
      expect((await stat(out)).mode & 0o777).toBe(0o600);
      const lines = (await readFile(out, 'utf8')).trim().split('\n');
      expect(lines[0]).toBe('chargerId,ocppUrl,password');
      expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['CLI-1', 'CLI-2', 'CLI-4']);
      expect(lines[1]).toMatch(/^CLI-1,ws:\/\/\S+\/CLI-1,[0-9a-f]{40}$/);
    });

    it('refuses to overwrite a credentials file, before registering anything', async () => {
      await writeFile(join(dir, 'more.csv'), 'chargerId,model\nCLI-9,zappi\n');
      await writeFile(join(dir, 'taken.csv'), 'keep me');
      const run = await cli(['register', '--csv', 'more.csv', '--out', 'taken.csv'], env, dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/taken\.csv exists: credentials are written to a new file only/);
      const again = await cli(['register', '--csv', 'more.csv'], env, dir);
      expect(again.stdout).toMatch(/^registered 1 of 1 chargers;/);
    });

    it('names the line of a file it cannot read, and registers nothing of it', async () => {
      await writeFile(join(dir, 'broken.csv'), 'chargerId,model\nCLI-20,zappi\n"CLI-21,zappi\n');
      const run = await cli(['register', '--csv', 'broken.csv'], env, dir);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/broken\.csv: line 3: a quoted field opened on this line is never closed/);
      const single = await cli(['register', '--csv', 'more.csv', '--out', 'again.csv'], env, dir);
      expect(single.stderr).toContain('CLI-9 ALREADY_REGISTERED');
    });
  });

  describe('assign', () => {
    const profileFile = () => writeFile(join(dir, 'profile.json'), JSON.stringify(aTxDefaultProfileBody(7)));

    it('assigns to a tag and follows the progress endpoint until it gives up on chargers still offline', async () => {
      await profileFile();
      const run = await cli(['assign', '--profile', 'profile.json', '--tag', 'depot-a', '--timeout', '5'], env, dir);
      expect(run.stdout).toMatch(/^assignment asg_[0-9a-f-]{36}: 3 chargers\n/);
      // Off a terminal: a line per tenth of the way, and the state it stopped at (no charger is connected: none
      // gets further than awaiting its connection, however long it runs).
      expect(run.stderr).toMatch(/^assigning \[░+\]   0% 0\/3 (pending|awaiting-connection) 3\n$/m);
      expect(run.stdout).toMatch(
        /0 of 3 answered; 3 still under way \((pending|awaiting-connection) 3\): the platform keeps going/,
      );
      expect(run.code).toBe(1);
    });

    it('draws the bar to the end and lists each charger that could not take the profile', async () => {
      await profileFile();
      const run = await cli(['assign', '--profile', 'profile.json', '--chargers', 'CLI-404,CLI-405'], env, dir);
      expect(run.stderr).toMatch(/\] 100% 2\/2 not-found 2\n/);
      expect(run.stderr).toContain('CLI-404: not-found (NOT_FOUND)\nCLI-405: not-found (NOT_FOUND)\n');
      expect(run.stdout).toMatch(/0 of 2 confirmed; 2 not \(listed above\)\n$/);
      expect(run.code).toBe(1);
    });
  });

  describe('configuration', () => {
    it('says which key is missing, and which URL cannot be reached', async () => {
      const noKey = await cli(['register', '--csv', 'fleet.csv'], { CHARGEPLANE_API_URL: api.url }, dir);
      expect(noKey).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('no API key: pass --api-key KEY or set CHARGEPLANE_API_KEY'),
      });
      await writeFile(join(dir, 'one.csv'), 'chargerId,model\nCLI-30,zappi\n');
      const down = await cli(['register', '--csv', 'one.csv', '--api-url', 'http://127.0.0.1:9'], env, dir);
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(
        /cannot reach the API at http:\/\/127\.0\.0\.1:9 .*Set --api-url or CHARGEPLANE_API_URL/,
      );
    });
  });
});
