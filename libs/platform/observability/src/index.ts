export * from './logger.js';
export * from './metrics.js';
export * from './tracing.js';
export * from './trace-context.js';
export type { Logger } from 'pino';
