/** What may still become a line-start marker: spaces, then a heading, quote, bullet or "12." */
const MARKER_PREFIX = /^[ \t]*(#{1,6}|>|[-+•]|\d{1,2}[.)]?)?[ \t]*$/;
/** A whole marker, which must be followed by a space ("-5 degrees" and "1.5 m" are text). */
const MARKER = /^[ \t]*(#{1,6}|>|[-+•]|\d{1,2}[.)])[ \t]+$/;

/**
 * Strips the written-text habits of instruct models from a streamed reply so that it reads well
 * aloud and in the transcript: markdown emphasis and code marks, headings, quotes, list bullets and
 * numbering at the start of a line, and line breaks (which become a space). Works chunk by chunk,
 * since a reply streams token by token.
 */
export class SpeakableTextFilter {
  #atLineStart = true;
  /** Characters held at a line start while they may still be a list marker. */
  #pending = '';
  #wroteText = false;

  push(chunk: string): string {
    let out = '';
    for (const char of chunk) out += this.#take(char);
    return out;
  }

  /** What is still held at the end of the reply. */
  flush(): string {
    const rest = MARKER_PREFIX.test(this.#pending) && !/\d/.test(this.#pending) ? '' : this.#pending.trimStart();
    this.#pending = '';
    return rest;
  }

  #take(char: string): string {
    if (char === '*' || char === '`') return '';
    if (char === '\n' || char === '\r') {
      const breakSentence = !this.#atLineStart && this.#wroteText;
      this.#atLineStart = true;
      this.#pending = '';
      return breakSentence ? ' ' : '';
    }
    if (!this.#atLineStart) return this.#text(char);
    const held = this.#pending + char;
    if (MARKER_PREFIX.test(held)) {
      this.#pending = held;
      return '';
    }
    this.#atLineStart = false;
    this.#pending = '';
    return this.#text(MARKER.test(held.slice(0, -1)) ? char : held.trimStart());
  }

  #text(text: string): string {
    if (text !== '') this.#wroteText = true;
    return text;
  }
}
