// Festival, one responsibility a module: the engine (engine.ts) drives a private server
// (server.ts) over one connection (connection.ts) that speaks the server's reply format
// (reply-decoder.ts), one request at a time (fifo-lock.ts); voices.ts finds installed voices.
export { FestivalEngine, type FestivalOptions } from './engine.js';
export { FestivalReplyDecoder } from './reply-decoder.js';
export { DEFAULT_FESTIVAL_VOICE, festivalVoiceInstalled } from './voices.js';
