export * from './errors.js';
export * from './subjects.js';
export * from './topics.js';
