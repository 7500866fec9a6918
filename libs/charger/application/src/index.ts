export * from './ports.js';
export * from './charger-service.js';
export * from './write-executor.js';
export * from './assignments.js';
export * from './use-cases/index.js';
