/**
 * Numbers as speech recognition writes them ("twenty three", "a hundred and five", "1,000",
 * "two point five") turned into digits, so intents can read amounts and expressions.
 */
const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { thousand: 1000, million: 1_000_000, billion: 1_000_000_000 };

const WORD = `(?:${[...Object.keys(UNITS), ...Object.keys(TENS), 'hundred', ...Object.keys(SCALES)].join('|')})`;
/** A run of number words, joined by spaces, hyphens or "and" ("one hundred and five"). */
const RUN = new RegExp(`\\b${WORD}(?:(?:[\\s-]+and)?[\\s-]+${WORD})*\\b`, 'gi');

/** Reads number words ("two hundred and five") as a number; null when they are not one. */
export function parseNumberWords(text: string): number | null {
  const words = text.toLowerCase().split(/[\s-]+/).filter((word) => word !== '' && word !== 'and');
  if (words.length === 0) return null;
  let total = 0;
  let current = 0;
  let previous: 'unit' | 'tens' | 'hundred' | 'scale' | null = null;
  for (const word of words) {
    if (word in UNITS) {
      // "twenty three" adds; "five six" is two numbers, not 11.
      if (previous === 'unit' || (previous === 'tens' && UNITS[word]! >= 10)) return null;
      current += UNITS[word]!;
      previous = 'unit';
    } else if (word in TENS) {
      if (previous === 'unit' || previous === 'tens') return null;
      current += TENS[word]!;
      previous = 'tens';
    } else if (word === 'hundred') {
      current = (current || 1) * 100;
      previous = 'hundred';
    } else if (word in SCALES) {
      total += (current || 1) * SCALES[word]!;
      current = 0;
      previous = 'scale';
    } else return null;
  }
  return total + current;
}

/**
 * Replaces number words in `text` with digits ("what is twelve times fifteen" → "what is 12 times
 * 15"), reads "a hundred" as 100 and "two point five" as 2.5, and drops thousands separators.
 */
export function digitsForNumberWords(text: string): string {
  return text
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    .replace(/\ban? (hundred|thousand|million)\b/gi, 'one $1')
    .replace(RUN, (run) => {
      const value = parseNumberWords(run);
      return value === null ? run : String(value);
    })
    .replace(/(\d+) point (\d+)/gi, '$1.$2');
}
