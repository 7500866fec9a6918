export * from './keyed-queue.js';
export * from './command-handler.js';
