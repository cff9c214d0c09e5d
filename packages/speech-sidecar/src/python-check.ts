import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { SpeechEngineKind } from './speech-worker.js';

const run = promisify(execFile);

/** The Python modules each engine imports. */
const ENGINE_MODULES: Record<SpeechEngineKind, string[]> = {
  whisper: ['faster_whisper', 'ctranslate2'],
  piper: ['piper', 'onnxruntime'],
};

export interface PythonEngineCheck {
  ok: boolean;
  /** What is wrong, in words a person can act on; empty when ok. */
  problem: string;
}

/** Checks that `python` runs and can import what `engine` needs, without loading a model. */
export async function checkPythonEngines(python: string, engine: SpeechEngineKind, timeoutMs = 20_000): Promise<PythonEngineCheck> {
  const modules = ENGINE_MODULES[engine];
  const script = `import importlib.util, sys\nmissing = [m for m in ${JSON.stringify(modules)} if importlib.util.find_spec(m) is None]\nprint(",".join(missing))`;
  try {
    const { stdout } = await run(python, ['-c', script], { timeout: timeoutMs });
    const missing = stdout.trim();
    return missing === '' ? { ok: true, problem: '' } : { ok: false, problem: `${python} lacks the Python modules ${missing}` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problem: code === 'ENOENT' ? `no Python interpreter at ${python}` : `${python} failed: ${(error as Error).message}` };
  }
}
