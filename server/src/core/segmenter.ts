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
  cut(text: string, hmm?: boolean | null): string[];
  add_word(word: string, freq?: number | null, tag?: string | null): number;
  /** Present (null when unset) in the bundle's jieba loader: see scripts/patch-jieba-glue.cjs. */
  __corpusStudyStringHook?: ((ptr: number, len: number) => unknown) | null;
}

/** What jieba-wasm's loader exposes of its instance: the linear memory and wasm-bindgen's table of JS values. */
interface JiebaInstance {
  memory?: { buffer: ArrayBuffer; grow(pages: number): number };
  __wbindgen_export_2?: { length: number; grow(n: number): number };
}

let jieba: (JiebaModule & { __wasm?: JiebaInstance }) | undefined;
function loadJieba(): JiebaModule & { __wasm?: JiebaInstance } {
  // Loaded on first use: the module instantiates its 4 MB wasm synchronously at require time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  jieba ??= require('jieba-wasm') as JiebaModule & { __wasm?: JiebaInstance };
  return jieba;
}

/**
 * jieba's whole state once its default dictionary is built (no word added yet): the wasm linear
 * memory, the size of wasm-bindgen's value table, and the words of a probe text. Building the
 * dictionary costs each instance a few hundred ms of CPU; another instance of the same module
 * (a worker) starts from this copy in a few ms instead. Shared memory, so one copy serves every
 * worker.
 */
export interface JiebaImage {
  memory: SharedArrayBuffer;
  tableLength: number;
  probe: string;
}

const PROBE = '会议强调，要增强“四个意识”、坚定“四个自信”，做好“六稳”工作，落实联防联控措施。𠮷2020年3月6日';
const probeWords = (j: JiebaModule) => j.cut(PROBE, true).join('\u0001');

function usable(memory: JiebaInstance['memory'], table: JiebaInstance['__wbindgen_export_2']): memory is NonNullable<JiebaInstance['memory']> {
  return memory?.buffer instanceof ArrayBuffer && typeof memory.grow === 'function' && typeof table?.length === 'number' && typeof table.grow === 'function';
}

/** This instance's jieba state after its default dictionary was built; undefined if the loader does not expose it. */
export function captureJiebaImage(): JiebaImage | undefined {
  const j = loadJieba();
  const probe = probeWords(j);
  const memory = j.__wasm?.memory;
  const table = j.__wasm?.__wbindgen_export_2;
  if (!usable(memory, table)) return undefined;
  const bytes = new Uint8Array(memory.buffer);
  const shared = new SharedArrayBuffer(bytes.byteLength);
  new Uint8Array(shared).set(bytes);
  return { memory: shared, tableLength: table!.length, probe };
}

/**
 * Makes this (fresh, never used) jieba instance a copy of the one `image` was taken from, and
 * checks it segments the probe text alike. False when it cannot or does not: the instance is
 * then unusable and its thread must be replaced.
 */
export function restoreJiebaImage(image: JiebaImage): boolean {
  return restoreJieba(
    image.memory.byteLength,
    (memory) => {
      memory.set(new Uint8Array(image.memory));
      return true;
    },
    image.tableLength,
    image.probe,
  );
}

/**
 * The same, with the memory filled by `fill` (from a file, straight into jieba's memory, no copy
 * between): `size` bytes of memory, of which those from `freshFrom` on were just grown (zero),
 * wasm-bindgen's table grown to `tableLength`, and the probe text must give `probe`. False when
 * anything fails.
 */
export function restoreJieba(size: number, fill: (memory: Uint8Array, freshFrom: number) => boolean, tableLength: number, probe: string): boolean {
  try {
    const j = loadJieba();
    const memory = j.__wasm?.memory;
    const table = j.__wasm?.__wbindgen_export_2;
    if (!usable(memory, table)) return false;
    const freshFrom = memory.buffer.byteLength;
    if (size < freshFrom || size % 65536 !== 0) return false;
    if (size > freshFrom) memory.grow((size - freshFrom) / 65536);
    if (!fill(new Uint8Array(memory.buffer, 0, size), freshFrom)) return false;
    if (tableLength > table!.length) table!.grow(tableLength - table!.length);
    return probeWords(j) === probe;
  } catch {
    return false;
  }
}

/** Loads (compiles and instantiates) jieba-wasm now, before any text, without building its dictionary. */
export function loadJiebaModule(): void {
  loadJieba();
}

export function isWordToken(word: string): boolean {
  return isWordTokenAt(word, 0, word.length);
}

/** `isWordToken` of `text[start, end)`, without slicing it. */
export function isWordTokenAt(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    let cp = text.codePointAt(i)!;
    // Half a pair at the end of the range is that half alone, as in a sliced word.
    if (cp > 0xffff && i + 1 >= end) cp = text.charCodeAt(i);
    if (isHanCodePoint(cp) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) return true;
    if (cp > 0xffff) i++;
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

/**
 * The longest text jieba is given in one call. jieba-wasm traps ("RuntimeError: unreachable") on
 * texts of tens of megabytes, and one long call holds its thread for seconds; pieces of this size
 * cost nothing extra and give the same tokens (see `pieceEnds`).
 */
export const MAX_PIECE = 8192;

const NEWLINE = 0x0a;
const FULL_STOP = 0x3002; // 。
const COMMA = 0xff0c; // ，

/**
 * Where to cut `text` into pieces of at most `max` UTF-16 units: after the last line break,
 * 。 or ， in each window (jieba splits its input at punctuation and line breaks anyway, so no
 * word spans such a cut and the tokens equal those of the whole text); a window without any of
 * them is cut at its end, but never between the two halves of a surrogate pair.
 * Returns the end offset of each piece; the last is `text.length`.
 */
export function pieceEnds(text: string, max = MAX_PIECE): number[] {
  const ends: number[] = [];
  let start = 0;
  while (text.length - start > max) {
    let end = -1;
    for (let i = start + max - 1; i > start; i--) {
      const c = text.charCodeAt(i);
      if (c === NEWLINE || c === FULL_STOP || c === COMMA) {
        end = i + 1;
        break;
      }
    }
    if (end < 0) {
      end = start + max;
      const c = text.charCodeAt(end - 1);
      if (c >= 0xd800 && c <= 0xdbff) end--;
    }
    ends.push(end);
    start = end;
  }
  ends.push(text.length);
  return ends;
}

/**
 * Where to cut a long `text` into `parts` parts of about equal length, each cut just after a line
 * break (no word or candidate term spans one, so the parts segmented apart give the tokens and
 * candidates of the whole). Returns each part's start offset, the first 0; fewer parts where
 * lines are too long to cut near the aim.
 */
export function partStarts(text: string, parts: number): number[] {
  const starts = [0];
  const size = text.length / parts;
  for (let k = 1; k < parts; k++) {
    const aim = Math.round(k * size);
    const nl = text.indexOf('\n', aim);
    if (nl < 0 || nl + 1 - aim > size / 2) continue;
    if (nl + 1 > starts[starts.length - 1] && nl + 1 < text.length) starts.push(nl + 1);
  }
  return starts;
}

/**
 * UTF-16 token arrays from jieba's `cut`. Its words concatenate to the input (checked), so
 * offsets are running sums of word lengths in UTF-16 units and no code point is ever counted:
 * `cut` skips the per-token objects `tokenize` builds, which is most of jieba's cost.
 * Returns undefined when the words do not add up, and the caller falls back to `tokenize`.
 */
export function cutToUtf16(text: string, words: readonly string[]): TokenArrays | undefined {
  const starts = new Uint32Array(words.length);
  const ends = new Uint32Array(words.length);
  let n = 0;
  let at = 0;
  for (const w of words) {
    if (text.startsWith(w, at) === false) return undefined;
    if (isWordToken(w)) {
      starts[n] = at;
      ends[n] = at + w.length;
      n++;
    }
    at += w.length;
  }
  if (at !== text.length) return undefined;
  return { starts: starts.slice(0, n), ends: ends.slice(0, n) };
}

/**
 * jieba over one piece: `cut` (words only, offsets by summing lengths), `tokenize` if the words
 * do not add up to the piece.
 */
function segmentPiece(j: JiebaModule & { __wasm?: JiebaInstance }, piece: string): TokenArrays {
  return wordMeter(j)?.cut(j, piece) ?? cutToUtf16(piece, j.cut(piece, true)) ?? tokensToUtf16(piece, j.tokenize(piece, 'default', true));
}

/**
 * jieba's `cut` without a string per word, where the loader allows it (the bundle's: see
 * scripts/patch-jieba-glue.cjs). While `cut` runs, each word wasm-bindgen would have turned into
 * a string is measured where it lies in wasm memory instead: its UTF-16 length from its UTF-8
 * bytes. Words must follow each other byte for byte and add up to the piece, else the caller
 * takes the string path. The same tokens as `cutToUtf16` (a test compares the two).
 */
class WordMeter {
  private lengths = new Int32Array(4096);
  private count = 0;
  private nextByte = -1;
  private contiguous = true;
  private bytes = new Uint8Array(0);

  constructor(private readonly memory: { buffer: ArrayBuffer }) {}

  /** The hook: never throws (an exception would unwind through wasm), returns a placeholder for the word. */
  private readonly measure = (ptr: number, len: number): number => {
    // A view goes stale (length 0) when jieba grows its memory.
    if (this.bytes.byteLength === 0) this.bytes = new Uint8Array(this.memory.buffer);
    const bytes = this.bytes;
    let units = 0;
    for (let k = ptr, end = ptr + len; k < end; k++) {
      const b = bytes[k];
      // A lead byte starts a code point; a four-byte one is two UTF-16 units.
      if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
    }
    if (this.count === this.lengths.length) {
      const bigger = new Int32Array(2 * this.count);
      bigger.set(this.lengths);
      this.lengths = bigger;
    }
    this.lengths[this.count++] = units;
    if (this.nextByte >= 0 && ptr !== this.nextByte) this.contiguous = false;
    this.nextByte = ptr + len;
    return 0;
  };

  cut(j: JiebaModule, piece: string): TokenArrays | undefined {
    this.count = 0;
    this.nextByte = -1;
    this.contiguous = true;
    j.__corpusStudyStringHook = this.measure;
    try {
      j.cut(piece, true);
    } finally {
      j.__corpusStudyStringHook = null;
    }
    const n = this.count;
    const lengths = this.lengths;
    const starts = new Uint32Array(n);
    const ends = new Uint32Array(n);
    let kept = 0;
    let at = 0;
    for (let i = 0; i < n; i++) {
      const end = at + lengths[i];
      if (isWordTokenAt(piece, at, end)) {
        starts[kept] = at;
        ends[kept] = end;
        kept++;
      }
      at = end;
    }
    if (!this.contiguous || at !== piece.length) return undefined;
    return { starts: starts.slice(0, kept), ends: ends.slice(0, kept) };
  }
}

const meters = new WeakMap<object, WordMeter | null>();
function wordMeter(j: JiebaModule & { __wasm?: JiebaInstance }): WordMeter | undefined {
  let m = meters.get(j);
  if (m === undefined) meters.set(j, (m = j.__corpusStudyStringHook === null && j.__wasm?.memory ? new WordMeter(j.__wasm.memory) : null));
  return m ?? undefined;
}

/** Whether `segment` measures jieba's words in place (the bundle's loader) rather than taking them as strings. */
export function measuresWordsInPlace(j: object = loadJieba()): boolean {
  return wordMeter(j as JiebaModule) !== undefined;
}

/** One piece (at most MAX_PIECE units) cut with words measured in place; undefined when the words do not add up or the loader cannot. */
export function measuredCut(j: object, piece: string): TokenArrays | undefined {
  return wordMeter(j as JiebaModule)?.cut(j as JiebaModule, piece);
}

export class JiebaSegmenter implements Segmenter {
  private readonly added = new Set<string>();

  /** `module`: a jieba-wasm loader other than this thread's (tests: the bundle's patched one). */
  constructor(private readonly module?: object) {}

  private jieba(): JiebaModule & { __wasm?: JiebaInstance } {
    return (this.module as JiebaModule | undefined) ?? loadJieba();
  }

  addWords(words: readonly string[]): void {
    const j = this.jieba();
    for (const w of words) {
      if (this.added.has(w) || w.length === 0) continue;
      j.add_word(w);
      this.added.add(w);
    }
  }

  /**
   * The one segmentation path (workers and the server thread alike): the text in pieces of at
   * most MAX_PIECE units, cut where jieba would split anyway.
   */
  segment(text: string): TokenArrays {
    if (text.length === 0) return { starts: new Uint32Array(0), ends: new Uint32Array(0) };
    const j = this.jieba();
    if (text.length <= MAX_PIECE) return segmentPiece(j, text);
    const parts: TokenArrays[] = [];
    const offsets: number[] = [];
    let total = 0;
    let start = 0;
    for (const end of pieceEnds(text)) {
      const t = segmentPiece(j, text.slice(start, end));
      parts.push(t);
      offsets.push(start);
      total += t.starts.length;
      start = end;
    }
    const starts = new Uint32Array(total);
    const ends = new Uint32Array(total);
    let n = 0;
    for (let p = 0; p < parts.length; p++) {
      const { starts: s, ends: e } = parts[p];
      const off = offsets[p];
      for (let i = 0; i < s.length; i++, n++) {
        starts[n] = s[i] + off;
        ends[n] = e[i] + off;
      }
    }
    return { starts, ends };
  }
}
