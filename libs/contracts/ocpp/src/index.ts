export * from './generated/v16/index.js';
export * from './actions.js';
export * from './error-codes.js';
export * from './frames.js';
