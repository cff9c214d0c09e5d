import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelsDirOf, stateDir } from './state-dir.js';

describe('stateDir', () => {
  it('is PARLEY_STATE_DIR when set, else .parley under the checkout', () => {
    expect(stateDir({ PARLEY_STATE_DIR: ' /var/lib/parley ' }, '/checkout')).toBe('/var/lib/parley');
    expect(stateDir({ PARLEY_STATE_DIR: 'rel' }, '/checkout')).toBe(path.resolve('rel'));
    expect(stateDir({ PARLEY_STATE_DIR: ' ' }, '/checkout')).toBe(path.join('/checkout', '.parley'));
    expect(stateDir({}, '/checkout')).toBe(path.join('/checkout', '.parley'));
  });

  it('puts the models in the state folder unless PARLEY_MODELS_DIR says otherwise', () => {
    expect(modelsDirOf({}, '/state')).toBe(path.join('/state', 'models'));
    expect(modelsDirOf({ PARLEY_MODELS_DIR: '/m' }, '/state')).toBe('/m');
  });
});
