export * from './pcm.js';
