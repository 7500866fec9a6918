import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  appRuntimeEnv,
  provideInfra,
  runToCompletion,
  TEST_CREDENTIAL_PEPPER,
  trackOpen,
  type TestInfra,
} from '@chargeplane/platform-testing';

const root = new URL('../../../', import.meta.url).pathname;
export const adminKey = 'admin-key-for-cli-tests-0123456789';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

export interface RunningApi {
  url: string;
  infra: TestInfra;
  stop(): Promise<void>;
}

/**
 * profile-command as it runs in production (the built app, `npm run build` first, as `npm test` does) on this
 * run's own schema and NATS prefix, listening on a free loopback port: the CLI talks to it over real HTTP.
 */
export async function startApi(): Promise<RunningApi> {
  const infra = await provideInfra({ postgres: true, nats: true });
  const port = await freePort();
  const env = {
    ...process.env,
    NATS_URL: infra.natsUrl,
    NATS_PREFIX: infra.runId,
    DATABASE_URL: infra.databaseUrl,
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    CHARGEPLANE_ADMIN_KEY: adminKey,
    CREDENTIAL_PEPPER: TEST_CREDENTIAL_PEPPER,
    LOG_LEVEL: 'warn',
  };
  await runToCompletion(root, 'dist/tools/provision/provision.main.js', env);
  const child = spawn(process.execPath, [join(root, 'dist/apps/profile-command/src/main.js')], {
    env: appRuntimeEnv(root, 'profile-command', env),
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = trackOpen(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await infra.stop();
  });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 200))) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`profile-command exited with ${child.exitCode} while starting`);
    }
    if (
      await fetch(`${url}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error('profile-command did not become ready in 60 s');
    }
  }
  return { url, infra, stop };
}
