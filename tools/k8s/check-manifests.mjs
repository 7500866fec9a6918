// CI check of the deployment manifests (`node tools/k8s/check-manifests.mjs`, a step of `npm test`):
//   1. renders every overlay in deploy/k8s/overlays with `kubectl kustomize` (offline, no cluster needed);
//   2. checks every rendered object against the Kubernetes API schemas (tools/k8s/schema-check.mjs);
//   3. checks the rules of deploy/k8s/README.md (tools/k8s/manifest-invariants.mjs): probes and resources on every
//      service, two replicas and RollingUpdate for the partitioned consumers, autoscalers for the edge and the API, …;
//   4. checks deploy/compose.yaml's healthchecks and start order (tools/k8s/compose-invariants.mjs);
//   5. checks deploy/observability's alert rules and dashboard: every metric registered by the code, every alert in
//      the runbook (tools/observability/metric-references.mjs).
// Exit 1 with every problem listed; exit 2 when kubectl is missing.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { checkObservability } from '../observability/metric-references.mjs';
import { composeViolations } from './compose-invariants.mjs';
import { invariantViolations, parseEnvFile } from './manifest-invariants.mjs';
import { schemaViolations } from './schema-check.mjs';

const root = new URL('../../', import.meta.url).pathname;
const overlaysDir = join(root, 'deploy/k8s/overlays');
/** Overlays whose generated Secret holds development values only. */
const DEV_OVERLAYS = new Set(['dev']);
const kubectl = process.env.KUBECTL ?? 'kubectl';

function kubectlVersion() {
  try {
    return execFileSync(kubectl, ['version', '--client'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')
      .find((line) => line.startsWith('Client Version'));
  } catch {
    console.error(
      `check-manifests: "${kubectl}" not found or not working. It renders deploy/k8s/overlays offline ` +
        '(kubectl kustomize, no cluster needed): install kubectl (https://kubernetes.io/docs/tasks/tools/, ' +
        'or apt-get install kubectl from the Kubernetes apt repository), or set KUBECTL to its path.',
    );
    process.exit(2);
  }
}

function render(overlay) {
  const text = execFileSync(kubectl, ['kustomize', join(overlaysDir, overlay)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${overlay}: unreadable YAML from kubectl: ${doc.errors[0].message}`);
      return doc.toJS();
    })
    .filter((object) => object !== null);
}

const version = kubectlVersion();
// Each app's process settings (deploy/<app>.env), which its container must carry unchanged.
const appEnvs = Object.fromEntries(
  readdirSync(join(root, 'deploy'))
    .filter((file) => file.endsWith('.env'))
    .map((file) => [file.slice(0, -'.env'.length), parseEnvFile(readFileSync(join(root, 'deploy', file), 'utf8'))]),
);
const overlays = readdirSync(overlaysDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const problems = [];
if (overlays.length === 0) problems.push(`no overlays in ${overlaysDir}`);

for (const overlay of overlays) {
  let objects;
  try {
    objects = render(overlay);
  } catch (error) {
    problems.push(`${overlay}: kubectl kustomize failed: ${String(error.stderr || error.message).trim()}`);
    continue;
  }
  const found = [
    ...(await schemaViolations(objects)),
    ...invariantViolations(objects, { appEnvs, secretsAllowed: DEV_OVERLAYS.has(overlay) }),
  ];
  problems.push(...found.map((p) => `${overlay}: ${p}`));
  const kinds = new Map();
  for (const o of objects) kinds.set(o.kind, (kinds.get(o.kind) ?? 0) + 1);
  const summary = [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
  console.log(`${overlay}: ${objects.length} objects (${summary}): ${found.length === 0 ? 'ok' : 'FAILED'}`);
}

const compose = composeViolations(parse(readFileSync(join(root, 'deploy/compose.yaml'), 'utf8'), { merge: true }));
console.log(`deploy/compose.yaml: ${compose.length === 0 ? 'ok' : 'FAILED'}`);
problems.push(...compose);

const observability = checkObservability(root);
console.log(`deploy/observability: ${observability.length === 0 ? 'ok' : 'FAILED'}`);
problems.push(...observability);

if (problems.length > 0) {
  console.error(
    `\n${problems.length} problem(s) in the deployment manifests:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  process.exit(1);
}
console.log(`deployment manifests ok (${version ?? 'kubectl'}; schemas: kubernetes-models)`);
