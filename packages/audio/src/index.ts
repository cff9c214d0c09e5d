export * from './pcm.js';
export * from './segmented-stream.js';
export * from './engine-logger.js';
export * from './supervisor.js';
export * from './wav.js';
