import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelsDirOf, recognizerBinaryOf, stateDir } from './state-dir.js';

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

  it('finds the PocketSphinx recognizer where setup builds it unless PARLEY_PS_STREAM_BIN says otherwise', () => {
    expect(recognizerBinaryOf({}, '/state')).toBe(path.join('/state', 'bin', 'parley-ps-stream'));
    expect(recognizerBinaryOf({ PARLEY_PS_STREAM_BIN: ' ' }, '/state')).toBe(path.join('/state', 'bin', 'parley-ps-stream'));
    expect(recognizerBinaryOf({ PARLEY_PS_STREAM_BIN: '/opt/parley/bin/parley-ps-stream' }, '/state')).toBe('/opt/parley/bin/parley-ps-stream');
    expect(recognizerBinaryOf({ PARLEY_PS_STREAM_BIN: 'rel/ps' }, '/state')).toBe(path.resolve('rel/ps'));
  });
});
