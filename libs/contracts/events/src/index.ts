export * from './envelope.js';
export * from './charger/index.js';
export * from './charger/upcast.js';
export * from './public/index.js';
export * from './twin/index.js';
export * from './compliance/index.js';
