export { WhisperSTT, type WhisperSTTOptions } from './stt.js';
export { WhisperSpeechStream } from './stream.js';
export { FINAL_WINDOW_S, INTERIM_WINDOW_S, WhisperTranscriber, type Transcript, type TranscriberOptions } from './transcriber.js';
