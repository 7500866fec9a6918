import { afterAll } from 'vitest';
import { stopAllOpen } from './open-resources.js';

// Setup file of the integration and e2e tiers (vitest.config.ts `setupFiles`): after the last hook of each
// test file, stops what the file started and never stopped, e.g. when its `beforeAll` failed after
// `provideInfra` or `startPlatform` and the handle was lost, so a failing test leaves nothing behind.
afterAll(async () => {
  await stopAllOpen();
});
