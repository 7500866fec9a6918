export * from './envelope.js';
export * from './charger/index.js';
