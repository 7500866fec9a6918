// Which project may import which (by Nx tags), and which packages each kind of project may not touch.
// No constraint uses "*": every tag is listed explicitly (see docs/style.md §3).
const frameworksAndDrivers = [
  '@nestjs/*',
  'typeorm',
  'pg',
  '@nats-io/*',
  '@platformatic/kafka',
  'ws',
  'fastify',
  'pino',
  'prom-client',
];

const byType = [
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:adapter', 'type:application', 'type:domain', 'type:contracts', 'type:util'],
  },
  {
    sourceTag: 'type:adapter',
    onlyDependOnLibsWithTags: ['type:adapter', 'type:application', 'type:domain', 'type:contracts', 'type:util'],
  },
  {
    sourceTag: 'type:application',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util'],
    bannedExternalImports: frameworksAndDrivers,
  },
  // Pure libraries: zod and each other, nothing else (no framework, driver, node API or other package).
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util'],
    allowedExternalImports: ['zod'],
  },
  {
    sourceTag: 'type:contracts',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:util'],
    allowedExternalImports: ['zod'],
  },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'], bannedExternalImports: frameworksAndDrivers },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: [
      'type:adapter',
      'type:application',
      'type:domain',
      'type:contracts',
      'type:util',
      'type:testing',
    ],
  },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:util'] },
];

const contexts = ['charger', 'twin', 'compliance', 'ocpp', 'bridge', 'sim'];
const byScope = [
  ...contexts.map((scope) => ({
    sourceTag: `scope:${scope}`,
    onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared', 'scope:platform'],
  })),
  { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform', 'scope:shared'] },
  // Specs that prove the contexts agree (the aggregate, the twin and compliance read one ledger): test code only.
  {
    sourceTag: 'scope:conformance',
    onlyDependOnLibsWithTags: [...contexts.map((scope) => `scope:${scope}`), 'scope:shared', 'scope:platform'],
  },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  // The operator console runs in the browser: it reads the API's contracts and the pure rules it lays out (the
  // composite of the twin, the peak hours of compliance), never an adapter, framework or driver.
  {
    sourceTag: 'scope:console',
    onlyDependOnLibsWithTags: ['scope:shared', 'scope:twin', 'scope:compliance'],
    bannedExternalImports: frameworksAndDrivers,
  },
  // …and of those, only pure libraries (a browser bundle has no NATS, PostgreSQL or node APIs).
  { sourceTag: 'platform:browser', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts', 'type:util'] },
];

export const depConstraints = [...byType, ...byScope];

/** Spec files may also use the testing libraries (never production code: docs/style.md §3). */
export const specDepConstraints = depConstraints.map((c) => {
  if (!c.sourceTag.startsWith('type:') || c.sourceTag === 'type:e2e') return c;
  const { allowedExternalImports: _onlyZod, ...rest } = c;
  // Specs of pure libraries may also use test tooling (fast-check, vitest), still no framework or driver.
  return {
    ...rest,
    onlyDependOnLibsWithTags: [...new Set([...c.onlyDependOnLibsWithTags, 'type:testing'])],
    ...(_onlyZod ? { bannedExternalImports: frameworksAndDrivers } : {}),
  };
});
