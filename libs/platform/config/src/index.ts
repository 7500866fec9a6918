export * from './load-config.js';
export * from './env-fields.js';
export * from './clock.js';
export * from './stream-retention.js';
export * from './node-version.js';
export * from './work-sharing.js';
export * from './kafka-security.js';
export * from './recently-used.js';
