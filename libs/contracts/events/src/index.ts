export * from './envelope.js';
export * from './charger/index.js';
export * from './public/index.js';
