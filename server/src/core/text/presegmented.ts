// Text that a pipeline has already segmented (jieba, pkuseg, THULAC, LTP): Han words separated by
// single ASCII spaces. Its words are the user's, so it is not cut again: `whitespaceTokens` gives
// its tokens in the shape the segmenter gives them (UTF-16 offsets into the text as written).

import type { TokenArrays } from '../segmenter';
import { isWordTokenAt } from '../segmenter';

/** How much of the text the detection reads: a sample at its start, and one in its middle. */
const SAMPLE = 1 << 15;
/**
 * Of the places where one Han character is followed by another, directly or across one space,
 * the share with a space between. Segmented text has a space at every word boundary, some 40–60 %
 * of them (words average under two characters); prose has one now and then, between the parts of a
 * title (`召开会议 研究…`) or in a poem's lines (one in five or six at most).
 */
export const PRESEGMENTED_SHARE = 0.3;
/** Fewer Han-space-Han places than this say nothing either way: the text is read as prose. */
const MIN_SPACED = 8;
/** Places enough to decide: the detection stops there (most files are decided in their first few thousand characters). */
const ENOUGH_PLACES = 600;
/** Characters counted between two looks at whether enough places were seen. */
const CHUNK = 512;

function isHan(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

/** Han-space-Han and Han-Han places in `text[from, to)`. */
function countPlaces(text: string, from: number, to: number, counts: { spaced: number; joined: number }): void {
  for (let i = Math.max(1, from); i < to; i++) {
    const c = text.charCodeAt(i);
    if (!isHan(c)) continue;
    const p = text.charCodeAt(i - 1);
    if (isHan(p)) counts.joined++;
    else if (p === 0x20 && i >= 2 && isHan(text.charCodeAt(i - 2)) && text.charCodeAt(i - 3) !== 0x20) counts.spaced++;
  }
}

/**
 * Whether `text` reads as already segmented with spaces (see PRESEGMENTED_SHARE). Looks at a
 * sample at its start and, when that is not enough, one in its middle: bounded time.
 */
export function looksPresegmented(text: string): boolean {
  if (typeof text !== 'string' || text.length === 0) return false;
  const counts = { spaced: 0, joined: 0 };
  const samples = text.length > 4 * SAMPLE ? [0, text.length >> 1] : [0];
  for (const from of samples) {
    const to = Math.min(text.length, from + SAMPLE);
    for (let i = from; i < to && counts.spaced + counts.joined < ENOUGH_PLACES; i += CHUNK) countPlaces(text, i, Math.min(to, i + CHUNK), counts);
  }
  if (counts.spaced < MIN_SPACED) return false;
  return counts.spaced / (counts.spaced + counts.joined) >= PRESEGMENTED_SHARE;
}

// Punctuation and symbols end a word as spaces do (`共产党，` is the word `共产党`), as jieba
// splits them off; they are not words themselves. A table over the BMP, made once.
let breakTable: Uint8Array | undefined;
function breaks(): Uint8Array {
  if (breakTable) return breakTable;
  const t = new Uint8Array(0x10000);
  const re = /[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}]/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    if (re.test(String.fromCharCode(c))) t[c] = 1;
  }
  breakTable = t;
  return t;
}

/**
 * The words of an already segmented text: runs between spaces (and punctuation), as UTF-16
 * offsets, only those that hold a letter, digit or Han character (as the segmenter keeps them).
 * Linear; never throws.
 */
export function whitespaceTokens(text: string): TokenArrays {
  const n = typeof text === 'string' ? text.length : 0;
  const table = breaks();
  let starts = new Uint32Array(Math.max(16, n >> 2));
  let ends = new Uint32Array(starts.length);
  let count = 0;
  let i = 0;
  while (i < n) {
    while (i < n && table[text.charCodeAt(i)] === 1) i++;
    if (i >= n) break;
    const s = i;
    while (i < n && table[text.charCodeAt(i)] === 0) i++;
    if (!isWordTokenAt(text, s, i)) continue;
    if (count === starts.length) {
      const grownStarts = new Uint32Array(count * 2);
      const grownEnds = new Uint32Array(count * 2);
      grownStarts.set(starts);
      grownEnds.set(ends);
      starts = grownStarts;
      ends = grownEnds;
    }
    starts[count] = s;
    ends[count] = i;
    count++;
  }
  return { starts: starts.slice(0, count), ends: ends.slice(0, count) };
}
