export * from './pcm.js';
export * from './segmented-stream.js';
