export * from './names.js';
export * from './validation.js';
export * from './turn-metrics.js';
