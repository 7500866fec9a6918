export * from './twin-doc.js';
export * from './fold.js';
export * from './view.js';
