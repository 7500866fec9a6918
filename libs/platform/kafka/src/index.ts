export * from './connection.js';
export * from './topic-offsets.js';
export * from './topic-tail.js';
