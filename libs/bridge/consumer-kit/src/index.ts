export * from './upcasters.js';
export * from './contract-registry.js';
export * from './record-decoder.js';
export * from './event-id-deduper.js';
export * from './typed-handlers.js';
export * from './event-stream-consumer.js';
