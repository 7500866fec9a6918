import { defineConfig } from 'vitest/config';

// One runner, three tiers chosen by file suffix: *.spec.ts (unit), *.int.spec.ts (integration against
// real NATS/Postgres/Kafka), *.e2e.spec.ts (the whole platform through its public interfaces).
const shared = { resolve: { tsconfigPaths: true } } as const;
const exclude = ['**/node_modules/**', '**/dist/**'];
// Stops what a test file started and never stopped (a failing beforeAll), so no run leaves streams behind.
const setupFiles = ['libs/platform/testing/src/vitest-setup.spec-support.ts'];

export default defineConfig({
  ...shared,
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['{apps,libs,tools}/**/*.spec.ts'],
          exclude: [...exclude, '**/*.int.spec.ts', '**/*.e2e.spec.ts'],
          globals: true,
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['{apps,libs}/**/*.int.spec.ts'],
          exclude,
          globals: true,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          setupFiles,
        },
      },
      {
        ...shared,
        test: {
          name: 'e2e',
          include: ['apps/platform-e2e/**/*.e2e.spec.ts'],
          exclude,
          globals: true,
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          setupFiles,
        },
      },
    ],
  },
});
