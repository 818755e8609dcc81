// The corpus reader: one decoded file in, its meetings (title, date, kind, outline) out.
//
// Invariants:
// - Never throws; problems are returned. Lone surrogates, NULs and huge lines are just text.
// - Linear time. Every per-line test looks at a bounded prefix of the line (LINE_HEAD chars),
//   so a single 5-million-character line costs one scan to split and trim it.
// - Offsets are UTF-16 offsets into the original text; no span includes a line terminator.

import type { Meeting, MeetingKind, ParsedFile, RawDate, ReadProblem, Section, SectionKind, Span } from './model';
import { firstAtLeast, type ChangedStretch } from './positions';
import { runToEnd } from './steps';
import { findMeetingDate, initialDate, parseDateLine, rawDateWeight, resolveDates, yearFromPath, type FoundDate } from './dates';

export interface ReadOptions {
  /** The file's path; used for an untitled document's name and a year hint (`2020-03.txt`). */
  path?: string;
}

/** Longest line that can be a title (in UTF-16 units, trimmed). */
const MAX_TITLE = 90;
/** Shortest title: keeps link-broken fragments such as `法律` or `》和《` out. */
const MIN_TITLE = 4;
/** Longest line that can be a `一、` heading or a `第一部分` part on its own line. */
const MAX_HEADING = 60;
/** How far into a lead paragraph a meeting date may appear. */
const LEAD_DATE_WINDOW = 80;
/** Per-line tests never look further than this into a line. */
const LINE_HEAD = 300;
/** Longest first clause kept in an item's or point's name. */
const MAX_CLAUSE = 40;
/** Characters split into lines, and lines read, between two steps of `readCorpusTextInSteps` (powers of two). */
const CHARS_PER_STEP = 1 << 18;
const LINES_PER_STEP = 2048;
/**
 * How many non-blank lines after a line the search for documents looks at to decide whether a
 * document starts there: a title block's lead, after a second title line, a date line and a byline.
 */
const LOOKAHEAD = 4;

interface Lines {
  /** Start of each line's text. */
  start: number[];
  /** End of each line's text (before its terminator). */
  end: number[];
  /** Start and end of each line's text with outer whitespace trimmed (equal when blank). */
  ts: number[];
  te: number[];
}

// JavaScript's \s misses the zero-width characters Wikisource scrapes are full of.
function isSpace(c: number): boolean {
  return c <= 0x20 || c === 0x3000 || c === 0xa0 || c === 0xfeff || c === 0x85 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200d) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x2060;
}

/**
 * The lines of `text`, yielding every `CHARS_PER_STEP` characters. From the line that starts at
 * `from` on (an edit reads again only the lines it touched), into `lines`; with `stopAt`, it
 * stops at the first line that starts there or later and returns where that line starts.
 */
function* splitLines(text: string, lines: Lines = { start: [], end: [], ts: [], te: [] }, from = 0, stopAt = Infinity): Generator<void, Lines & { stoppedAt?: number }> {
  const n = text.length;
  const at = { lineStart: from, stoppedAt: -1 };
  for (let i = from; i < n; ) {
    const to = Math.min(n, (Math.floor(i / CHARS_PER_STEP) + 1) * CHARS_PER_STEP);
    i = splitLinesIn(text, i, to, stopAt, lines, at);
    if (at.stoppedAt >= 0) return { ...lines, stoppedAt: at.stoppedAt };
    if (i < n) yield;
  }
  if (at.lineStart < n || n === 0) pushLine(text, lines, at.lineStart, n);
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

const NUMERALS = '[一二三四五六七八九十百零〇]';
const HEADING_RE = new RegExp(`^${NUMERALS}{1,4}、`);
const SUBHEADING_RE = new RegExp(`^[（(]${NUMERALS}{1,4}[）)]`);
const PART_RE = new RegExp(`^第${NUMERALS}{1,4}部分`);
const ITEM_RE = new RegExp(`^(?:第${NUMERALS}{1,3}[，、,]|${NUMERALS}{1,3}是)`);
// Cues that open a readout paragraph. Listed explicitly: a loose `习近平.*强调` would also catch
// titles such as `习近平在北京考察…时强调 …`.
const CUE_RE = new RegExp(
  '^(?:会议(?:还)?(?:强调指出|指出|强调|认为|要求|决定|提出|号召|审议通过了|审议通过|研究了|听取了|讨论了)' +
  '|(?:习近平|他)(?:在讲话中|在讲话时|在会上|在会议上发表重要讲话|在会上发表重要讲话|发表重要讲话|还|并|最后|首先|同时)?' +
  '(?:强调指出|指出|强调|表示|要求))',
);
const BYLINE_RE = /^[\u4e00-\u9fff]{2,4}$/;
/** The control characters `checkBinaryLooking` counts: below U+0020 but tab, line feed, form feed and carriage return. */
const CONTROL_RE = /[\0-\x08\x0b\x0e-\x1f]/;
const CJK_RE = /[\u4e00-\u9fff]/;

/** Characters a title, heading or lead cannot start with. */
const BAD_START = new Set('，。、；：！？）》」』】〕,.;:!?)…—-·'.split(''));
/** Characters a title cannot end with: sentence-final or continuing punctuation, open brackets. */
const BAD_TITLE_END = new Set('，。、；：！？,.;:!?…—《“（(「『【〔'.split(''));
/** Characters that end a complete paragraph (a title may follow such a line directly). */
const PARAGRAPH_END = new Set('。！？!?”’」』）)】…'.split(''));
const CLAUSE_END = new Set('，。；：！？,;:!?'.split(''));
const SENTENCE_END = new Set('。；！？;!?'.split(''));

class FileReader {
  // Set by `read` (its first steps), or given (`rereadAfterEdit`).
  private lines: Lines = { start: [], end: [], ts: [], te: [] };
  private count = 0;
  /** The documents found, in order; `read` makes one meeting of each. */
  private docs: DocumentPlan[] = [];
  readonly problems: ReadProblem[] = [];

  constructor(private readonly text: string, private readonly options: ReadOptions) {}

  private blank(i: number): boolean {
    return this.lines.ts[i] === this.lines.te[i];
  }

  private len(i: number): number {
    return this.lines.te[i] - this.lines.ts[i];
  }

  /** The trimmed line, or its first LINE_HEAD characters. */
  private head(i: number, max = LINE_HEAD): string {
    const { ts, te } = this.lines;
    return this.text.slice(ts[i], Math.min(te[i], ts[i] + max));
  }

  private lastChar(i: number): string {
    return this.text.charAt(this.lines.te[i] - 1);
  }

  private nextNonBlank(i: number): number {
    for (let j = i; j < this.count; j++) if (!this.blank(j)) return j;
    return -1;
  }

  private dateLine(i: number): FoundDate | undefined {
    if (i < 0 || this.len(i) > 24) return undefined;
    return parseDateLine(this.head(i), this.lines.ts[i]);
  }

  private isStructural(t: string, len: number): boolean {
    return HEADING_RE.test(t) || SUBHEADING_RE.test(t) || (PART_RE.test(t) && len <= MAX_HEADING) ||
      ITEM_RE.test(t) || CUE_RE.test(t);
  }

  /** Short, unpunctuated, balanced, not a heading/item/cue/date line. */
  private titleLike(i: number): boolean {
    const len = this.len(i);
    if (len < MIN_TITLE || len > MAX_TITLE) return false;
    const t = this.head(i);
    if (BAD_START.has(t[0]) || BAD_TITLE_END.has(t[t.length - 1])) return false;
    if (t.includes('。') || t.includes('；') || !CJK_RE.test(t)) return false;
    if (!balanced(t)) return false;
    if (this.isStructural(t, len) || this.dateLine(i)) return false;
    return true;
  }

  /** A paragraph (not a title-like line) that carries a meeting date near its start. */
  private leadDate(i: number): FoundDate | undefined {
    if (i < 0 || this.blank(i)) return undefined;
    const t = this.head(i);
    if (BAD_START.has(t[0])) return undefined;
    if (HEADING_RE.test(t) || SUBHEADING_RE.test(t) || PART_RE.test(t) || ITEM_RE.test(t)) return undefined;
    const paragraphLike = this.len(i) > MAX_TITLE || /[，。；：！？,;]/.test(t);
    if (!paragraphLike) return undefined;
    return findMeetingDate(this.head(i, LEAD_DATE_WINDOW), this.lines.ts[i]);
  }

  private paragraphEnded(i: number): boolean {
    return i === 0 || this.blank(i - 1) || PARAGRAPH_END.has(this.lastChar(i - 1));
  }

  /**
   * The title block starting at line i: title line(s), optional date line and byline.
   * `confirmed` says whether a date line or a dated lead follows it.
   */
  private titleBlock(i: number): TitleBlock {
    const titleLines = [i];
    let p = this.nextNonBlank(i + 1);
    // A title split over two lines: the second part must itself be followed by the date.
    if (p >= 0 && this.titleLike(p)) {
      const q = this.nextNonBlank(p + 1);
      if (q >= 0 && (this.dateLine(q) || this.leadDate(q))) {
        titleLines.push(p);
        p = q;
      }
    }
    let dateLine: number | undefined;
    let byline: number | undefined;
    let confirmed = false;
    if (p >= 0 && this.dateLine(p)) {
      dateLine = p;
      confirmed = true;
      p = this.nextNonBlank(p + 1);
    }
    if (p >= 0 && BYLINE_RE.test(this.head(p, 8)) && this.len(p) <= 4) {
      byline = p;
      p = this.nextNonBlank(p + 1);
    }
    if (!confirmed && p >= 0 && this.leadDate(p)) confirmed = true;
    const lastHeader = byline ?? dateLine ?? titleLines[titleLines.length - 1];
    return { titleLines, dateLine, byline, lead: p, bodyStart: lastHeader + 1, confirmed };
  }

  /**
   * Reads the meetings, yielding every few thousand lines and every few dozen meetings, so a
   * caller can spread a long file over several turns (`readCorpusTextInSteps`).
   */
  *read(): Generator<void, Meeting[]> {
    this.lines = yield* splitLines(this.text);
    this.count = this.lines.start.length;
    const first = this.nextNonBlank(0);
    if (first < 0) {
      this.problems.push({ severity: 'info', message: 'empty file: no text to read' });
      return [];
    }
    this.checkBinaryLooking();
    const docs = [this.firstDocument(first)];
    this.docs = docs;
    yield* this.findDocuments(docs, afterHeader(docs[0]));

    const meetings: Meeting[] = [];
    let linesRead = 0;
    for (let d = 0; d < docs.length; d++) {
      const until = d + 1 < docs.length ? docs[d + 1].from : this.count;
      if (linesRead >= LINES_PER_STEP) {
        linesRead = 0;
        yield;
      }
      linesRead += until - docs[d].from;
      meetings.push(yield* this.meeting(docs[d], until));
    }
    this.resolve(meetings);
    return meetings;
  }

  private resolve(meetings: Meeting[]): void {
    const hint = yearFromPath(this.options.path);
    resolveDates(meetings, { yearFromPath: () => hint });
  }

  /** The first document, from the first non-blank line: titled, or untitled with a problem that says so. */
  private firstDocument(first: number): DocumentPlan {
    if (this.titleLike(first)) return { block: this.titleBlock(first), from: first };
    this.noTitleProblem(first);
    return { from: first };
  }

  private noTitleProblem(first: number): void {
    this.problems.push({
      severity: 'info',
      message: 'no title on the first line: the text before the first title is read as one untitled document',
      span: this.trimmedSpan(first, Math.min(first, this.count - 1)),
    });
  }

  /**
   * Finds the documents that start at line `i` or later (appended to `docs`), yielding every
   * few thousand lines. `resync(i)`, asked at each line the search comes to: the documents from
   * there on when they are known (an edit's reading has come back in step with the previous
   * one), which ends the search.
   */
  private *findDocuments(docs: DocumentPlan[], i: number, resync?: (i: number) => DocumentPlan[] | undefined): Generator<void, void> {
    for (; i < this.count; i++) {
      if ((i & (LINES_PER_STEP - 1)) === 0) yield;
      const rest = resync?.(i);
      if (rest) {
        for (const d of rest) docs.push(d);
        return;
      }
      if (this.blank(i) || !this.paragraphEnded(i) || !this.titleLike(i)) continue;
      const block = this.titleBlock(i);
      if (!block.confirmed) continue;
      docs.push({ block, from: i });
      i = block.bodyStart - 1;
    }
  }

  /**
   * The meetings of `text`, an edit of the text `previous` read: the lines split again only where
   * the edit touched them, the search for documents run again only from a document well before
   * the edit until it finds the previous documents again, and only the meetings between read
   * again (those after it shifted). Undefined where that cannot be done; the caller reads the
   * whole text. The same meetings and problems as a whole reading (a property test compares them).
   */
  static rereadAfterEdit(previous: FileReader, meetingsBefore: readonly Meeting[], text: string, edit: ChangedStretch, options: ReadOptions): { reader: FileReader; meetings: Meeting[] } | undefined {
    const old = previous.lines;
    const oldCount = old.start.length;
    const oldDocs = previous.docs;
    if (oldCount === 0 || oldDocs.length === 0 || oldDocs.length !== meetingsBefore.length) return undefined;
    const { start: p, oldEnd, delta } = edit;
    // Lines that end before the edit are the same, terminators included; the last of them is
    // split again, as its CR may now be followed by an LF.
    const firstTouched = Math.min(oldCount - 1, firstAtLeast(old.end, p));
    const restart = Math.max(0, firstTouched - 1);
    const lines: Lines = { start: old.start.slice(0, restart), end: old.end.slice(0, restart), ts: old.ts.slice(0, restart), te: old.te.slice(0, restart) };
    // Lines that start after the changed stretch are the same, shifted: split up to the first of them.
    const split = runToEnd(splitLines(text, lines, old.start[restart], oldEnd + delta + 1));
    // Line numbers: below `restart` as before; from `sameAt` on, old line `k` is line `k + lineDelta`.
    const sameAt = lines.start.length;
    let sameFrom = oldCount;
    if (split.stoppedAt !== undefined) {
      sameFrom = firstAtLeast(old.start, split.stoppedAt - delta);
      if (old.start[sameFrom] !== split.stoppedAt - delta) return undefined;
      for (let k = sameFrom; k < oldCount; k++) {
        lines.start.push(old.start[k] + delta);
        lines.end.push(old.end[k] + delta);
        lines.ts.push(old.ts[k] + delta);
        lines.te.push(old.te[k] + delta);
      }
    }
    const lineDelta = sameAt - sameFrom;
    const reader = new FileReader(text, options);
    reader.lines = lines;
    reader.count = lines.start.length;
    const first = reader.nextNonBlank(0);
    if (first < 0) return undefined;
    reader.checkBinaryLooking();

    // Whether a line starts a document depends on the line before it and on at most LOOKAHEAD
    // non-blank lines after it. The search starts again at the last previous document that
    // starts before `limit`, the LOOKAHEAD-th non-blank line before the first the edit touched.
    let limit = firstTouched;
    for (let seen = 0; limit > 0 && seen < LOOKAHEAD; ) if (!reader.blank(--limit)) seen++;
    let kept = oldDocs.length - 1;
    while (kept >= 0 && oldDocs[kept].from >= limit) kept--;
    const docs: DocumentPlan[] = [];
    if (kept < 0) docs.push(reader.firstDocument(first));
    else {
      for (let d = 0; d <= kept; d++) docs.push(oldDocs[d]);
      if (!oldDocs[0].block) reader.noTitleProblem(first);
    }
    // It is in step again at a previous document's first line, past the lines split again and
    // the line after them (whose line before may have changed): the rest is as it was.
    let next = kept + 1;
    let resumedAt = -1;
    runToEnd(
      reader.findDocuments(docs, afterHeader(docs[docs.length - 1]), (i) => {
        if (i <= sameAt) return undefined;
        while (next < oldDocs.length && oldDocs[next].from + lineDelta < i) next++;
        if (next >= oldDocs.length || oldDocs[next].from + lineDelta !== i) return undefined;
        resumedAt = docs.length;
        return oldDocs.slice(next).map((d) => shiftPlan(d, lineDelta));
      }),
    );
    reader.docs = docs;
    // Meetings before the search started again are as they were (the last of them ends where the
    // next document starts: read again), those from where it came back in step shifted.
    const meetings: Meeting[] = [];
    for (let d = 0; d < docs.length; d++) {
      if (d < kept) meetings.push(meetingsBefore[d]);
      else if (resumedAt >= 0 && d >= resumedAt) meetings.push(shiftMeeting(meetingsBefore[next + d - resumedAt], delta));
      else meetings.push(runToEnd(reader.meeting(docs[d], d + 1 < docs.length ? docs[d + 1].from : reader.count)));
    }
    reader.resolve(meetings);
    return { reader, meetings };
  }

  private checkBinaryLooking(): void {
    const sample = this.text.slice(0, 8192);
    // Nearly every text has none of them: a regular expression says so several times faster than the count.
    if (!CONTROL_RE.test(sample)) return;
    let controls = 0;
    for (let k = 0; k < sample.length; k++) {
      const c = sample.charCodeAt(k);
      if (c === 0 || (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) controls++;
    }
    if (controls > 0 && (sample.includes('\u0000') || controls > sample.length / 20)) {
      this.problems.push({ severity: 'warning', message: 'the text contains NUL or control characters; it may be a binary file' });
    }
  }

  private trimmedSpan(a: number, b: number): Span {
    return { start: this.lines.ts[a], end: this.lines.te[b] };
  }

  private *meeting(plan: DocumentPlan, until: number): Generator<void, Meeting> {
    const { lines, text } = this;
    const block = plan.block;
    const bodyStart = block ? block.bodyStart : plan.from;
    let last = -1;
    for (let k = until - 1; k >= plan.from; k--) if (!this.blank(k)) { last = k; break; }
    const span: Span = { start: lines.start[plan.from], end: lines.end[Math.max(last, plan.from)] };

    let title: string;
    let titleSpan: Span;
    if (block) {
      title = block.titleLines.map((k) => text.slice(lines.ts[k], lines.te[k])).join(' ');
      titleSpan = this.trimmedSpan(block.titleLines[0], block.titleLines[block.titleLines.length - 1]);
    } else {
      title = untitledName(this.options.path);
      titleSpan = { start: lines.ts[plan.from], end: lines.ts[plan.from] };
    }

    const leadLine = block ? (block.lead >= 0 && block.lead < until ? block.lead : -1) : plan.from;
    const lead = leadLine >= 0 ? this.head(leadLine) : '';

    // The date: the most complete of title, date line and lead (in that order on ties).
    const candidates: (FoundDate | undefined)[] = [];
    if (block) for (const k of block.titleLines) candidates.push(findMeetingDate(this.head(k, MAX_TITLE), lines.ts[k]));
    if (block?.dateLine !== undefined) candidates.push(this.dateLine(block.dateLine));
    if (leadLine >= 0) candidates.push(findMeetingDate(this.head(leadLine, LEAD_DATE_WINDOW), lines.ts[leadLine]));
    let found: FoundDate | undefined;
    for (const c of candidates) if (c && rawDateWeight(c.raw) > rawDateWeight(found?.raw)) found = c;

    const meeting: Meeting = {
      title,
      titleSpan,
      date: initialDate(found),
      kind: classify(block ? title : '', lead, block?.dateLine !== undefined && block.byline !== undefined),
      span,
      sections: yield* this.sections(bodyStart, until),
    };
    if (found) meeting.rawDate = { ...found.raw } as RawDate;
    if (!block) meeting.untitled = true;
    return meeting;
  }

  /** The sections of lines `[from, until)`, yielding every `LINES_PER_STEP` lines (a long meeting is read in steps too). */
  private *sections(from: number, until: number): Generator<void, Section[]> {
    const top: Section[] = [];
    const stack: { section: Section; level: number }[] = [];
    let lastEnd = -1;
    const close = (level: number): void => {
      while (stack.length > 0 && stack[stack.length - 1].level >= level) {
        stack.pop()!.section.span.end = lastEnd;
      }
    };
    for (let k = from; k < until; k++) {
      if (k > from && (k - from) % LINES_PER_STEP === 0) yield;
      if (this.blank(k)) continue;
      const found = this.sectionAt(k);
      if (found) {
        close(found.level);
        const parent = stack.length > 0 ? stack[stack.length - 1].section.children : top;
        parent.push(found.section);
        stack.push(found);
      }
      lastEnd = this.lines.end[k];
    }
    close(0);
    return top;
  }

  private sectionAt(k: number): { section: Section; level: number } | undefined {
    const t = this.head(k);
    const len = this.len(k);
    const ts = this.lines.ts[k];
    let kind: SectionKind;
    let level: number;
    let m: RegExpExecArray | null;
    let name: string;
    let consumed: number;
    let marker: string;

    if ((m = PART_RE.exec(t)) && len <= MAX_HEADING) {
      kind = 'part'; level = 0; marker = m[0];
      name = t; consumed = len;
    } else if ((m = HEADING_RE.exec(t))) {
      // On its own line: short, some text after the marker, no sentence punctuation.
      const rest = t.slice(m[0].length).trim();
      if (len > MAX_HEADING || rest.length === 0 || /[。；;]/.test(t) || '，、：,:'.includes(t[t.length - 1])) return undefined;
      kind = 'heading'; level = 1; marker = m[0];
      name = t; consumed = len;
    } else if ((m = SUBHEADING_RE.exec(t))) {
      // Often the heading runs on into its paragraph: `（一）大力提振消费…。促进消费…`.
      let e = m[0].length;
      while (e < t.length && !SENTENCE_END.has(t[e]) && e < m[0].length + MAX_HEADING) e++;
      if (e === m[0].length) return undefined;
      kind = 'subheading'; level = 2; marker = m[0];
      name = t.slice(0, e).trim(); consumed = e;
      if (e < t.length && !SENTENCE_END.has(t[e])) name += '…';
    } else if ((m = CUE_RE.exec(t))) {
      kind = 'point'; level = 3; marker = m[0];
      ({ name, consumed } = clauseName(t, m[0], true));
    } else if ((m = ITEM_RE.exec(t))) {
      kind = 'item'; level = 4; marker = m[0];
      ({ name, consumed } = clauseName(t, m[0], false));
    } else {
      return undefined;
    }
    const section: Section = {
      kind,
      name,
      marker,
      nameSpan: { start: ts, end: ts + consumed },
      span: { start: this.lines.start[k], end: this.lines.end[k] },
      children: [],
    };
    return { section, level };
  }
}

interface TitleBlock {
  titleLines: number[];
  dateLine?: number;
  byline?: number;
  /** First non-blank line after the header, or -1. */
  lead: number;
  bodyStart: number;
  confirmed: boolean;
}

interface DocumentPlan {
  /** Absent for an untitled document. */
  block?: TitleBlock;
  /** First line of the document. */
  from: number;
}

/** The line where the search for the next document goes on after `plan`. */
function afterHeader(plan: DocumentPlan): number {
  return plan.block ? plan.block.bodyStart : plan.from + 1;
}

function shiftPlan(plan: DocumentPlan, lines: number): DocumentPlan {
  const b = plan.block;
  if (!b) return { from: plan.from + lines };
  const block: TitleBlock = { titleLines: b.titleLines.map((k) => k + lines), lead: b.lead >= 0 ? b.lead + lines : b.lead, bodyStart: b.bodyStart + lines, confirmed: b.confirmed };
  if (b.dateLine !== undefined) block.dateLine = b.dateLine + lines;
  if (b.byline !== undefined) block.byline = b.byline + lines;
  return { block, from: plan.from + lines };
}

const shiftSpan = (s: Span, by: number): Span => ({ start: s.start + by, end: s.end + by });

function shiftSection(s: Section, by: number): Section {
  return { kind: s.kind, name: s.name, marker: s.marker, nameSpan: shiftSpan(s.nameSpan, by), span: shiftSpan(s.span, by), children: s.children.map((c) => shiftSection(c, by)) };
}

/** A copy of `m` with every offset moved by `by` (its date to be resolved again). */
function shiftMeeting(m: Meeting, by: number): Meeting {
  const copy: Meeting = {
    title: m.title,
    titleSpan: shiftSpan(m.titleSpan, by),
    date: m.date.span ? { iso: null, source: 'none', span: shiftSpan(m.date.span, by) } : { iso: null, source: 'none' },
    kind: m.kind,
    span: shiftSpan(m.span, by),
    sections: m.sections.map((s) => shiftSection(s, by)),
  };
  if (m.untitled) copy.untitled = true;
  if (m.rawDate) copy.rawDate = { ...m.rawDate };
  return copy;
}

function balanced(t: string): boolean {
  let book = 0, quote = 0, paren = 0;
  for (let k = 0; k < t.length; k++) {
    switch (t[k]) {
      case '《': book++; break;
      case '》': book--; break;
      case '“': quote++; break;
      case '”': quote--; break;
      case '（': case '(': paren++; break;
      case '）': case ')': paren--; break;
    }
    if (book < 0 || quote < 0 || paren < 0) return false;
  }
  return book === 0 && quote === 0 && paren === 0;
}

/**
 * `会议强调，要全力以赴救治感染患者。…` → `会议强调：要全力以赴救治感染患者`;
 * `第一，坚决打好湖北保卫战、武汉保卫战。` → `第一，坚决打好湖北保卫战、武汉保卫战`.
 */
function clauseName(t: string, marker: string, isCue: boolean): { name: string; consumed: number } {
  let s = marker.length;
  let separator = '';
  if (isCue && s < t.length && '，：,:'.includes(t[s])) {
    s++;
    separator = '：';
  }
  let e = s;
  while (e < t.length && !CLAUSE_END.has(t[e]) && e - s < MAX_CLAUSE) e++;
  // An opener such as `当前，` or `2019年，` says nothing; take the next clause too.
  if (e - s <= 4 && e < t.length && (t[e] === '，' || t[e] === ',')) {
    e++;
    while (e < t.length && !CLAUSE_END.has(t[e]) && e - s < MAX_CLAUSE) e++;
  }
  let clause = t.slice(s, e);
  if (e - s >= MAX_CLAUSE && e < t.length && !CLAUSE_END.has(t[e])) clause += '…';
  if (clause.length === 0) {
    // A bare `第一，` line (the text follows on the next line): the marker alone, unpunctuated.
    return { name: isCue ? marker : marker.replace(/[，、,]$/, ''), consumed: s };
  }
  return { name: marker + separator + clause, consumed: e };
}

/** Kind from title and lead; the title decides when it can, the lead's first sentence otherwise. */
export function classify(title: string, lead: string, hasDateLineAndByline: boolean): MeetingKind {
  if (hasDateLineAndByline || /讲话$/.test(title)) return 'speech';
  const cut = lead.search(/[。；]/);
  const leadSentence = cut >= 0 ? lead.slice(0, cut) : lead;
  return kindFrom(title) ?? kindFrom(leadSentence) ?? 'other';
}

function kindFrom(t: string): MeetingKind | undefined {
  if (t.length === 0) return undefined;
  if (/中共中央政治局常务委员会.{0,12}?召开会议|中央政治局常委会会议/.test(t)) return 'standing-committee';
  if (/中共中央政治局.{0,12}?(?:召开会议|集体学习)/.test(t)) return 'politburo';
  if (/中央[^，。、；\s]{2,14}委员会第[一二三四五六七八九十百0-9]+次会议/.test(t)) return 'commission';
  if (/调研|考察|视察/.test(t)) return 'inspection';
  if (/座谈会/.test(t)) return 'symposium';
  return undefined;
}

function untitledName(path: string | undefined): string {
  if (!path) return 'untitled';
  const base = path.split(/[\\/]/).filter((p) => p.length > 0).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const name = dot > 0 ? base.slice(0, dot) : base;
  return name.length > 0 ? name : 'untitled';
}

/**
 * Split a decoded corpus file into meetings. Never throws: on an internal failure the whole
 * file comes back as one untitled document with an error problem.
 */
export function readCorpusText(text: string, options: ReadOptions = {}): ParsedFile {
  return runToEnd(readCorpusTextInSteps(text, options));
}

/** What is kept of an open document's reading, so that its next edit is read where it changed (`readOpenDocument`). */
export interface DocumentReading {
  readonly parsed: ParsedFile;
}

interface KeptReading extends DocumentReading {
  readonly reader: FileReader;
  readonly path: string | undefined;
}

function kept(reader: FileReader, meetings: Meeting[], path: string | undefined): KeptReading {
  return { parsed: { meetings, problems: reader.problems }, reader, path };
}

/**
 * `readCorpusText` for an open document, keeping what its next edit needs: given the reading of
 * the text before an edit and where the edit changed it, only the lines and documents around
 * the change are read again. The same result as reading the whole text; never throws.
 */
export function readOpenDocument(text: string, options: ReadOptions = {}, before?: { reading: DocumentReading; edit: ChangedStretch }): DocumentReading {
  const previous = before?.reading as KeptReading | undefined;
  if (previous?.reader && previous.path === options.path) {
    try {
      const again = FileReader.rereadAfterEdit(previous.reader, previous.parsed.meetings, text, before!.edit, options);
      if (again) return kept(again.reader, again.meetings, options.path);
    } catch {
      // Read whole below, which reports any failure as a problem.
    }
  }
  try {
    const reader = new FileReader(text, options);
    const meetings = runToEnd(reader.read());
    return kept(reader, meetings, options.path);
  } catch {
    return { parsed: readCorpusText(text, options) };
  }
}

/** `readCorpusText` a step at a time: each `next()` reads a few thousand lines or a few dozen meetings. */
export function* readCorpusTextInSteps(text: string, options: ReadOptions = {}): Generator<void, ParsedFile> {
  const safeText = typeof text === 'string' ? text : '';
  try {
    const reader = new FileReader(safeText, options ?? {});
    const meetings = yield* reader.read();
    return { meetings, problems: reader.problems };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      meetings: safeText.trim().length === 0 ? [] : [{
        title: untitledName(options?.path),
        titleSpan: { start: 0, end: 0 },
        date: { iso: null, source: 'none' },
        kind: 'other',
        span: { start: 0, end: safeText.length },
        sections: [],
        untitled: true,
      }],
      problems: [{ severity: 'error', message: `the reader failed on this file (${message}); it is shown as one untitled document` }],
    };
  }
}
