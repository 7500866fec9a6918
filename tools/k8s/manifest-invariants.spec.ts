import { composeViolations } from './compose-invariants.mjs';
import { invariantViolations, parseEnvFile, PARTITIONED, SCALABLE, type K8sObject } from './manifest-invariants.mjs';
import { schemaViolations } from './schema-check.mjs';

// A minimal rendering that keeps every rule; each test breaks one thing in it.
const APP_ENVS: Record<string, Record<string, string>> = {
  'ocpp-edge': { NODE_OPTIONS: '--max-semi-space-size=4' },
  'device-twin': { NODE_OPTIONS: '--max-old-space-size=256' },
};
const probe = { httpGet: { path: '/healthz', port: 'ops' } };

function deployment(name: string): K8sObject {
  const partitioned = PARTITIONED.includes(name);
  const env = Object.entries(APP_ENVS[name] ?? {}).map(([key, value]) => ({ name: key, value }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      ...(partitioned ? { replicas: 2 } : {}),
      strategy: { type: 'RollingUpdate' },
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': name } },
        spec: {
          securityContext: { runAsNonRoot: true },
          containers: [
            {
              name: 'app',
              image: 'chargeplane/app:1.0.0',
              ports: [{ name: 'ops', containerPort: 9464 }],
              env,
              envFrom: [{ configMapRef: { name: 'chargeplane-config' } }],
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' } },
              securityContext: { allowPrivilegeEscalation: false },
              readinessProbe: probe,
              livenessProbe: probe,
            },
          ],
        },
      },
    },
  };
}

const budget = (name: string): K8sObject => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name },
  spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': name } } },
});

const autoscaler = (name: string): K8sObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: 2, maxReplicas: 10 },
});

const externalService = (name: string): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { type: 'ExternalName', externalName: `${name}.example.internal` },
});

function validRendering(): K8sObject[] {
  const provision = deployment('provision').spec as Mutable;
  provision.template.spec.containers[0].command = ['node', 'dist/tools/provision/provision.main.js'];
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'chargeplane-config' }, data: { LOG_LEVEL: 'info' } },
    ...[...SCALABLE, ...PARTITIONED].flatMap((name) => [deployment(name), budget(name)]),
    ...SCALABLE.map(autoscaler),
    ...['chargeplane-nats', 'chargeplane-postgres', 'chargeplane-kafka'].map(externalService),
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'provision' }, spec: provision },
  ];
}

type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixture surgery
const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata?.name === name) as Mutable;
const containerOf = (objects: K8sObject[], name: string) =>
  find(objects, 'Deployment', name).spec.template.spec.containers[0] as Mutable;
const check = (objects: K8sObject[], secretsAllowed = false) =>
  invariantViolations(objects, { appEnvs: APP_ENVS, secretsAllowed });

describe('Kubernetes manifest invariants', () => {
  describe('given a rendering that keeps every rule', () => {
    it('finds nothing to report, in the invariants or the schemas', async () => {
      expect(check(validRendering())).toEqual([]);
      expect(await schemaViolations(validRendering())).toEqual([]);
    });
  });

  describe('given a partitioned consumer', () => {
    it.each(PARTITIONED)('refuses %s with one replica (nothing would take over)', (name) => {
      const objects = validRendering();
      find(objects, 'Deployment', name).spec.replicas = 1;
      expect(check(objects)).toEqual([`${name}: needs at least two replicas (one takes over)`]);
    });

    it('refuses Recreate, which stops every replica at once instead of handing partitions over', () => {
      const objects = validRendering();
      find(objects, 'Deployment', 'kafka-bridge').spec.strategy = { type: 'Recreate' };
      expect(check(objects)).toEqual([
        'kafka-bridge: needs strategy RollingUpdate, so that a rollout hands its partitions over',
      ]);
    });

    it('refuses an autoscaler on it', () => {
      const objects = [...validRendering(), autoscaler('device-twin')];
      expect(check(objects)).toEqual([
        'device-twin: must not be autoscaled (its share is fixed by CHARGER_PARTITIONS)',
      ]);
    });
  });

  describe('given a service container', () => {
    it('reports a missing readiness probe, a missing memory limit and a probe on an undeclared port', () => {
      const objects = validRendering();
      const container = containerOf(objects, 'compliance-gb');
      delete container.readinessProbe;
      delete container.resources.limits.memory;
      container.livenessProbe = { httpGet: { path: '/healthz', port: 'metrics' } };
      expect(check(objects)).toEqual([
        'compliance-gb/app: no resources.limits.memory',
        'compliance-gb/app: no readinessProbe',
        'compliance-gb/app: livenessProbe uses undeclared port metrics',
      ]);
    });

    it('reports an httpGet probe on an ops port that binds 127.0.0.1 (no METRICS_HOST=0.0.0.0)', () => {
      const objects = validRendering();
      const twin = containerOf(objects, 'device-twin');
      twin.env = [...twin.env, { name: 'TWIN_METRICS_PORT', value: '9464' }];
      const bridge = containerOf(objects, 'kafka-bridge');
      bridge.env = [
        { name: 'BRIDGE_METRICS_PORT', value: '9464' },
        { name: 'BRIDGE_METRICS_HOST', value: '0.0.0.0' },
      ];
      expect(check(objects)).toEqual([
        'device-twin/app: httpGet probes need TWIN_METRICS_HOST=0.0.0.0 (it binds 127.0.0.1 by default)',
      ]);
    });

    it('reports a pod that may run as root and an image without a fixed tag', () => {
      const objects = validRendering();
      delete find(objects, 'Deployment', 'profile-command').spec.template.spec.securityContext;
      containerOf(objects, 'profile-command').image = 'chargeplane/app:latest';
      expect(check(objects)).toEqual([
        'profile-command: pod must set runAsNonRoot: true',
        'profile-command/app: image "chargeplane/app:latest" needs a fixed tag (not latest)',
      ]);
    });

    it('reports an app started without the flags of its deploy/<app>.env', () => {
      const objects = validRendering();
      containerOf(objects, 'ocpp-edge').env = [];
      containerOf(objects, 'device-twin').env = [{ name: 'NODE_OPTIONS', value: '--max-old-space-size=4096' }];
      expect(check(objects)).toEqual([
        'ocpp-edge: NODE_OPTIONS must be "--max-semi-space-size=4" as in deploy/ocpp-edge.env, found ""',
        'device-twin: NODE_OPTIONS must be "--max-old-space-size=256" as in deploy/device-twin.env, found "--max-old-space-size=4096"',
      ]);
    });

    it('reports a Deployment that no disruption budget covers', () => {
      const objects = validRendering().filter(
        (o) => !(o.kind === 'PodDisruptionBudget' && o.metadata?.name === 'device-twin'),
      );
      expect(check(objects)).toEqual(['device-twin: no PodDisruptionBudget selects its pods']);
    });
  });

  describe('given a scalable service', () => {
    it('reports a missing autoscaler and a fixed replica count that would fight it', () => {
      const objects = validRendering().filter(
        (o) => !(o.kind === 'HorizontalPodAutoscaler' && o.metadata?.name === 'ocpp-edge'),
      );
      find(objects, 'Deployment', 'ocpp-edge').spec.replicas = 3;
      expect(check(objects)).toEqual([
        'ocpp-edge: needs one HorizontalPodAutoscaler, found 0',
        "ocpp-edge: sets replicas, which would reset its autoscaler's count at every apply",
      ]);
    });
  });

  describe('given the infrastructure and the Secret', () => {
    it('accepts a Service without selector that has an EndpointSlice, and reports one without', () => {
      const objects = validRendering();
      find(objects, 'Service', 'chargeplane-nats').spec = { ports: [{ port: 4222 }] };
      expect(check(objects)).toEqual(['Service chargeplane-nats: no ExternalName and no EndpointSlice or Endpoints']);
      objects.push({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'chargeplane-nats', labels: { 'kubernetes.io/service-name': 'chargeplane-nats' } },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['10.0.0.1'] }],
      });
      expect(check(objects)).toEqual([]);
    });

    it('refuses a committed Secret outside a dev overlay, and no provisioning Job', () => {
      const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'chargeplane-secrets' }, data: {} };
      const objects = [...validRendering().filter((o) => o.kind !== 'Job'), secret];
      expect(check(objects)).toEqual([
        'no Job "provision" running dist/tools/provision/provision.main.js',
        'Secret chargeplane-secrets: secret values do not belong in this overlay; create it outside',
      ]);
      expect(check(objects, true)).toEqual(['no Job "provision" running dist/tools/provision/provision.main.js']);
    });
  });

  describe('given objects the Kubernetes schemas refuse', () => {
    it('reports a wrongly typed field and a kind it has no schema for', async () => {
      const objects = validRendering();
      containerOf(objects, 'ocpp-edge').ports = [{ name: 'ops', containerPort: '9464' }];
      objects.push({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
      expect(await schemaViolations(objects)).toEqual([
        'Deployment/ocpp-edge: /spec/template/spec/containers/0/ports/0/containerPort must be integer',
        'Widget/w: no schema for example.com/v1 Widget',
      ]);
    });
  });
});

describe('Compose start order', () => {
  const healthy = { test: ['CMD', 'true'] };
  const services = () => ({
    nats: { healthcheck: healthy },
    provision: { restart: 'no', depends_on: { nats: { condition: 'service_healthy' } } },
    'device-twin': {
      command: ['node', 'dist/apps/device-twin/src/main.js'],
      healthcheck: healthy,
      depends_on: {
        nats: { condition: 'service_healthy' },
        provision: { condition: 'service_completed_successfully' },
      },
    },
  });

  it('accepts healthchecks and conditions on every dependency', () => {
    expect(composeViolations({ services: services() })).toEqual([]);
  });

  it('reports a service without healthcheck and a dependency that only waits for the start', () => {
    const broken: Mutable = services();
    delete broken['device-twin'].healthcheck;
    broken['device-twin'].depends_on.nats.condition = 'service_started';
    expect(composeViolations({ services: broken })).toEqual([
      'compose device-twin: no healthcheck',
      'compose device-twin: waits for nats with "service_started", not service_healthy',
    ]);
  });
});

describe('Env file', () => {
  it('reads KEY=VALUE lines and skips comments', () => {
    expect(parseEnvFile('# V8\nNODE_OPTIONS=--max-semi-space-size=4\n#\n\nA=b=c\n')).toEqual({
      NODE_OPTIONS: '--max-semi-space-size=4',
      A: 'b=c',
    });
  });
});
