export * from './write-budget.js';
export * from './capabilities.js';
export * from './installed-profiles.js';
export * from './canonical-profile.js';
export * from './composite-limit.js';
export * from './ledger/index.js';
