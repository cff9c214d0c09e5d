import type { LlmProviderName } from '@parley/protocol';
import { AgentConfigError, agentSettingsOf, loadAgentConfig, type AgentConfig } from './config.js';
import { findLocalLlm } from './providers/local-llm.js';
import { findLocalSpeech, settleLocalSpeech } from './providers/local-speech.js';
import { settledRuntime, type SettledRuntime } from './runtime.js';

/** Where settling reports its decisions: the worker's console, with the lines operators know. */
export interface SettleLog {
  info(line: string): void;
  warn(line: string): void;
}

const consoleLog: SettleLog = {
  info: (line) => console.log(`[parley-agent] ${line}`),
  warn: (line) => console.warn(`[parley-agent] ${line}`),
};

/**
 * Settles PARLEY_LLM=auto: the local model when its file is installed and whole, else the echo
 * brain with the reason in the log (and a notice in each conversation). The model's file is kept
 * whenever the local brain is chosen or offered, so job processes skip the catalogue lookup.
 */
async function settleLanguageModel(config: AgentConfig, log: SettleLog): Promise<{ llm: LlmProviderName; modelFile: string | null }> {
  const explicit = config.providers.llm;
  const chosen = explicit === null || config.providers.allowed.llm.includes('local');
  // Only offered (the default allow-list): its file is kept when it is installed, and nothing is said when it is not.
  if (explicit !== null && !chosen && !config.providers.offered.llm.includes('local')) return { llm: explicit, modelFile: null };
  const model = await findLocalLlm(config.providerSettings.local.model, config.localSpeech);
  const modelFile = model.ok ? model.path : null;
  if (explicit !== null && !chosen) return { llm: explicit, modelFile };
  const llm = explicit ?? (model.ok ? 'local' : 'echo');
  if (explicit === null && !model.ok) log.warn(`no local language model, so the agent only repeats what it hears (echo): ${model.problem}`);
  log.info(`language model: ${llm}${model.ok ? ` (${model.path})` : ''}`);
  return { llm, modelFile };
}

/**
 * Resolves the agent's settings and the installed engines once, in the worker process: 'auto'
 * becomes concrete engines, explicit choices are checked. `probePython` also runs the interpreter
 * to see that the neural engines import (the worker does; a test may not). Throws
 * AgentConfigError when a chosen engine cannot run.
 */
export async function settleRuntime(env: NodeJS.ProcessEnv, options: { probePython: boolean; log?: SettleLog }): Promise<SettledRuntime> {
  const log = options.log ?? consoleLog;
  const settings = agentSettingsOf(env);
  const config = loadAgentConfig({ ...settings });
  const speech = settleLocalSpeech(config, await findLocalSpeech(config.localSpeech, { probePython: options.probePython }));
  if (speech.problems.length > 0) throw new AgentConfigError(`Local speech engines are not usable:\n${speech.problems.map((line) => `  ${line}`).join('\n')}`);
  for (const note of speech.notes) log.warn(note);
  log.info(`speech recognition: ${speech.stt}; local voice: ${speech.chosen.piper ? 'piper' : config.ttsEngine === 'auto' ? 'festival/flite/espeak-ng' : config.ttsEngine}`);
  const language = await settleLanguageModel(config, log);
  return settledRuntime(settings, {
    llm: language.llm,
    stt: speech.stt,
    whisperModelDir: speech.whisperModel === '' ? null : speech.whisperModel,
    piperVoiceFile: speech.piperVoice,
    llmModelFile: language.modelFile,
    shared: config.localSpeech.placement === 'shared' ? speech.chosen : { whisper: false, piper: false },
  });
}
