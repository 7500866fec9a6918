// The workspace's project list: one row per Nx project (name, folder, type tag, scope tag).
// `node tools/build/projects.mjs` writes each project.json and the tsconfig path aliases from it.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const projects = [
  ['contracts-ocpp', 'libs/contracts/ocpp', 'contracts', 'shared'],
  ['contracts-events', 'libs/contracts/events', 'contracts', 'shared'],
  ['contracts-api', 'libs/contracts/api', 'contracts', 'shared'],
  ['smart-charging-domain', 'libs/smart-charging/domain', 'domain', 'shared'],
  ['platform-config', 'libs/platform/config', 'util', 'platform'],
  ['platform-security', 'libs/platform/security', 'util', 'platform'],
  ['platform-observability', 'libs/platform/observability', 'adapter', 'platform'],
  ['platform-event-store', 'libs/platform/event-store', 'adapter', 'platform'],
  ['platform-messaging', 'libs/platform/messaging', 'adapter', 'platform'],
  ['platform-kafka', 'libs/platform/kafka', 'adapter', 'platform'],
  ['platform-testing', 'libs/platform/testing', 'testing', 'platform'],
  ['platform-command-handling', 'libs/platform/command-handling', 'util', 'platform'],
  ['ocpp-protocol', 'libs/ocpp/protocol', 'domain', 'ocpp'],
  ['charger-domain', 'libs/charger/domain', 'domain', 'charger'],
  ['charger-application', 'libs/charger/application', 'application', 'charger'],
  ['charger-adapters', 'libs/charger/adapters', 'adapter', 'charger'],
  ['twin-domain', 'libs/twin/domain', 'domain', 'twin'],
  ['twin-adapters', 'libs/twin/adapters', 'adapter', 'twin'],
  ['compliance-domain', 'libs/compliance/domain', 'domain', 'compliance'],
  ['compliance-adapters', 'libs/compliance/adapters', 'adapter', 'compliance'],
  ['bridge-consumer-kit', 'libs/bridge/consumer-kit', 'adapter', 'bridge'],
  ['sim-device', 'libs/sim/device', 'domain', 'sim'],
  ['ocpp-edge', 'apps/ocpp-edge', 'app', 'ocpp'],
  ['profile-command', 'apps/profile-command', 'app', 'charger'],
  ['device-twin', 'apps/device-twin', 'app', 'twin'],
  ['compliance-gb', 'apps/compliance-gb', 'app', 'compliance'],
  ['kafka-bridge', 'apps/kafka-bridge', 'app', 'bridge'],
  ['charger-sim', 'apps/charger-sim', 'app', 'sim'],
  ['analytics-example', 'apps/analytics-example', 'app', 'bridge'],
  ['platform-e2e', 'apps/platform-e2e', 'e2e', 'platform'],
];

function writeJson(path, value) {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('../../', import.meta.url).pathname;
  const paths = {};
  for (const [name, dir, type, scope] of projects) {
    mkdirSync(join(root, dir, 'src'), { recursive: true });
    const isLib = dir.startsWith('libs/');
    const targets = { lint: {}, test: {}, integration: {} };
    if (type === 'e2e') {
      delete targets.test;
      delete targets.integration;
      targets.e2e = { executor: 'nx:run-commands', options: { command: 'vitest run --project e2e {projectRoot}' } };
    }
    writeJson(join(root, dir, 'project.json'), {
      name,
      $schema: '../../node_modules/nx/schemas/project-schema.json',
      sourceRoot: `${dir}/src`,
      projectType: isLib ? 'library' : 'application',
      tags: [`type:${type}`, `scope:${scope}`],
      ...(type === 'e2e' ? { implicitDependencies: projects.filter((p) => p[2] === 'app').map((p) => p[0]) } : {}),
      targets,
    });
    const index = join(root, dir, 'src', 'index.ts');
    if (isLib) {
      if (!existsSync(index)) writeFileSync(index, 'export {};\n');
      paths[`@chargeplane/${name}`] = [`./${dir}/src/index.ts`];
    }
  }
  const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
  base.compilerOptions.paths = paths;
  writeJson(join(root, 'tsconfig.base.json'), base);
}
