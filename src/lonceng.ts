export * from './core/index.js';
// Element registration is added here.
