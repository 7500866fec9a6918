export * from './reply.js';
export * from './nats-bus.js';
export * from './consume.js';
