import { isRecord } from './tool-schema.js';

/**
 * Small instruct models often answer a tool request with the call written as plain text — a bare
 * `{"name": "get_current_time", "arguments": {}}`, or wrapped in `<tools>`, `<tool_call>` or a
 * ```json fence — instead of the chat template's function-call syntax that llama.cpp's grammar
 * would catch. This module watches the start of a reply: text that begins like a call is held back
 * (never spoken) until it can be read as one; anything else streams through untouched.
 */

export interface TextToolCall {
  name: string;
  /** The arguments object as the model wrote it (an object; a JSON string is parsed). */
  args: Record<string, unknown>;
}

type Mode = 'undecided' | 'text' | 'call';

const CALL_OPENERS = /^(\{|\[|<|```)/;
const CALL_TAG = /^<\/?(tool_call|tools|tool|function_call|functioncall|function)\b/i;


/**
 * The end of the first balanced JSON value (object or array) starting at `start`, or -1 while it
 * is still open. Braces inside strings do not count.
 */
export function endOfJsonValue(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}

function callFrom(value: unknown, known: ReadonlySet<string>): TextToolCall | null {
  if (!isRecord(value)) return null;
  const target = isRecord(value.function) ? value.function : value;
  const name = target.name;
  if (typeof name !== 'string' || !known.has(name)) return null;
  let args: unknown = target.arguments ?? target.parameters ?? target.args ?? {};
  if (typeof args === 'string') {
    try {
      args = args.trim() === '' ? {} : (JSON.parse(args) as unknown);
    } catch {
      return null;
    }
  }
  return isRecord(args) ? { name, args } : null;
}

/** Reads the calls out of text such as `<tools>{"name": …}</tools>`; null when it is not one. */
export function parseTextToolCalls(text: string, known: ReadonlySet<string>): TextToolCall[] | null {
  const calls: TextToolCall[] = [];
  let index = 0;
  while (index < text.length) {
    const open = text.slice(index).search(/[{[]/);
    if (open < 0) break;
    const start = index + open;
    const end = endOfJsonValue(text, start);
    if (end < 0) break;
    let value: unknown;
    try {
      value = JSON.parse(text.slice(start, end)) as unknown;
    } catch {
      return null;
    }
    for (const entry of Array.isArray(value) ? value : [value]) {
      const call = callFrom(entry, known);
      if (call === null) return null;
      calls.push(call);
    }
    index = end;
  }
  return calls.length > 0 ? calls : null;
}

/**
 * Decides, from the first characters of a reply, whether it is spoken text or a tool call
 * written as text, and holds the call back from the voice.
 */
export class TextToolCallDetector {
  readonly #known: ReadonlySet<string>;
  #mode: Mode = 'undecided';
  #held = '';

  constructor(functionNames: Iterable<string>) {
    this.#known = new Set(functionNames);
  }

  get holdingCall(): boolean {
    return this.#mode === 'call';
  }

  /** Returns the text that may be spoken now (empty while a possible call is held back). */
  push(chunk: string): string {
    if (this.#mode === 'text') return chunk;
    this.#held += chunk;
    const start = this.#held.trimStart();
    if (this.#mode === 'undecided') {
      if (start === '') return '';
      if (this.#known.size === 0) return this.#release();
      // A fence needs three backticks before it can be told from inline code.
      if (start.startsWith('`') && start.length < 3 && /^`+$/.test(start)) return '';
      if (!CALL_OPENERS.test(start)) return this.#release();
      this.#mode = 'call';
    }
    // A '<' that is not a tool tag (e.g. "<3") is text after all.
    if (start.startsWith('<') && start.length >= 12 && !CALL_TAG.test(start)) return this.#release();
    return '';
  }

  /** True once a held call's JSON is complete: generation can stop there. */
  get callComplete(): boolean {
    if (this.#mode !== 'call') return false;
    const open = this.#held.search(/[{[]/);
    return open >= 0 && endOfJsonValue(this.#held, open) >= 0 && parseTextToolCalls(this.#held, this.#known) !== null;
  }

  /**
   * At the end of the reply: the calls, or the held text when it was not a call after all.
   * `unreadable` is true when the reply looked like a call but named no known tool (small models
   * invent tools, e.g. a "search"): nothing of it is spoken.
   */
  finish(): { calls: TextToolCall[]; text: string; unreadable: boolean } {
    if (this.#mode !== 'call') {
      const text = this.#mode === 'undecided' ? this.#held : '';
      this.#held = '';
      return { calls: [], text, unreadable: false };
    }
    const calls = parseTextToolCalls(this.#held, this.#known);
    if (calls !== null) return { calls, text: '', unreadable: false };
    // Not a readable call: say what there is in words, without the markup, unless it is JSON.
    const words = this.#held.replace(/```\w*/g, ' ').replace(/<[^>]*>/g, ' ').replace(/[{}[\]"]/g, ' ').replace(/\s+/g, ' ').trim();
    const speakable = /[a-z]{3,}/i.test(words) && !/"\s*:/.test(this.#held);
    return { calls: [], text: speakable ? words : '', unreadable: !speakable };
  }

  #release(): string {
    this.#mode = 'text';
    const text = this.#held;
    this.#held = '';
    return text;
  }
}
