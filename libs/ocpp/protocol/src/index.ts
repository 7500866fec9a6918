export * from './parse-frame.js';
export * from './pending-calls.js';
export * from './protocol-error.js';
export * from './serialise.js';
export * from './v16/call-error-from-issues.js';
export * from './v16/validate-payload.js';
