export * from './reply.js';
export * from './nats-bus.js';
export * from './consume.js';
export * from './zod.pipe.js';
export * from './http-error.filter.js';
export * from './kafka-publisher.js';
