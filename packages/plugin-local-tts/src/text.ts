import { tokenize } from '@livekit/agents';

// C0/C1 controls (incl. newlines and tabs), zero-width and bidi controls, BOM.
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
const LONE_SURROGATE_RE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export interface SanitizedText {
  text: string;
  truncated: boolean;
}

/**
 * Makes arbitrary (LLM- or user-produced) text safe to hand to a speech engine: Unicode NFC,
 * no control or invisible formatting characters, no lone surrogates, collapsed whitespace,
 * and at most `maxChars` characters (cut at a word boundary when possible).
 */
export function sanitizeText(input: string, maxChars: number): SanitizedText {
  let text = input.normalize('NFC').replace(LONE_SURROGATE_RE, ' ').replace(CONTROL_RE, ' ');
  text = text.replace(/\s+/g, ' ').trim();
  if (text.length <= maxChars) return { text, truncated: false };
  let cut = text.slice(0, maxChars);
  const space = cut.lastIndexOf(' ');
  if (space > maxChars * 0.8) cut = cut.slice(0, space);
  // Do not leave half a surrogate pair at the end.
  cut = cut.replace(LONE_SURROGATE_RE, '');
  return { text: cut.trim(), truncated: true };
}

const ASCII_MAP: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u2033': '"',
  '\u2013': '-', '\u2014': ', ', '\u2015': ', ', '\u2212': '-', '\u2026': '...',
  '\u00a0': ' ', '\u00ab': '"', '\u00bb': '"', '\u00d7': ' times ', '\u00b0': ' degrees',
  '\u20ac': ' euros', '\u00a3': ' pounds', '\u00a5': ' yen', '\u00df': 'ss',
  '\u00e6': 'ae', '\u00c6': 'AE', '\u0153': 'oe', '\u0152': 'OE', '\u00f8': 'o', '\u00d8': 'O',
  '\u0142': 'l', '\u0141': 'L', '\u00f0': 'd', '\u00fe': 'th', '&': ' and ',
};

/**
 * Folds text to printable ASCII for the English-only engines (Festival, flite): typographic
 * punctuation to ASCII, accents dropped, everything else without an ASCII reading (emoji,
 * other scripts) removed. Returns '' when nothing speakable is left.
 */
export function foldToAscii(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKD')) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x20 && code < 0x7f) out += ch;
    else if (ASCII_MAP[ch] !== undefined) out += ASCII_MAP[ch];
    else if (code >= 0x300 && code <= 0x36f) continue; // combining accents
    else out += ' ';
  }
  out = out.replace(/\s+/g, ' ').trim();
  return /[A-Za-z0-9]/.test(out) ? out : '';
}

/** Quotes a string as a Scheme (SIOD) string literal: only `"` and `\` need escaping. */
export function schemeString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const sentenceTokenizer = new tokenize.basic.SentenceTokenizer();

/**
 * Splits text into sentence-sized chunks for synthesis (the framework's sentence rules), then
 * splits any sentence longer than `maxChunkChars` at a clause boundary or space.
 */
export function splitForSynthesis(text: string, maxChunkChars: number): string[] {
  const out: string[] = [];
  for (const sentence of sentenceTokenizer.tokenize(text)) {
    let rest = sentence.trim();
    while (rest.length > maxChunkChars) {
      const window = rest.slice(0, maxChunkChars);
      let cut = Math.max(window.lastIndexOf(', '), window.lastIndexOf('; '), window.lastIndexOf(': '));
      if (cut < maxChunkChars * 0.4) cut = window.lastIndexOf(' ');
      if (cut < maxChunkChars * 0.4) cut = maxChunkChars - 1;
      out.push(rest.slice(0, cut + 1).trim());
      rest = rest.slice(cut + 1).trim();
    }
    if (rest) out.push(rest);
  }
  return out;
}

/** A first chunk longer than this is cut at its first clause boundary (see leadWithShortClause). */
export const FIRST_CHUNK_CHARS = 60;
const MIN_FIRST_CLAUSE_CHARS = 12;

/**
 * Time to first audio grows with the first chunk's length (a neural voice synthesizes a whole
 * chunk before any of it plays), so a long first sentence is split at its first comma, semicolon
 * or colon: the clause plays while the rest is synthesized.
 */
export function leadWithShortClause(chunks: string[], maxFirstChars = FIRST_CHUNK_CHARS): string[] {
  const [first, ...rest] = chunks;
  if (first === undefined || first.length <= maxFirstChars) return chunks;
  const boundary = /[,;:] /g;
  let match: RegExpExecArray | null;
  while ((match = boundary.exec(first)) !== null) {
    const cut = match.index + 1;
    if (cut > maxFirstChars) break;
    if (cut >= MIN_FIRST_CLAUSE_CHARS) return [first.slice(0, cut).trim(), first.slice(cut).trim(), ...rest];
  }
  return chunks;
}
