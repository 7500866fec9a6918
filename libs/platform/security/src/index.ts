export * from './credentials.js';
export * from './credential-hasher.js';
export { MIN_PEPPER_LENGTH } from './pepper.js';
