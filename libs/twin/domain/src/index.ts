export * from './twin-doc.js';
export * from './fold.js';
export * from './view.js';
export * from './last-rejection.js';
export * from './sync-counts.js';
export * from './expected-composite.js';
export * from './schedule-drift.js';
export * from './drift-report.js';
