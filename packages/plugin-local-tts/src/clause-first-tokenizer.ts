import { tokenize } from '@livekit/agents';

/** The shortest opening chunk worth synthesizing on its own ("Sure," "Good morning!"). */
export const MIN_LEADING_CHUNK_CHARS = 4;
/** After the opening chunk, sentences shorter than this are merged forward (the framework's default). */
const MIN_SENTENCE_CHARS = 20;
/** Text buffered before the stream looks for boundaries (the framework's default). */
const STREAM_CONTEXT_CHARS = 10;

// A finished sentence waits for the next token, not for a cut.
const SENTENCE_END = /[.!?]["')\]]*\s*$/;
// A clause mark with more text after it: the LLM has moved on, so the clause is complete.
const CLAUSE_BOUNDARY = /[,;:](?=\s+\S)/g;

/**
 * The first clause of `sentence` ending at a comma, semicolon or colon, and the rest;
 * null when no clause of at least `minChars` is complete yet. "1,000" is no boundary: a mark
 * counts only when whitespace and more text follow it.
 */
export function splitLeadingClause(sentence: string, minChars = MIN_LEADING_CHUNK_CHARS): [string, string] | null {
  for (const match of sentence.matchAll(CLAUSE_BOUNDARY)) {
    const cut = match.index + 1;
    const clause = sentence.slice(0, cut).trim();
    if (clause.length >= minChars) return [clause, sentence.slice(cut).trim()];
  }
  return null;
}

/**
 * How long after the reply's first words the opening chunk may wait for its clause or sentence to
 * end. A first sentence that runs on ("The Moon is about 384,400 kilometers (238,855 miles)
 * away…": Qwen writes each digit as a token) would otherwise hold the voice for a second or more
 * on a CPU; past this, the words written so far go to the voice on their own. A faster model ends
 * its sentence first and is never cut.
 */
export const LEADING_CHUNK_MAX_WAIT_MS = 500;
/** Fewest complete words a time-cut opening may have (one word alone sounds like a stutter). */
const MIN_CUT_WORDS = 3;

/**
 * The complete words of an unfinished sentence and the rest (a word is complete once whitespace
 * follows it: the last one may still be growing), or null with fewer than `minWords`.
 */
export function splitCompleteWords(sentence: string, minWords = MIN_CUT_WORDS): [string, string] | null {
  const cut = sentence.search(/\s+\S*$/);
  if (cut <= 0) return null;
  const head = sentence.slice(0, cut).trim();
  if (head.split(/\s+/).length < minWords) return null;
  return [head, sentence.slice(cut).trim()];
}

export interface ClauseFirstOptions {
  /** See LEADING_CHUNK_MAX_WAIT_MS; 0 never cuts inside a clause. */
  leadingChunkMaxWaitMs?: number;
  /** Milliseconds clock (tests). */
  now?: () => number;
}

/**
 * Sentence tokenizer for streamed LLM text that lets the reply's opening reach the voice early.
 * A local model writes about 20 tokens a second on two cores, so waiting for the whole first
 * sentence costs up to a second before any audio: the opening chunk of each stream is the first
 * clause or the first sentence, whichever completes first, however short, or the words written
 * LEADING_CHUNK_MAX_WAIT_MS after the first ones when neither has. The rest is spoken sentence by
 * sentence as the framework's own tokenizer does, which keeps the prosody whole.
 */
export class ClauseFirstSentenceTokenizer extends tokenize.SentenceTokenizer {
  readonly #leadingSentences = new tokenize.basic.SentenceTokenizer({ minSentenceLength: MIN_LEADING_CHUNK_CHARS });
  readonly #sentences = new tokenize.basic.SentenceTokenizer({ minSentenceLength: MIN_SENTENCE_CHARS, streamContextLength: STREAM_CONTEXT_CHARS });
  readonly #maxWaitMs: number;
  readonly #now: () => number;

  constructor(options: ClauseFirstOptions = {}) {
    super();
    this.#maxWaitMs = options.leadingChunkMaxWaitMs ?? LEADING_CHUNK_MAX_WAIT_MS;
    this.#now = options.now ?? (() => performance.now());
  }

  tokenize(text: string, language?: string): string[] {
    return this.#sentences.tokenize(text, language);
  }

  stream(): tokenize.SentenceStream {
    let leading = true;
    let firstTextAt: number | null = null;
    let previousText = '';
    // The buffered stream emits a chunk only once a later one has begun (more than one token).
    const split = (text: string): string[] => {
      if (!leading) return this.#sentences.tokenize(text);
      const [first, ...rest] = this.#leadingSentences.tokenize(text);
      // The same text again is the final flush: the reply is complete and is not cut.
      const grew = text !== previousText;
      previousText = text;
      if (first === undefined) return [];
      firstTextAt ??= this.#now();
      const overdue =
        grew && rest.length === 0 && !SENTENCE_END.test(first) && this.#maxWaitMs > 0 && this.#now() - firstTextAt >= this.#maxWaitMs;
      const clause = splitLeadingClause(first) ?? (overdue ? splitCompleteWords(first) : null);
      const chunks = clause ? [...clause, ...rest] : [first, ...rest];
      if (chunks.length > 1) leading = false;
      return chunks;
    };
    return new tokenize.BufferedSentenceStream(split, MIN_SENTENCE_CHARS, STREAM_CONTEXT_CHARS, {
      firstTokenLength: MIN_LEADING_CHUNK_CHARS,
    });
  }
}
