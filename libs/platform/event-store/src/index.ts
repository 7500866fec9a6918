export * from './data-source.js';
export * from './append-statement.js';
export * from './postgres-event-store.js';
export * from './outbox-relay.js';
export * from './bus-outbox-relay.js';
export * from './commit-publisher.js';
export type { OutboxDeadLetter, OutboxPoison } from './outbox-rows.js';
export * from './group-commit.js';
export * from './prepared-statement.js';
