import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelsConfig, pythonInterpreter } from './config.js';

describe('pythonInterpreter', () => {
  it('is PARLEY_PYTHON when set, else the environment setup makes in the state folder', () => {
    expect(pythonInterpreter({ PARLEY_PYTHON: ' /opt/py/bin/python ' }, '/state')).toBe('/opt/py/bin/python');
    expect(pythonInterpreter({ PARLEY_PYTHON: '' }, '/state')).toBe(path.join('/state', 'python', 'bin', 'python'));
  });

  it('gives the model manager the same default as the agent (the state folder under the working directory)', () => {
    const config = loadModelsConfig({}, '/checkout');
    expect(config).toEqual({ modelsDir: path.join('/checkout', '.parley', 'models'), python: path.join('/checkout', '.parley', 'python', 'bin', 'python'), offline: false });
  });
});
