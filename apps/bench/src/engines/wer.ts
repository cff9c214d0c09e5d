const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** 0–99 as words: Whisper writes "10 minutes" where the reference says "ten minutes". */
function numberWords(value: number): string[] {
  if (value < 20) return [ONES[value] ?? String(value)];
  const tens = TENS[Math.floor(value / 10)] ?? '';
  return value % 10 === 0 ? [tens] : [tens, ONES[value % 10] ?? ''];
}

/** Contractions and abbreviations Whisper writes where a reference spells the words out ("I'm" for "I am"). */
const EXPANSIONS: Record<string, string[]> = {
  "i'm": ['i', 'am'],
  "you're": ['you', 'are'],
  "we're": ['we', 'are'],
  "they're": ['they', 'are'],
  "that's": ['that', 'is'],
  "what's": ['what', 'is'],
  "there's": ['there', 'is'],
  "let's": ['let', 'us'],
  mr: ['mister'],
  mrs: ['missus'],
};

/** Lower case, no punctuation, small numbers and contractions spelled out: the words a listener would count. */
export function normalizeWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((word) => (/^\d{1,2}$/.test(word) ? numberWords(Number(word)) : (EXPANSIONS[word] ?? [word])));
}

/** Word-level edit distance (substitutions + insertions + deletions). */
export function wordErrors(reference: string[], hypothesis: string[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, index) => index);
  for (let i = 1; i <= reference.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= hypothesis.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[hypothesis.length] ?? 0;
}

/** Word error rate over a set: total errors / total reference words. */
export function wordErrorRate(pairs: { reference: string; hypothesis: string }[]): number {
  let errors = 0;
  let words = 0;
  for (const { reference, hypothesis } of pairs) {
    const ref = normalizeWords(reference);
    errors += wordErrors(ref, normalizeWords(hypothesis));
    words += ref.length;
  }
  return words === 0 ? 0 : errors / words;
}
