import { writeFileSync } from 'node:fs';

/**
 * Writes a tiny llama-architecture GGUF with random weights, a byte-level vocabulary and a ChatML
 * template. It runs llama.cpp's whole path (load, tokenize, evaluate, sample, grammar) in a few
 * seconds; what it says is noise, so tests on it assert on mechanics only.
 *
 * `favouredText`, when given, becomes one extra vocabulary token that the model emits whenever the
 * sampler allows it (a constant direction in every embedding that only that token's output row
 * reads). With "||call:" this makes the model open a function call on its first token, after
 * which node-llama-cpp's grammar writes a valid call: the function-calling loop runs for real.
 */
export interface SyntheticGgufOptions {
  favouredText?: string;
  seed?: number;
}

const EMBEDDING = 64;
const FEED_FORWARD = 128;
const LAYERS = 2;
const HEADS = 4;
const CONTEXT = 2048;
const ALIGNMENT = 32;

const SPECIAL_TOKENS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] as const;

const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

enum ValueType {
  Uint32 = 4,
  Int32 = 5,
  Float32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
}

type MetadataValue =
  | { type: ValueType.Uint32 | ValueType.Int32 | ValueType.Float32; value: number }
  | { type: ValueType.Bool; value: boolean }
  | { type: ValueType.String; value: string }
  | { type: ValueType.Array; items: ValueType.String; value: string[] }
  | { type: ValueType.Array; items: ValueType.Int32 | ValueType.Float32; value: number[] };

interface Tensor {
  name: string;
  /** GGUF order: the innermost (contiguous) dimension first. */
  dims: number[];
  data: Float32Array;
}

/** GPT-2's reversible byte → printable character map, which byte-level BPE vocabularies use. */
function byteLevelAlphabet(): string[] {
  const printable = (byte: number): boolean =>
    (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
  const alphabet: string[] = [];
  let next = 256;
  for (let byte = 0; byte < 256; byte += 1) {
    alphabet.push(String.fromCodePoint(printable(byte) ? byte : next++));
  }
  return alphabet;
}

/** Small deterministic PRNG so every run writes the same file. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 0xffffffff) * 2 - 1;
  };
}

class ByteWriter {
  readonly #chunks: Buffer[] = [];
  length = 0;

  #push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.length += chunk.length;
  }
  u32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeUInt32LE(value);
    this.#push(chunk);
  }
  i32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeInt32LE(value);
    this.#push(chunk);
  }
  u64(value: number): void {
    const chunk = Buffer.alloc(8);
    chunk.writeBigUInt64LE(BigInt(value));
    this.#push(chunk);
  }
  f32(value: number): void {
    const chunk = Buffer.alloc(4);
    chunk.writeFloatLE(value);
    this.#push(chunk);
  }
  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.#push(bytes);
  }
  bytes(value: Buffer): void {
    this.#push(value);
  }
  padTo(alignment: number): void {
    const padding = (alignment - (this.length % alignment)) % alignment;
    if (padding > 0) this.#push(Buffer.alloc(padding));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}

function writeValue(out: ByteWriter, value: MetadataValue): void {
  out.u32(value.type);
  switch (value.type) {
    case ValueType.Uint32:
      out.u32(value.value);
      return;
    case ValueType.Int32:
      out.i32(value.value);
      return;
    case ValueType.Float32:
      out.f32(value.value);
      return;
    case ValueType.Bool:
      out.bytes(Buffer.from([value.value ? 1 : 0]));
      return;
    case ValueType.String:
      out.string(value.value);
      return;
    case ValueType.Array:
      out.u32(value.items);
      out.u64(value.value.length);
      for (const item of value.value) {
        if (typeof item === 'string') out.string(item);
        else if (value.items === ValueType.Int32) out.i32(item);
        else out.f32(item);
      }
  }
}

export function buildSyntheticGguf(options: SyntheticGgufOptions = {}): Buffer {
  const next = random(options.seed ?? 7);
  const tokens = [...byteLevelAlphabet(), ...SPECIAL_TOKENS];
  const tokenTypes = tokens.map((_, index) => (index < 256 ? 1 : 3));
  const favouredId = options.favouredText === undefined ? -1 : tokens.length;
  if (options.favouredText !== undefined) {
    tokens.push(options.favouredText);
    tokenTypes.push(1);
  }
  const vocab = tokens.length;

  const metadata: [string, MetadataValue][] = [
    ['general.architecture', { type: ValueType.String, value: 'llama' }],
    ['general.name', { type: ValueType.String, value: 'parley-synthetic-test-model' }],
    ['general.alignment', { type: ValueType.Uint32, value: ALIGNMENT }],
    ['llama.context_length', { type: ValueType.Uint32, value: CONTEXT }],
    ['llama.embedding_length', { type: ValueType.Uint32, value: EMBEDDING }],
    ['llama.block_count', { type: ValueType.Uint32, value: LAYERS }],
    ['llama.feed_forward_length', { type: ValueType.Uint32, value: FEED_FORWARD }],
    ['llama.attention.head_count', { type: ValueType.Uint32, value: HEADS }],
    ['llama.attention.head_count_kv', { type: ValueType.Uint32, value: HEADS }],
    ['llama.rope.dimension_count', { type: ValueType.Uint32, value: EMBEDDING / HEADS }],
    ['llama.attention.layer_norm_rms_epsilon', { type: ValueType.Float32, value: 1e-5 }],
    ['llama.vocab_size', { type: ValueType.Uint32, value: vocab }],
    ['tokenizer.ggml.model', { type: ValueType.String, value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: ValueType.String, value: 'default' }],
    ['tokenizer.ggml.tokens', { type: ValueType.Array, items: ValueType.String, value: tokens }],
    ['tokenizer.ggml.token_type', { type: ValueType.Array, items: ValueType.Int32, value: tokenTypes }],
    ['tokenizer.ggml.merges', { type: ValueType.Array, items: ValueType.String, value: [] }],
    ['tokenizer.ggml.bos_token_id', { type: ValueType.Uint32, value: 256 }],
    ['tokenizer.ggml.eos_token_id', { type: ValueType.Uint32, value: 258 }],
    ['tokenizer.ggml.padding_token_id', { type: ValueType.Uint32, value: 256 }],
    ['tokenizer.ggml.add_bos_token', { type: ValueType.Bool, value: false }],
    ['tokenizer.chat_template', { type: ValueType.String, value: CHATML_TEMPLATE }],
  ];

  const randomTensor = (name: string, dims: number[], scale: number): Tensor => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let index = 0; index < data.length; index += 1) data[index] = next() * scale;
    return { name, dims, data };
  };
  const ones = (name: string): Tensor => ({ name, dims: [EMBEDDING], data: new Float32Array(EMBEDDING).fill(1) });

  const embeddings = randomTensor('token_embd.weight', [EMBEDDING, vocab], 0.5);
  const output = randomTensor('output.weight', [EMBEDDING, vocab], 0.5);
  if (favouredId >= 0) {
    // Dimension 0 carries a constant that survives the (near-silent) layers and the final norm;
    // only the favoured token's output row reads it, so that token wins whenever it is allowed.
    for (let token = 0; token < vocab; token += 1) embeddings.data[token * EMBEDDING] = 4;
    for (let token = 0; token < vocab; token += 1) output.data[token * EMBEDDING] = token === favouredId ? 40 : 0;
  }
  const layerScale = favouredId >= 0 ? 0.01 : 0.2;
  const tensors: Tensor[] = [embeddings, ones('output_norm.weight'), output];
  for (let layer = 0; layer < LAYERS; layer += 1) {
    const prefix = `blk.${layer}`;
    tensors.push(
      ones(`${prefix}.attn_norm.weight`),
      randomTensor(`${prefix}.attn_q.weight`, [EMBEDDING, EMBEDDING], layerScale),
      randomTensor(`${prefix}.attn_k.weight`, [EMBEDDING, EMBEDDING], layerScale),
      randomTensor(`${prefix}.attn_v.weight`, [EMBEDDING, EMBEDDING], layerScale),
      randomTensor(`${prefix}.attn_output.weight`, [EMBEDDING, EMBEDDING], layerScale),
      ones(`${prefix}.ffn_norm.weight`),
      randomTensor(`${prefix}.ffn_gate.weight`, [EMBEDDING, FEED_FORWARD], layerScale),
      randomTensor(`${prefix}.ffn_up.weight`, [EMBEDDING, FEED_FORWARD], layerScale),
      randomTensor(`${prefix}.ffn_down.weight`, [FEED_FORWARD, EMBEDDING], layerScale),
    );
  }

  const out = new ByteWriter();
  out.bytes(Buffer.from('GGUF', 'ascii'));
  out.u32(3);
  out.u64(tensors.length);
  out.u64(metadata.length);
  for (const [key, value] of metadata) {
    out.string(key);
    writeValue(out, value);
  }
  let offset = 0;
  for (const tensor of tensors) {
    out.string(tensor.name);
    out.u32(tensor.dims.length);
    for (const dim of tensor.dims) out.u64(dim);
    out.u32(0); // F32
    out.u64(offset);
    offset += Math.ceil((tensor.data.byteLength) / ALIGNMENT) * ALIGNMENT;
  }
  out.padTo(ALIGNMENT);
  for (const tensor of tensors) {
    out.bytes(Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    out.padTo(ALIGNMENT);
  }
  return out.toBuffer();
}

export function writeSyntheticGguf(file: string, options: SyntheticGgufOptions = {}): string {
  writeFileSync(file, buildSyntheticGguf(options));
  return file;
}
