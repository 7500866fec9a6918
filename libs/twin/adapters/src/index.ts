export * from './migrations/1732500002000-create-twins.js';
export * from './twin.repository.js';
export * from './twin.projection.js';
export * from './twin-queries.responder.js';
