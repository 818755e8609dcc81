// Word segmentation with jieba-wasm. Every glossary form goes into jieba's dictionary first:
// its default dictionary splits nearly every policy formula (四个意识 → 四个/意识).

import { CodePointCursor, isHanCodePoint } from './positions';

/** Word tokens of a text, as parallel arrays of UTF-16 offsets. Only tokens that hold a letter, digit or Han character are kept. */
export interface TokenArrays {
  starts: Uint32Array;
  ends: Uint32Array;
}

export interface Segmenter {
  /** Adds words to the dictionary so that they are never split. */
  addWords(words: readonly string[]): void;
  segment(text: string): TokenArrays;
}

interface JiebaModule {
  tokenize(text: string, mode: string, hmm?: boolean | null): { word: string; start: number; end: number }[];
  add_word(word: string, freq?: number | null, tag?: string | null): number;
}

let jieba: JiebaModule | undefined;
function loadJieba(): JiebaModule {
  // Loaded on first use: the module instantiates its 4 MB wasm synchronously at require time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jieba ??= require('jieba-wasm') as JiebaModule;
  return jieba;
}

export function isWordToken(word: string): boolean {
  for (const ch of word) {
    const cp = ch.codePointAt(0)!;
    if (isHanCodePoint(cp) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return true;
  }
  return false;
}

/**
 * Converts jieba tokens (code-point offsets) to UTF-16 token arrays for `text`.
 * This is the only place where jieba's code points meet the rest of the system.
 */
export function tokensToUtf16(text: string, tokens: readonly { word: string; start: number; end: number }[]): TokenArrays {
  const cursor = new CodePointCursor(text);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const t of tokens) {
    if (!isWordToken(t.word)) continue;
    starts.push(cursor.toUtf16(t.start));
    ends.push(cursor.toUtf16(t.end));
  }
  return { starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}

export class JiebaSegmenter implements Segmenter {
  private readonly added = new Set<string>();

  addWords(words: readonly string[]): void {
    const j = loadJieba();
    for (const w of words) {
      if (this.added.has(w) || w.length === 0) continue;
      j.add_word(w);
      this.added.add(w);
    }
  }

  segment(text: string): TokenArrays {
    if (text.length === 0) return { starts: new Uint32Array(0), ends: new Uint32Array(0) };
    return tokensToUtf16(text, loadJieba().tokenize(text, 'default', true));
  }
}
