// The rules the rendered Kubernetes manifests must keep beyond their schemas (deploy/k8s/README.md). Pure: objects in,
// one sentence per broken rule out. tools/k8s/check-manifests.mjs renders the overlays and calls these.

/** May run N replicas: autoscaled, rolling updates. */
export const SCALABLE = ['ocpp-edge', 'profile-command'];
/**
 * Share their work by charger partition through leases (docs/architecture.md §7): a fixed number of replicas, at
 * least two (one takes over when the other dies), rolling updates (a rollout hands partitions over).
 */
export const PARTITIONED = ['device-twin', 'compliance-gb', 'kafka-bridge'];
/** The Services through which the apps reach the infrastructure (the ConfigMap and DATABASE_URL name them). */
export const EXTERNAL = ['chargeplane-nats', 'chargeplane-postgres', 'chargeplane-kafka'];
/** Created outside the repository in production (deploy/k8s/secret.example.yaml, components/edge-tls). */
export const SUPPLIED_SECRETS = ['chargeplane-secrets', 'ocpp-edge-tls'];
const PROVISION = 'dist/tools/provision/provision.main.js';

const named = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata?.name === name);
const podSpecOf = (o) => o.spec?.template?.spec;
const matches = (selector, labels) =>
  Object.entries(selector ?? {}).every(([key, value]) => (labels ?? {})[key] === value);

/** `KEY=VALUE` lines of an env file such as deploy/<app>.env (comments and blank lines skipped). */
export function parseEnvFile(text) {
  const env = {};
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const at = trimmed.indexOf('=');
    if (at > 0) env[trimmed.slice(0, at)] = trimmed.slice(at + 1);
  }
  return env;
}

/**
 * @param objects the rendered objects of one overlay
 * @param options.appEnvs per app, the variables of its deploy/<app>.env, which its container must carry unchanged
 * @param options.secretsAllowed whether the overlay may carry Secret objects (a dev overlay's generated values)
 */
export function invariantViolations(objects, { appEnvs = {}, secretsAllowed = false } = {}) {
  const problems = [];
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  const autoscalers = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
  const autoscaled = (name) =>
    autoscalers.filter((h) => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec.scaleTargetRef.name === name);

  for (const name of [...SCALABLE, ...PARTITIONED]) {
    if (!named(objects, 'Deployment', name)) problems.push(`${name}: no Deployment`);
  }
  for (const deployment of deployments) problems.push(...workloadProblems(objects, deployment));

  for (const name of PARTITIONED) {
    const deployment = named(objects, 'Deployment', name);
    if (!deployment) continue;
    if (!(deployment.spec?.replicas >= 2)) problems.push(`${name}: needs at least two replicas (one takes over)`);
    if (deployment.spec?.strategy?.type !== 'RollingUpdate') {
      problems.push(`${name}: needs strategy RollingUpdate, so that a rollout hands its partitions over`);
    }
    if (autoscaled(name).length > 0) {
      problems.push(`${name}: must not be autoscaled (its share is fixed by CHARGER_PARTITIONS)`);
    }
  }
  for (const name of SCALABLE) {
    const deployment = named(objects, 'Deployment', name);
    if (!deployment) continue;
    const hpas = autoscaled(name);
    if (hpas.length !== 1) problems.push(`${name}: needs one HorizontalPodAutoscaler, found ${hpas.length}`);
    else if (!(hpas[0].spec.minReplicas <= hpas[0].spec.maxReplicas)) {
      problems.push(`${name}: HorizontalPodAutoscaler minReplicas is above maxReplicas`);
    }
    if (deployment.spec?.replicas !== undefined) {
      problems.push(`${name}: sets replicas, which would reset its autoscaler's count at every apply`);
    }
  }

  for (const [app, env] of Object.entries(appEnvs)) {
    const deployment = named(objects, 'Deployment', app);
    const container = podSpecOf(deployment ?? {})?.containers?.[0];
    for (const [key, value] of Object.entries(env)) {
      const found = container?.env?.find((e) => e.name === key);
      if (deployment && found?.value !== value) {
        problems.push(`${app}: ${key} must be "${value}" as in deploy/${app}.env, found "${found?.value ?? ''}"`);
      }
    }
  }

  const provision = named(objects, 'Job', 'provision');
  if (!podSpecOf(provision ?? {})?.containers?.[0]?.command?.includes(PROVISION)) {
    problems.push(`no Job "provision" running ${PROVISION}`);
  } else {
    problems.push(...workloadProblems(objects, provision, { probes: false }));
  }

  for (const name of EXTERNAL) problems.push(...externalServiceProblems(objects, name));
  for (const service of objects.filter((o) => o.kind === 'Service' && o.spec?.selector)) {
    if (!deployments.some((d) => matches(service.spec.selector, d.spec?.template?.metadata?.labels))) {
      problems.push(`Service ${service.metadata.name}: its selector matches no Deployment's pods`);
    }
  }
  if (!secretsAllowed) {
    for (const secret of objects.filter((o) => o.kind === 'Secret')) {
      problems.push(`Secret ${secret.metadata?.name}: secret values do not belong in this overlay; create it outside`);
    }
  }
  return problems;
}

/** Probes, resources, non-root, a disruption budget and resolvable references of one Deployment or Job. */
function workloadProblems(objects, workload, { probes = true } = {}) {
  const problems = [];
  const name = `${workload.metadata?.name}`;
  const pod = podSpecOf(workload) ?? {};
  if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${name}: pod must set runAsNonRoot: true`);
  for (const container of pod.containers ?? []) {
    const where = `${name}/${container.name}`;
    const { requests = {}, limits = {} } = container.resources ?? {};
    for (const [kind, resource] of [
      ['requests', requests],
      ['limits', limits],
    ]) {
      for (const key of ['cpu', 'memory']) {
        if (resource[key] === undefined) problems.push(`${where}: no resources.${kind}.${key}`);
      }
    }
    if (container.securityContext?.allowPrivilegeEscalation !== false) {
      problems.push(`${where}: must set allowPrivilegeEscalation: false`);
    }
    if (!/:[^/:]+$/.test(container.image ?? '') || container.image.endsWith(':latest')) {
      problems.push(`${where}: image "${container.image}" needs a fixed tag (not latest)`);
    }
    if (probes) {
      for (const probe of ['readinessProbe', 'livenessProbe']) {
        if (!container[probe]) problems.push(`${where}: no ${probe}`);
      }
      problems.push(...opsAddressProblems(where, container));
      const ports = new Set((container.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
        const port = container[probe]?.httpGet?.port;
        if (port !== undefined && !ports.has(port)) problems.push(`${where}: ${probe} uses undeclared port ${port}`);
      }
    }
    for (const ref of container.envFrom ?? []) {
      if (ref.configMapRef && !named(objects, 'ConfigMap', ref.configMapRef.name)) {
        problems.push(`${where}: ConfigMap ${ref.configMapRef.name} is not rendered`);
      }
    }
    for (const ref of (container.env ?? []).map((e) => e.valueFrom?.secretKeyRef).filter(Boolean)) {
      const rendered = named(objects, 'Secret', ref.name);
      const supplied = SUPPLIED_SECRETS.some((s) => ref.name === s || ref.name.startsWith(`${s}-`));
      if (!rendered && !supplied) problems.push(`${where}: Secret ${ref.name} is neither rendered nor supplied`);
    }
  }
  if (workload.kind === 'Deployment') {
    const labels = workload.spec?.template?.metadata?.labels;
    const budgets = objects.filter(
      (o) => o.kind === 'PodDisruptionBudget' && matches(o.spec?.selector?.matchLabels, labels),
    );
    if (budgets.length === 0) problems.push(`${name}: no PodDisruptionBudget selects its pods`);
  }
  return problems;
}

/** Apps whose ops endpoints bind 127.0.0.1 unless their `<X>_METRICS_HOST` says otherwise. */
const LOOPBACK_BY_DEFAULT = ['TWIN', 'COMPLIANCE', 'BRIDGE'];

/** An httpGet probe (or a scrape) of such an app reaches it only when its metrics host is the pod's address. */
function opsAddressProblems(where, container) {
  const env = new Map((container.env ?? []).map((e) => [e.name, e.value]));
  const httpProbe = ['readinessProbe', 'livenessProbe', 'startupProbe'].some((p) => container[p]?.httpGet);
  const problems = [];
  for (const app of LOOPBACK_BY_DEFAULT) {
    if (!env.has(`${app}_METRICS_PORT`) || !httpProbe) continue;
    if (env.get(`${app}_METRICS_HOST`) !== '0.0.0.0')
      problems.push(`${where}: httpGet probes need ${app}_METRICS_HOST=0.0.0.0 (it binds 127.0.0.1 by default)`);
  }
  return problems;
}

function externalServiceProblems(objects, name) {
  const service = named(objects, 'Service', name);
  if (!service) return [`Service ${name} (external infrastructure) is missing`];
  if (service.spec?.type === 'ExternalName') {
    return service.spec.externalName ? [] : [`Service ${name}: ExternalName without externalName`];
  }
  if (service.spec?.selector) return [`Service ${name}: external infrastructure must not select pods`];
  const slices = objects.filter(
    (o) =>
      (o.kind === 'EndpointSlice' && o.metadata?.labels?.['kubernetes.io/service-name'] === name) ||
      (o.kind === 'Endpoints' && o.metadata?.name === name),
  );
  return slices.length > 0 ? [] : [`Service ${name}: no ExternalName and no EndpointSlice or Endpoints`];
}
