import type { VAD } from '@livekit/agents';
import type { LlamaCppModel } from '@parley/plugin-llama-cpp';
import type { LocalTTS, PiperOptions } from '@parley/plugin-local-tts';
import type { PocketSphinxSTT } from '@parley/plugin-pocketsphinx';
import type { WhisperSTT } from '@parley/plugin-whisper';

/** The local engines of one job process (started in session-factory.ts), which local providers hand out. */
export interface LocalEngines {
  vad: VAD;
  /** The local recognizers sessions may use; each is started only when a session may use it. */
  whisper: WhisperSTT | null;
  pocketsphinx: PocketSphinxSTT | null;
  tts: LocalTTS;
  /** How to run the Piper voice when it is installed, for sessions that ask for another local chain. */
  piper: PiperOptions | undefined;
  /** The GGUF model, loaded once per job process when a session may use the local LLM. */
  llama: LlamaCppModel | null;
  /** Why the local model could not be loaded (sessions then fall back to echo), or null. */
  llamaProblem: string | null;
  /**
   * The installed model file when the local LLM is only offered (the default allow-list) and not
   * loaded at start: the first session that asks for it loads it. Null otherwise.
   */
  llamaOnDemand: string | null;
}
