export * from './aggregate-reads.js';
export * from './write-status.js';
export * from './profile-refusal.js';
export * from './charger-ownership.js';
export * from './charging-profile-commands.js';
export * from './charger-configuration-commands.js';
export * from './charger-registration.js';
export * from './charger-reads.js';
