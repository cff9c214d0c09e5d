export { encodeMessage, FramingError, MessageDecoder, type WorkerMessage } from './framing.js';
export { SpeechWorker, SpeechWorkerError, WORKER_PYTHON_PATH, type ReadyInfo, type SpeechEngineKind, type SpeechWorkerOptions } from './speech-worker.js';
export { checkPythonEngines, type PythonEngineCheck } from './python-check.js';
