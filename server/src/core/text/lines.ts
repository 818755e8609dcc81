// A text's lines as the reader sees them: offsets of each line's text and of its trimmed text.
// In a file of one document per line, a line is also cut where a run of U+3000 marks a new
// paragraph: each paragraph is a line of its own, and `rows` says where each physical line begins.

/** Characters split into lines between two steps of `splitLines` (a power of two). */
export const CHARS_PER_STEP = 1 << 18;

export interface Lines {
  /** Start of each line's text. */
  start: number[];
  /** End of each line's text (before its terminator). */
  end: number[];
  /** Start and end of each line's text with outer whitespace trimmed (equal when blank). */
  ts: number[];
  te: number[];
  /** With paragraphs cut at U+3000 runs: the index of the first line of each physical line. */
  rows?: number[];
}

export function emptyLines(): Lines {
  return { start: [], end: [], ts: [], te: [] };
}

// JavaScript's \s misses the zero-width characters Wikisource scrapes are full of.
export function isSpace(c: number): boolean {
  return c <= 0x20 || c === 0x3000 || c === 0xa0 || c === 0xfeff || c === 0x85 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200d) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x2060;
}

/**
 * The lines of `text`, yielding every `CHARS_PER_STEP` characters. From the line that starts at
 * `from` on (an edit reads again only the lines it touched), into `lines`; with `stopAt`, it
 * stops at the first line that starts there or later and returns where that line starts.
 * With `paragraphs`, a line is also cut before each run of two or more U+3000 inside it.
 */
export function* splitLines(text: string, lines: Lines = emptyLines(), from = 0, stopAt = Infinity, paragraphs = false): Generator<void, Lines & { stoppedAt?: number }> {
  const n = text.length;
  const at = { lineStart: from, stoppedAt: -1, rowOpen: true };
  if (paragraphs) lines.rows ??= [];
  for (let i = from; i < n; ) {
    const to = Math.min(n, (Math.floor(i / CHARS_PER_STEP) + 1) * CHARS_PER_STEP);
    i = paragraphs ? splitParagraphsIn(text, i, to, lines, at) : splitLinesIn(text, i, to, stopAt, lines, at);
    if (at.stoppedAt >= 0) return { ...lines, stoppedAt: at.stoppedAt };
    if (i < n) yield;
  }
  if (at.lineStart < n || n === 0) {
    if (paragraphs && at.rowOpen) lines.rows!.push(lines.start.length);
    pushLine(text, lines, at.lineStart, n);
  }
  return lines;
}

/**
 * `splitLines`' loop over `text[i, to)`: a plain function, with no closure made per call. As a
 * generator with a closure per file it was compiled by V8 five times in a cold start (once for
 * each new closure it met, ~11 ms each). Returns where it stopped: `to`, or after the line break
 * that makes `at.stoppedAt` set.
 */
function splitLinesIn(text: string, i: number, to: number, stopAt: number, lines: Lines, at: { lineStart: number; stoppedAt: number }): number {
  const n = text.length;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 10 && c !== 13) continue;
    pushLine(text, lines, at.lineStart, i);
    if (c === 13 && i + 1 < n && text.charCodeAt(i + 1) === 10) i++;
    at.lineStart = i + 1;
    if (at.lineStart >= stopAt && at.lineStart < n) {
      at.stoppedAt = at.lineStart;
      return i + 1;
    }
  }
  return i;
}

/**
 * `splitLinesIn` for a file of one document per line: a run of U+3000 after some text starts a new
 * paragraph (the run is the new paragraph's indent, trimmed away), and each physical line's first
 * paragraph is recorded in `rows`. One pass: a run is skipped as it is met.
 */
function splitParagraphsIn(text: string, i: number, to: number, lines: Lines, at: { lineStart: number; rowOpen: boolean }): number {
  const n = text.length;
  let content = false;
  for (let k = at.lineStart; k < i; k++) if (!isSpace(text.charCodeAt(k))) { content = true; break; }
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (at.rowOpen) lines.rows!.push(lines.start.length);
      pushLine(text, lines, at.lineStart, i);
      if (c === 13 && i + 1 < n && text.charCodeAt(i + 1) === 10) i++;
      at.lineStart = i + 1;
      at.rowOpen = true;
      content = false;
    } else if (c === 0x3000 && content && i + 1 < n && text.charCodeAt(i + 1) === 0x3000) {
      let e = i + 2;
      while (e < n && text.charCodeAt(e) === 0x3000) e++;
      if (e < n && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) {
        if (at.rowOpen) lines.rows!.push(lines.start.length);
        at.rowOpen = false;
        pushLine(text, lines, at.lineStart, i);
        at.lineStart = i;
        content = false;
      }
      i = e - 1;
    } else if (!content && !isSpace(c)) {
      content = true;
    }
  }
  return i;
}

function pushLine(text: string, lines: Lines, s: number, e: number): void {
  let a = s;
  let b = e;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  lines.start.push(s);
  lines.end.push(e);
  lines.ts.push(a);
  lines.te.push(b);
}
