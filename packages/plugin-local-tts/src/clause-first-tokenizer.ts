import { tokenize } from '@livekit/agents';

/** The shortest opening chunk worth synthesizing on its own ("Sure," "Good morning!"). */
export const MIN_LEADING_CHUNK_CHARS = 4;
/** After the opening chunk, sentences shorter than this are merged forward (the framework's default). */
const MIN_SENTENCE_CHARS = 20;
/** Text buffered before the stream looks for boundaries (the framework's default). */
const STREAM_CONTEXT_CHARS = 10;

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
 * Sentence tokenizer for streamed LLM text that lets the reply's opening reach the voice early.
 * A local model writes about 20 tokens a second on two cores, so waiting for the whole first
 * sentence costs up to a second before any audio: the opening chunk of each stream is the first
 * clause or the first sentence, whichever completes first, however short. The rest is spoken
 * sentence by sentence as the framework's own tokenizer does, which keeps the prosody whole.
 */
export class ClauseFirstSentenceTokenizer extends tokenize.SentenceTokenizer {
  readonly #leadingSentences = new tokenize.basic.SentenceTokenizer({ minSentenceLength: MIN_LEADING_CHUNK_CHARS });
  readonly #sentences = new tokenize.basic.SentenceTokenizer({ minSentenceLength: MIN_SENTENCE_CHARS, streamContextLength: STREAM_CONTEXT_CHARS });

  tokenize(text: string, language?: string): string[] {
    return this.#sentences.tokenize(text, language);
  }

  stream(): tokenize.SentenceStream {
    let leading = true;
    // The buffered stream emits a chunk only once a later one has begun (more than one token).
    const split = (text: string): string[] => {
      if (!leading) return this.#sentences.tokenize(text);
      const [first, ...rest] = this.#leadingSentences.tokenize(text);
      if (first === undefined) return [];
      const clause = splitLeadingClause(first);
      const chunks = clause ? [...clause, ...rest] : [first, ...rest];
      if (chunks.length > 1) leading = false;
      return chunks;
    };
    return new tokenize.BufferedSentenceStream(split, MIN_SENTENCE_CHARS, STREAM_CONTEXT_CHARS, {
      firstTokenLength: MIN_LEADING_CHUNK_CHARS,
    });
  }
}
