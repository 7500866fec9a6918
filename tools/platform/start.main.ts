import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPlatform } from '@chargeplane/platform-testing';

const root = new URL('../../../', import.meta.url).pathname;
const env = process.env;
const apiPort = Number(env['API_PORT'] ?? 8080);
const edgePort = Number(env['EDGE_PORT'] ?? 9000);
const adminKey = env['CHARGEPLANE_ADMIN_KEY'] ?? `local-admin-${randomBytes(12).toString('hex')}`;
const demoChargers = Number(env['DEMO_CHARGERS'] ?? 3);

/**
 * CREDENTIAL_PEPPER from the environment, else the one kept in .local/credential-pepper (made on the first start):
 * chargers registered by an earlier start must still be able to connect (decision 0007).
 */
function credentialPepper(): string {
  const given = env['CREDENTIAL_PEPPER'];
  if (given !== undefined && given !== '') return given;
  const file = join(root, '.local/credential-pepper');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(join(root, '.local'), { recursive: true });
  const pepper = randomBytes(32).toString('base64');
  writeFileSync(file, `${pepper}\n`, { mode: 0o600 });
  return pepper;
}

async function post(url: string, key: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** `npm start`: the whole platform with a few simulated zappis registered and connected. Ctrl-C stops it. */
async function main(): Promise<void> {
  const logDir = join(root, '.local/logs');
  const platform = await startPlatform({
    root,
    natsUrl: env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
    natsPrefix: env['NATS_PREFIX'] ?? '',
    databaseUrl: env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/chargeplane',
    kafkaBrokers: env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    kafkaTopicPrefix: '',
    apiPort,
    edgePort,
    metricsPorts: { edge: 9464, twin: 9465, bridge: 9466, compliance: 9467 },
    adminKey,
    credentialPepper: credentialPepper(),
    logDir,
    // As an orchestrator would: a service that crashes is started again with back-off, and says when it is ready.
    supervise: true,
  });
  const tenant = await post(`${platform.apiUrl}/v1/tenants`, adminKey, { name: `demo-${new Date().toISOString()}` });
  const apiKey = String(tenant['apiKey']);
  const prefix = `DEMO${randomBytes(2).toString('hex').toUpperCase()}-`;
  const passwords: Record<string, string> = {};
  for (let i = 1; i <= demoChargers; i++) {
    const chargerId = `${prefix}${String(i).padStart(4, '0')}`;
    const answer = await post(`${platform.apiUrl}/v1/chargers`, apiKey, {
      chargerId,
      model: 'zappi',
      jurisdiction: 'GB',
      tags: ['demo'],
    });
    passwords[chargerId] = String(answer['password']);
  }
  const passwordsFile = join(root, '.local/demo-passwords.json');
  writeFileSync(passwordsFile, JSON.stringify(passwords, null, 2));
  const sim = spawn(
    process.execPath,
    [
      join(root, 'dist/apps/charger-sim/src/main.js'),
      '--url',
      platform.ocppUrl,
      '--count',
      String(demoChargers),
      '--id-prefix',
      prefix,
      '--passwords-file',
      passwordsFile,
      '--jurisdiction',
      'GB',
      '--control-port',
      '9100',
      '--state-dir',
      join(root, '.local/sim-state'),
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const first = Object.keys(passwords)[0]!;
  console.log(`
Chargeplane is running.
  Console         ${platform.apiUrl}/console/   (sign in with the tenant API key below)
  HTTP API        ${platform.apiUrl}   (OpenAPI: ${platform.apiUrl}/docs)
  OCPP endpoint   ${platform.ocppUrl}/{chargerId}   (subprotocol ocpp1.6, HTTP Basic)
  Simulator API   http://127.0.0.1:9100/chargers
  Logs            ${logDir}/   (a service that crashes is restarted with back-off; see the supervisor lines)
  Admin key       ${adminKey}
  Tenant API key  ${apiKey}
  Demo chargers   ${Object.keys(passwords).join(', ')}

Try:
  curl -s ${platform.apiUrl}/v1/chargers/${first} -H 'authorization: Bearer ${apiKey}'
  curl -s -X PUT ${platform.apiUrl}/v1/chargers/${first}/charging-profiles/100 -H 'authorization: Bearer ${apiKey}' \\
    -H 'content-type: application/json' -d @docs/examples/tx-default-profile.json

Press Ctrl-C to stop everything.
`);
  const shutdown = async () => {
    sim.kill('SIGTERM');
    await platform.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
