export * from './ledger.js';
export * from './evolve-ledger.js';
export * from './ledger-views.js';
export { sameInstalled, stillWanted } from './ledger-records.js';
