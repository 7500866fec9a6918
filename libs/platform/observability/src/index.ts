export * from './logger.js';
export * from './metrics.js';
export type { Logger } from 'pino';
