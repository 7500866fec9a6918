export * from './public-event.js';
export * from './telemetry-event.js';
