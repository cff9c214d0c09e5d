import { access, open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { getLlama, LlamaChat, LlamaLogLevel, type Llama, type LlamaContext, type LlamaModel } from 'node-llama-cpp';

export type LlamaGpuMode = 'auto' | 'cpu';

export interface LlamaCppModelOptions {
  /** Path to any GGUF file. */
  modelPath: string;
  /** 'auto' uses CUDA/Vulkan when a GPU and the matching prebuilt binary are present. */
  gpu?: LlamaGpuMode;
  /**
   * CPU threads per generation; default one per available CPU. More threads than CPUs makes
   * llama.cpp's spinning workers fight each other: measured 0.3 tok/s instead of 94 on 2 CPUs.
   */
  threads?: number;
}

export class LlamaModelFileError extends Error {
  override readonly name = 'LlamaModelFileError';
}

/** Checks that the path is a readable GGUF file before llama.cpp gets to fail on it less clearly. */
export async function assertGgufFile(modelPath: string): Promise<void> {
  try {
    await access(modelPath);
  } catch {
    throw new LlamaModelFileError(`model file not found: ${modelPath}`);
  }
  const handle = await open(modelPath, 'r');
  try {
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    if (magic.toString('ascii') !== 'GGUF') throw new LlamaModelFileError(`not a GGUF model file: ${modelPath}`);
  } finally {
    await handle.close();
  }
}

/**
 * A GGUF model loaded once per process (weights are shared); each conversation gets its own
 * context sequence so its KV cache survives between turns.
 */
export class LlamaCppModel {
  readonly #llama: Llama;
  readonly model: LlamaModel;
  readonly modelPath: string;
  readonly threads: number;
  /** A conversation made (and primed) ahead of time, for the next createConversation of its size. */
  #spare: { contextSize: number; conversation: Promise<LlamaConversation> } | null = null;

  private constructor(llama: Llama, model: LlamaModel, modelPath: string, threads: number) {
    this.#llama = llama;
    this.model = model;
    this.modelPath = modelPath;
    this.threads = threads;
  }

  static async load(options: LlamaCppModelOptions): Promise<LlamaCppModel> {
    await assertGgufFile(options.modelPath);
    const threads = Math.max(1, options.threads ?? availableParallelism());
    // Prebuilt binaries only: never compile or download at run time.
    const llama = await getLlama({
      gpu: options.gpu === 'cpu' ? false : 'auto',
      build: 'never',
      usePrebuiltBinaries: true,
      skipDownload: true,
      progressLogs: false,
      logLevel: LlamaLogLevel.error,
      maxThreads: threads,
    });
    const model = await llama.loadModel({ modelPath: options.modelPath });
    return new LlamaCppModel(llama, model, options.modelPath, threads);
  }

  /** The llama.cpp build and backend: KV state saved by one cannot be loaded by another. */
  get runtime(): string {
    const release = this.#llama.llamaCppRelease;
    return `${release.repo}@${release.release}/${this.#llama.buildType}/${this.#llama.gpu || 'cpu'}`;
  }

  /** The GPU backend in use, or false for CPU. */
  get gpu(): string | false {
    return this.#llama.gpu;
  }

  async createConversation(contextSize: number): Promise<LlamaConversation> {
    const spare = this.#spare;
    if (spare !== null && spare.contextSize === contextSize) {
      this.#spare = null;
      // A spare whose priming failed is still a usable, empty conversation.
      return spare.conversation;
    }
    const context = await this.model.createContext({ contextSize, sequences: 1, threads: this.threads });
    return new LlamaConversation(context);
  }

  /**
   * Makes the next conversation now, while no one is waiting: its context is allocated and
   * `prime` evaluates the fixed prompt prefix into its KV cache (see primeConversation).
   */
  async prepareConversation(contextSize: number, prime: (conversation: LlamaConversation) => Promise<void>): Promise<void> {
    const conversation = this.createConversation(contextSize);
    this.#spare = { contextSize, conversation };
    await prime(await conversation);
  }

  async dispose(): Promise<void> {
    const spare = this.#spare;
    this.#spare = null;
    if (spare) await (await spare.conversation).dispose();
    await this.model.dispose();
    await this.#llama.dispose();
  }
}

/** One conversation's context sequence and chat; generations on it run one at a time. */
export class LlamaConversation {
  readonly context: LlamaContext;
  readonly chat: LlamaChat;
  #queue: Promise<void> = Promise.resolve();

  constructor(context: LlamaContext) {
    this.context = context;
    this.chat = new LlamaChat({ contextSequence: context.getSequence() });
  }

  /** Runs `work` after every earlier generation on this sequence has finished. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(work);
    this.#queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  async dispose(): Promise<void> {
    this.chat.dispose({ disposeSequence: true });
    await this.context.dispose();
  }
}
