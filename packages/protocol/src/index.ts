export * from './names.js';
export * from './validation.js';
export * from './turn-metrics.js';
export * from './session.js';
export * from './auth.js';
export * from './providers.js';
export * from './vision.js';
