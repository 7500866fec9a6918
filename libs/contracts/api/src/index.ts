export * from './errors.js';
export * from './subjects.js';
export * from './topics.js';
export * from './charger-call.js';
export * from './charger-facts.js';
export * from './twin-queries.js';
export * from './http/charger-routes.js';
