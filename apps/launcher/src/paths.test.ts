import path from 'node:path';
import { stateDir as modelsStateDir } from '@parley/models';
import { describe, expect, it } from 'vitest';
import { stateDir } from './paths.js';

describe('stateDir', () => {
  it('answers as @parley/models does, so the launcher, the agent and the model manager share one state folder', () => {
    for (const env of [{}, { PARLEY_STATE_DIR: '' }, { PARLEY_STATE_DIR: ' /var/lib/parley ' }, { PARLEY_STATE_DIR: 'relative/state' }]) {
      expect(stateDir(env, '/checkout')).toBe(modelsStateDir(env, '/checkout'));
    }
    expect(stateDir({}, '/checkout')).toBe(path.join('/checkout', '.parley'));
  });
});
