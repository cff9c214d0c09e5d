export { WhisperSTT, type OwnWorkerOptions, type WhisperSTTOptions } from './stt.js';
export { WhisperSpeechStream } from './stream.js';
export { FINAL_WINDOW_S, INTERIM_WINDOW_S, MIN_WINDOW_S, WhisperTranscriber, type Transcript, type TranscribeOptions, type TranscriberOptions, type WhisperBackend } from './transcriber.js';
