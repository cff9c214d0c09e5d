import { DEFAULT_API_CONNECT_OPTIONS, llm, type APIConnectOptions } from '@livekit/agents';
import { composeEchoReply } from './echo-reply.js';
import { findVisionContext, visionQuestionOf } from '@parley/protocol';
import { composeVisionReply } from './vision-reply.js';

export interface EchoLLMOptions {
  /** Appended after the repeated words, e.g. "got it." */
  acknowledgement?: string;
  /** Characters per streamed chunk: small chunks exercise the sentence-level TTS path like a real LLM would. */
  chunkSize?: number;
}

/**
 * An LLM that answers by echoing the user's last message, except questions about what the agent
 * sees, which it answers by reading back the screen text the vision module put in the request. It is an explicit mode, not a
 * stand-in: the whole voice pipeline (VAD, turn detection, STT, TTS, barge-in) runs for real.
 */
export class EchoLLM extends llm.LLM {
  readonly #acknowledgement: string | undefined;
  readonly #chunkSize: number;

  constructor(options: EchoLLMOptions = {}) {
    super();
    this.#acknowledgement = options.acknowledgement;
    this.#chunkSize = Math.max(1, options.chunkSize ?? 8);
  }

  label(): string {
    return 'parley.echo';
  }

  override get model(): string {
    return 'echo';
  }

  override get provider(): string {
    return 'parley';
  }

  chat({
    chatCtx,
    toolCtx,
    connOptions = DEFAULT_API_CONNECT_OPTIONS,
  }: {
    chatCtx: llm.ChatContext;
    toolCtx?: llm.ToolContext;
    connOptions?: APIConnectOptions;
  }): llm.LLMStream {
    return new EchoLLMStream(this, { chatCtx, toolCtx, connOptions }, this.#acknowledgement, this.#chunkSize);
  }
}

class EchoLLMStream extends llm.LLMStream {
  readonly #acknowledgement: string | undefined;
  readonly #chunkSize: number;

  constructor(
    owner: EchoLLM,
    params: { chatCtx: llm.ChatContext; toolCtx?: llm.ToolContext; connOptions: APIConnectOptions },
    acknowledgement: string | undefined,
    chunkSize: number,
  ) {
    super(owner, params);
    this.#acknowledgement = acknowledgement;
    this.#chunkSize = chunkSize;
  }

  protected async run(): Promise<void> {
    const userText = lastUserText(this.chatCtx);
    // "What is on my screen?" is answered from what the vision module read, not echoed.
    const question = visionQuestionOf(userText);
    const reply = question === null ? composeEchoReply(userText, this.#acknowledgement) : composeVisionReply(question, findVisionContext(this.chatCtx));
    const id = `echo-${Date.now().toString(36)}`;
    for (let offset = 0; offset < reply.length; offset += this.#chunkSize) {
      if (this.abortController.signal.aborted) return;
      this.queue.put({ id, delta: { role: 'assistant', content: reply.slice(offset, offset + this.#chunkSize) } });
    }
  }
}

function lastUserText(chatCtx: llm.ChatContext): string {
  for (let index = chatCtx.items.length - 1; index >= 0; index -= 1) {
    const item = chatCtx.items[index];
    if (item?.type === 'message' && item.role === 'user') return item.textContent ?? '';
  }
  return '';
}
