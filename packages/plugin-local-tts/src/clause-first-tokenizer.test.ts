import { describe, expect, it } from 'vitest';
import { ClauseFirstSentenceTokenizer, splitCompleteWords, splitLeadingClause } from './clause-first-tokenizer.js';

/** Pushes `pieces` one by one (as an LLM streams tokens) and records which chunks were out after each push. */
async function streamPieces(pieces: string[]): Promise<{ chunks: string[]; emittedAfterPiece: number[] }> {
  const stream = new ClauseFirstSentenceTokenizer().stream();
  const chunks: string[] = [];
  const emittedAfterPiece: number[] = [];
  const reader = (async () => {
    for await (const event of stream) {
      chunks.push(event.token);
      emittedAfterPiece.push(pushed);
    }
  })();
  let pushed = 0;
  for (const piece of pieces) {
    stream.pushText(piece);
    pushed += 1;
    // Let the queue hand out what the push produced before the next piece arrives.
    await new Promise((resolve) => setImmediate(resolve));
  }
  stream.endInput();
  await reader;
  return { chunks, emittedAfterPiece };
}

const words = (text: string): string[] => text.split(/(?=\s)/);

describe('splitLeadingClause', () => {
  it('cuts at the first complete clause mark', () => {
    expect(splitLeadingClause('Sure, the capital of France is Paris.')).toEqual(['Sure,', 'the capital of France is Paris.']);
    expect(splitLeadingClause('It is far; about 384,400 kilometers.')).toEqual(['It is far;', 'about 384,400 kilometers.']);
  });

  it('does not cut inside numbers, before more text exists, or at a clause under the minimum', () => {
    expect(splitLeadingClause('About 384,400 kilometers away.')).toBeNull();
    expect(splitLeadingClause('Well,')).toBeNull();
    expect(splitLeadingClause('Well, ')).toBeNull();
    expect(splitLeadingClause('So, it is ten.', 5)).toBeNull();
  });
});

describe('ClauseFirstSentenceTokenizer stream', () => {
  it('hands the opening clause over as soon as the model moves past it', async () => {
    const pieces = words('Well, the capital of France is Paris, a city on the Seine. It is also the largest city.');
    const { chunks, emittedAfterPiece } = await streamPieces(pieces);
    expect(chunks[0]).toBe('Well,');
    // "Well," is out within a word or two of the comma (the stream looks once 10 characters are
    // buffered), long before the sentence ends at the 12th piece.
    expect(emittedAfterPiece[0]).toBeLessThanOrEqual(3);
    expect(chunks.join(' ')).toBe('Well, the capital of France is Paris, a city on the Seine. It is also the largest city.');
    // After the opening, whole sentences: the second comma does not split again.
    expect(chunks.slice(1)).toEqual(['the capital of France is Paris, a city on the Seine.', 'It is also the largest city.']);
  });

  it('hands a short first sentence over on its own', async () => {
    const { chunks } = await streamPieces(words('Good morning! I am doing well, thank you for asking. How can I help?'));
    expect(chunks[0]).toBe('Good morning!');
    expect(chunks.join(' ')).toBe('Good morning! I am doing well, thank you for asking. How can I help?');
  });

  it('waits for the sentence when it has no clause, and loses nothing at the end of input', async () => {
    const { chunks, emittedAfterPiece } = await streamPieces(words('The capital of France is Paris.'));
    expect(chunks).toEqual(['The capital of France is Paris.']);
    expect(emittedAfterPiece[0]).toBe(words('The capital of France is Paris.').length);
  });

  it('tokenize() splits whole text into sentences as the framework does', () => {
    expect(new ClauseFirstSentenceTokenizer().tokenize('Hello there, friend. This is a longer sentence.')).toEqual([
      'Hello there, friend.',
      'This is a longer sentence.',
    ]);
  });
});

describe('ClauseFirstSentenceTokenizer time-bounded opening', () => {
  /** Streams `pieces` with `msPerPiece` between them on a fake clock. */
  async function timedStream(pieces: string[], msPerPiece: number, leadingChunkMaxWaitMs?: number): Promise<{ chunks: string[]; emittedAfterPiece: number[] }> {
    let clock = 0;
    const stream = new ClauseFirstSentenceTokenizer({ now: () => clock, ...(leadingChunkMaxWaitMs === undefined ? {} : { leadingChunkMaxWaitMs }) }).stream();
    const chunks: string[] = [];
    const emittedAfterPiece: number[] = [];
    let pushed = 0;
    const reader = (async () => {
      for await (const event of stream) {
        chunks.push(event.token);
        emittedAfterPiece.push(pushed);
      }
    })();
    for (const piece of pieces) {
      stream.pushText(piece);
      pushed += 1;
      clock += msPerPiece;
      await new Promise((resolve) => setImmediate(resolve));
    }
    stream.endInput();
    await reader;
    return { chunks, emittedAfterPiece };
  }

  const digits = (text: string): string[] => text.split(/(?=\s)|(?<=\d)(?=[\d,])/);

  it('hands over the words written so far when the first sentence runs on past the wait', async () => {
    const reply = 'The moon is approximately 384,400 kilometers (238,855 miles) away from Earth. It orbits us every month.';
    const { chunks, emittedAfterPiece } = await timedStream(digits(reply), 60);
    // At 60 ms a token, the opening goes out about 500 ms after the first words, in whole words.
    // The wait starts once the stream looks at the text (10 characters in).
    expect(chunks[0]).toMatch(/^The moon is approximately [\d,]+(?: kilometers)?$/);
    expect(emittedAfterPiece[0]).toBeLessThanOrEqual(14);
    expect(chunks.join(' ')).toBe(reply);
    expect(chunks.slice(-1)).toEqual(['It orbits us every month.']);
  });

  it('never cuts a sentence that ends within the wait, a finished one, or the final flush', async () => {
    // Fast tokens: the sentence ends long before the wait.
    expect((await timedStream(words('The capital of France is Paris. It is on the Seine.'), 20)).chunks).toEqual(['The capital of France is Paris.', 'It is on the Seine.']);
    // The sentence is complete when the wait passes: it waits for the next token (here the end), whole.
    expect((await timedStream(words('The capital of France is Paris.'), 80)).chunks).toEqual(['The capital of France is Paris.']);
    // A model this slow (5 tokens a second) has its opening cut.
    expect((await timedStream(words('The capital of France is Paris.'), 200)).chunks).toEqual(['The capital of France', 'is Paris.']);
    // A reply without a full stop, flushed at the end: one chunk.
    expect((await timedStream(words('Sure thing'), 400)).chunks).toEqual(['Sure thing']);
  });

  it('does not cut with the wait off, nor before three complete words', async () => {
    expect((await timedStream(words('The moon is approximately 384,400 kilometers away.'), 200, 0)).chunks).toEqual(['The moon is approximately 384,400 kilometers away.']);
    expect(splitCompleteWords('The moo')).toBeNull();
    expect(splitCompleteWords('The moon is appro')).toEqual(['The moon is', 'appro']);
  });
});
