export * from './test-infra.js';
export * from './decider-spec.js';
export * from './eventually.js';
export * from './platform-processes.js';
export * from './app-runtime-env.js';
export * from './test-calendar.js';
