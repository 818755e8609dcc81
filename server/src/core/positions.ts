// The one place where positions change units.
// - jieba-wasm reports token offsets in Unicode code points;
// - the model, LSP and VS Code count UTF-16 code units;
// - LSP positions are (line, character) pairs, where line breaks are LF, CRLF or CR.

export interface LinePosition {
  line: number;
  character: number;
}

/** Where an edited text differs from its previous version (`changedStretch`). */
export interface ChangedStretch {
  /** First offset that differs, in both texts. */
  start: number;
  /** End of the changed stretch in the previous text; it ends at `oldEnd + delta` in the new one. */
  oldEnd: number;
  delta: number;
}

/**
 * Where `after` differs from `before`: it starts at `start` in both, and ends at `oldEnd` in
 * `before` and at `oldEnd + delta` in `after` (the longest common prefix and suffix around it).
 * `known`, when given, is a stretch outside which the texts are known to be equal (the editor
 * said where it changed them, `stretchOfChanges`): only what lies inside it is compared, and the
 * result is the same. Comparing the whole of two 10 MB texts took 0.3 ms, and its slices made
 * 2.7 MB of garbage, at every keystroke.
 */
export function changedStretch(before: string, after: string, known?: ChangedStretch): ChangedStretch {
  const max = Math.min(before.length, after.length);
  const p = commonLength(before, after, max, false, known ? Math.min(known.start, max) : 0);
  const s = commonLength(before, after, max - p, true, known ? Math.min(before.length - known.oldEnd, max - p) : 0);
  return { start: p, oldEnd: before.length - s, delta: after.length - before.length };
}

/** One change of a text: `[start, end)` of the text as it was just before it replaced by `inserted` units. */
export interface TextChange {
  start: number;
  end: number;
  inserted: number;
}

/**
 * One stretch, in the first text's offsets, outside which changes applied one after another (as
 * an editor sends them: each in the offsets of the text the ones before it made) left the text as
 * it was; undefined for no change. It covers them all, so it may hold unchanged text between two.
 */
export function stretchOfChanges(changes: readonly TextChange[]): ChangedStretch | undefined {
  if (changes.length === 0) return undefined;
  // The first text's [start, oldEnd) is the current text's [start, newEnd).
  let { start, end: oldEnd } = changes[0];
  let newEnd = start + changes[0].inserted;
  for (let k = 1; k < changes.length; k++) {
    const { start: a, end: b, inserted } = changes[k];
    // Before `start` the current text is the first one; from `newEnd` on, it is shifted by newEnd - oldEnd.
    if (b > newEnd) oldEnd += b - newEnd;
    newEnd = Math.max(newEnd, b) + inserted - (b - a);
    start = Math.min(start, a);
  }
  return { start, oldEnd, delta: newEnd - oldEnd };
}

/**
 * The length (at most `max`) of the common prefix of `a` and `b`, or of their common suffix, the
 * first `known` units of which are known to be common. Compared a stretch at a time, long ones
 * first: comparing two slices compares their memory, some forty times faster than a loop over
 * `charCodeAt` (an edit in a document of millions of characters).
 */
function commonLength(a: string, b: string, max: number, fromEnd: boolean, known = 0): number {
  let n = known;
  for (let step = 1 << 16; step >= 1; step >>= 4) {
    while (n + step <= max && (fromEnd ? a.slice(a.length - n - step, a.length - n) === b.slice(b.length - n - step, b.length - n) : a.slice(n, n + step) === b.slice(n, n + step))) n += step;
  }
  return n;
}

/** The first index `i` in `[lo, hi)` of ascending `a` with `a[i] >= x` (`hi` if none). */
export function firstAtLeast(a: ArrayLike<number>, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Maps UTF-16 offsets to (line, character) and back. Line breaks: \n, \r\n and lone \r. */
export class LineIndex {
  /** lineStarts[i] is the UTF-16 offset where line i starts. */
  readonly lineStarts: Uint32Array;

  constructor(readonly text: string, lineStarts?: Uint32Array) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    // Line ends found by indexOf, not a loop over every character: a 10 MB document's first
    // position conversion (its first hover) took 7-9 ms while that loop ran unoptimized.
    const starts: number[] = [0];
    let lf = text.indexOf('\n');
    let cr = text.indexOf('\r');
    while (lf >= 0 || cr >= 0) {
      // The last unit of the next line end: a lone LF, a lone CR, or the LF of a CRLF.
      const end = cr >= 0 && (lf < 0 || cr < lf) ? (text.charCodeAt(cr + 1) === 10 ? cr + 1 : cr) : lf;
      starts.push(end + 1);
      if (lf >= 0 && lf <= end) lf = text.indexOf('\n', end + 1);
      if (cr >= 0 && cr <= end) cr = text.indexOf('\r', end + 1);
    }
    this.lineStarts = Uint32Array.from(starts);
  }

  /**
   * The line index of `text`, made from `previous` (of the text before an edit) and where the two
   * texts differ (`changedStretch`'s answer): whether a line starts at an offset depends on the two
   * characters before and at it, so starts before the stretch are kept, those after it shifted,
   * and only the stretch is scanned. An edit in a long document costs a copy of its line starts,
   * not a pass over its text.
   */
  static afterEdit(previous: LineIndex, text: string, edit: ChangedStretch): LineIndex {
    const old = previous.lineStarts;
    const from = Math.max(1, edit.start);
    const newEnd = edit.oldEnd + edit.delta;
    // Old starts before `from` (0 always among them), then those at or after oldEnd + 1, shifted.
    const keepBefore = previous.lineOf(from - 1) + 1;
    const keepAfter = previous.lineOf(edit.oldEnd) + 1;
    const scanned: number[] = [];
    for (let q = from; q <= newEnd && q <= text.length; q++) {
      const c = text.charCodeAt(q - 1);
      if (c === 10 || (c === 13 && text.charCodeAt(q) !== 10)) scanned.push(q);
    }
    const starts = new Uint32Array(keepBefore + scanned.length + (old.length - keepAfter));
    starts.set(old.subarray(0, keepBefore));
    starts.set(scanned, keepBefore);
    for (let i = keepAfter, j = keepBefore + scanned.length; i < old.length; i++, j++) starts[j] = old[i] + edit.delta;
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  lineOf(offset: number): number {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): LinePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, character: clamped - this.lineStarts[line] };
  }

  offsetAt(position: LinePosition): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    return Math.max(start, Math.min(start + position.character, end));
  }

  /** Offset just before the line terminator of `line`. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}

/**
 * Converts code-point offsets, given in ascending order, to UTF-16 offsets in `text`.
 * Walks the string once, so converting all tokens of a text is linear.
 */
export class CodePointCursor {
  private cp = 0;
  private unit = 0;

  constructor(private readonly text: string) {}

  /** UTF-16 offset of code point `target`; `target` must not go backwards between calls. */
  toUtf16(target: number): number {
    if (target < this.cp) {
      this.cp = 0;
      this.unit = 0;
    }
    const text = this.text;
    while (this.cp < target && this.unit < text.length) {
      const c = text.charCodeAt(this.unit);
      // A high surrogate followed by a low surrogate is one code point; a lone surrogate is one too.
      if (c >= 0xd800 && c <= 0xdbff) {
        const d = text.charCodeAt(this.unit + 1);
        this.unit += d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
      } else {
        this.unit += 1;
      }
      this.cp++;
    }
    return this.unit;
  }
}

/** True for characters that make up Chinese words (CJK ideographs, including extensions outside the BMP). */
export function isHanCodePoint(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x323af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    cp === 0x3007
  );
}

export function hanCount(word: string): number {
  let n = 0;
  for (const ch of word) if (isHanCodePoint(ch.codePointAt(0)!)) n++;
  return n;
}
