// The corpus reader: one decoded file in, its meetings (title, date, kind, outline) out.
//
// Invariants:
// - Never throws; problems are returned. Lone surrogates, NULs and huge lines are just text.
// - Linear time. Every per-line test looks at a bounded prefix of the line (LINE_HEAD chars),
//   so a single 5-million-character line costs one scan to split and trim it (and one more to
//   cut it into paragraphs when the file holds one document per line).
// - Offsets are UTF-16 offsets into the original text; no span includes a line terminator. A
//   front matter block belongs to no document.
//
// What a file looks like decides how its documents are found (`FileShape`):
// - by default, a title is confirmed by a date: a date line under it or a dated lead;
// - in a file dated by its name or front matter (a day's news), also by the layout: a title-like
//   line after a blank line with a body after it (`newsItems.ts`);
// - in a file of one document per line, each line is a document (`lineDocuments`);
// - a front matter's `title` makes the file one document.

import type { Meeting, MeetingKind, ParsedFile, RawDate, ReadProblem, Section, Span } from './model';
import { firstAtLeast, type ChangedStretch } from './positions';
import { runToEnd } from './steps';
import { findMeetingDate, initialDate, parseDateLine, rawDateWeight, resolveDates, yearFromPath, type FoundDate } from './dates';
import { classify, isMeetingKind, isNewsLead, type KindHints } from './kinds';
import { emptyLines, splitLines, type Lines } from './text/lines';
import { readFileShape, type FileShape, type PresegmentedMode } from './text/fileShape';
import { headlineSection, HEADING_RE, isStructural, ITEM_RE, PART_RE, SECTION_LEVEL, sectionOfLine, SUBHEADING_RE } from './text/sections';
import { BAD_START, BAD_TITLE_END, balanced, bracketed, firstWordsLength, isByline, isRoundupTitle, isSalutation, isSubtitle, LOOSE_TITLE_END, MAX_TITLE, MIN_TITLE, PARAGRAPH_END, parseInlineHeader, SENTENCE_PUNCTUATION, untitledName } from './text/titleBlocks';
import { NewsLayout } from './text/newsItems';
import { afterHeader, shiftMeeting, shiftPlan, type DocumentPlan, type TitleBlock } from './text/documentPlans';

export type { DocumentPlan, TitleBlock } from './text/documentPlans';

export interface ReadOptions {
  /** The file's path; used for an untitled document's name, and for the file's date (`20200103.txt`) or a year hint (`2020-03.txt`). */
  path?: string;
  /** Whether the text is already segmented with spaces: `auto` (the default) detects it. */
  presegmented?: PresegmentedMode;
}

/** How far into a lead paragraph a meeting date may appear; in a news file, after `央视网消息（新闻联播）：` and a leader's titles. */
const LEAD_DATE_WINDOW = 80;
const NEWS_LEAD_DATE_WINDOW = 120;
/** Per-line tests never look further than this into a line. */
const LINE_HEAD = 300;
/** Lines read between two steps of `readCorpusTextInSteps` (a power of two). */
const LINES_PER_STEP = 2048;
/** More title lines a title block may have after its first (a title spread over lines). */
const MORE_TITLE_LINES = 3;
/**
 * How many non-blank lines after a line the search for documents looks at to decide whether a
 * document starts there: up to four title lines, a subtitle, a date line, a byline and the lead
 * (and, for a news item, the line after an empty item's title).
 */
const LOOKAHEAD = 10;

/** The control characters `checkBinaryLooking` counts: below U+0020 but tab, line feed, form feed and carriage return. */
const CONTROL_RE = /[\0-\x08\x0b\x0e-\x1f]/;
const CJK_RE = /[\u4e00-\u9fff]/;

export class FileReader {
  // Set by `read` (its first steps), or given (`rereadAfterEdit`).
  lines: Lines = emptyLines();
  count = 0;
  /** Searches for a title block's lines stop here (a one-line document's last paragraph). */
  private limit = Infinity;
  /** The documents found, in order; `read` makes one meeting of each. */
  private docs: DocumentPlan[] = [];
  readonly problems: ReadProblem[] = [];
  readonly shape: FileShape;
  private readonly news?: NewsLayout;

  constructor(readonly text: string, private readonly options: ReadOptions, shape?: FileShape) {
    this.shape = shape ?? readFileShape(text, options.path, options.presegmented);
    if (this.shape.anchor?.day !== undefined && !this.shape.lineDocuments) this.news = new NewsLayout(this);
    if (this.shape.frontMatter) this.problems.push(...this.shape.frontMatter.problems);
  }

  /** A file read the default way: no front matter, no date of its own, lines as written (an edit can be read where it changed). */
  get plain(): boolean {
    return !this.shape.frontMatter && !this.news && !this.shape.lineDocuments;
  }

  blank(i: number): boolean {
    return this.lines.ts[i] === this.lines.te[i];
  }

  len(i: number): number {
    return this.lines.te[i] - this.lines.ts[i];
  }

  /** The trimmed line, or its first LINE_HEAD characters. */
  head(i: number, max = LINE_HEAD): string {
    const { ts, te } = this.lines;
    return this.text.slice(ts[i], Math.min(te[i], ts[i] + max));
  }

  private lastChar(i: number): string {
    return this.text.charAt(this.lines.te[i] - 1);
  }

  nextNonBlank(i: number): number {
    const end = Math.min(this.count, this.limit);
    for (let j = i; j < end; j++) if (!this.blank(j)) return j;
    return -1;
  }

  private dateLine(i: number): FoundDate | undefined {
    if (i < 0 || this.len(i) > 24) return undefined;
    return parseDateLine(this.head(i), this.lines.ts[i]);
  }

  /** Short, unpunctuated, balanced, not a heading/item/cue/date line; with `loose`, it may end in `！` or `？`. */
  titleLike(i: number, loose = false): boolean {
    const len = this.len(i);
    if (len < MIN_TITLE || len > MAX_TITLE) return false;
    const t = this.head(i);
    const last = t[t.length - 1];
    if (BAD_START.has(t[0]) || (BAD_TITLE_END.has(last) && !(loose && LOOSE_TITLE_END.has(last)))) return false;
    if (t.includes('。') || t.includes('；') || !CJK_RE.test(t)) return false;
    if (!balanced(t) || bracketed(t) || isSalutation(t)) return false;
    if (isStructural(t, len) || this.dateLine(i)) return false;
    return true;
  }

  /** A paragraph's line: long, or with sentence punctuation. */
  bodyLike(i: number): boolean {
    return i >= 0 && !this.blank(i) && (this.len(i) > MAX_TITLE || SENTENCE_PUNCTUATION.test(this.head(i, MAX_TITLE)));
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

  paragraphEnded(i: number): boolean {
    return i === 0 || this.blank(i - 1) || PARAGRAPH_END.has(this.lastChar(i - 1));
  }

  /**
   * The title block starting at line i: title line(s), then in any order a subtitle, a date line
   * and a byline. `confirmed` says whether a date line, a subtitle or a dated lead (in a news
   * file, also a news lead such as `本台消息`) follows it.
   */
  titleBlock(i: number): TitleBlock {
    const titleLines = [i];
    let p = this.nextNonBlank(i + 1);
    // A title spread over lines: taken whole when a subtitle or date line follows, or (a title in
    // two lines) a dated lead.
    const more: number[] = [];
    let repeated = -1;
    let q = p;
    // A roundup's title (`国内联播快讯`) is one line: what follows is its first item's.
    while (q >= 0 && more.length < MORE_TITLE_LINES && this.titleLike(q) && !isRoundupTitle(this.head(i, 16))) {
      // A line that repeats part of the title (`…政府工作报告` then `政府工作报告`) belongs to the block, not to its title.
      if (this.head(i, MAX_TITLE).includes(this.head(q, MAX_TITLE))) repeated = q;
      else more.push(q);
      q = this.nextNonBlank(q + 1);
    }
    if ((more.length > 0 || repeated >= 0) && q >= 0 && (isSubtitle(this.head(q)) || this.dateLine(q) || (more.length === 1 && this.leadDate(q)))) {
      titleLines.push(...more);
      p = q;
    } else {
      repeated = -1;
    }
    const block: TitleBlock = { titleLines, lead: -1, bodyStart: 0, confirmed: false };
    for (let k = 0; k < 3 && p >= 0; k++) {
      const t = this.head(p);
      if (block.subtitle === undefined && isSubtitle(t)) block.subtitle = p;
      else if (block.dateLine === undefined && this.dateLine(p)) block.dateLine = p;
      else if (block.byline === undefined && isByline(t)) block.byline = p;
      else break;
      p = this.nextNonBlank(p + 1);
    }
    block.confirmed = block.dateLine !== undefined || block.subtitle !== undefined || (p >= 0 && (!!this.leadDate(p) || (!!this.news && isNewsLead(this.head(p, 40)))));
    block.lead = p;
    block.bodyStart = Math.max(titleLines[titleLines.length - 1], repeated, block.subtitle ?? -1, block.dateLine ?? -1, block.byline ?? -1) + 1;
    return block;
  }

  /**
   * Reads the meetings, yielding every few thousand lines and every few dozen meetings, so a
   * caller can spread a long file over several turns (`readCorpusTextInSteps`).
   */
  *read(): Generator<void, Meeting[]> {
    this.lines = yield* splitLines(this.text, emptyLines(), this.shape.bodyStart, Infinity, this.shape.lineDocuments);
    this.count = this.lines.start.length;
    const first = this.nextNonBlank(0);
    if (first < 0) {
      this.problems.push({ severity: 'info', message: 'empty file: no text to read' });
      return [];
    }
    this.checkBinaryLooking();
    let docs: DocumentPlan[];
    if (this.shape.lineDocuments) docs = this.lineDocuments();
    else if (this.shape.frontMatter?.fields.title) docs = [this.metaTitled(first, this.shape.frontMatter.fields.title)];
    else {
      docs = [this.firstDocument(first)];
      yield* this.findDocuments(docs, afterHeader(docs[0]));
    }
    this.docs = docs;

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
    const { anchor, frontMatter } = this.shape;
    const kind = frontMatter?.fields.kind;
    for (const m of meetings) {
      if (anchor) m.anchor = anchor;
      if (frontMatter) m.facets = frontMatter.fields;
      if (kind !== undefined && isMeetingKind(kind)) m.kind = kind;
    }
    const hint = yearFromPath(this.options.path);
    resolveDates(meetings, { yearFromPath: () => hint });
  }

  /** The first document, from the first non-blank line: titled, or untitled with a problem that says so. */
  private firstDocument(first: number): DocumentPlan {
    if (this.titleLike(first) || (this.news && this.titleLike(first, true))) {
      const plan: DocumentPlan = { block: this.titleBlock(first), from: first };
      if (this.news?.isRoundup(plan)) plan.roundup = true;
      return plan;
    }
    this.noTitleProblem(first);
    return { from: first };
  }

  /** The one document of a file whose front matter names it: its title line, when the text repeats it, is its title. */
  private metaTitled(first: number, title: string): DocumentPlan {
    if (this.head(first, MAX_TITLE + 1) === title.trim()) return { block: this.titleBlock(first), from: first };
    return { from: first, metaTitle: title };
  }

  private noTitleProblem(first: number): void {
    this.problems.push({
      severity: 'info',
      message: 'no title on the first line: the text before the first title is read as one untitled document',
      span: this.trimmedSpan(first, Math.min(first, this.count - 1)),
    });
  }

  /**
   * One document per line (`lines.rows`): its title inline (`…的讲话（2020年2月3日）习近平`), a
   * title block in its first paragraphs, or none (`同志们：…`), when it is named by its first words.
   */
  private lineDocuments(): DocumentPlan[] {
    const rows = this.lines.rows ?? [];
    const docs: DocumentPlan[] = [];
    for (let r = 0; r < rows.length; r++) {
      const k = rows[r];
      if (this.blank(k)) continue;
      this.limit = r + 1 < rows.length ? rows[r + 1] : this.count;
      const t = this.head(k);
      const inline = isSalutation(t) ? undefined : parseInlineHeader(this.head(k, MAX_TITLE + 60), this.lines.ts[k]);
      if (inline) docs.push({ from: k, inline });
      else if (!isSalutation(t) && this.titleLike(k)) docs.push({ block: this.titleBlock(k), from: k });
      else docs.push({ from: k, firstWords: true });
    }
    this.limit = Infinity;
    return docs;
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
      if (this.blank(i)) continue;
      const current = docs[docs.length - 1];
      if (this.news) {
        const found = this.news.itemAt(i, current);
        if (found === 'headline') (current.headlines ??= []).push(i);
        if (!found || found === 'headline') continue;
        docs.push(found);
        i = found.block!.bodyStart - 1;
        continue;
      }
      if (!this.paragraphEnded(i) || !this.titleLike(i)) continue;
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
    // Only a file read the default way: elsewhere a document may depend on lines far from it
    // (a front matter, a roundup's title) and such files are small or read whole anyway.
    const reader = new FileReader(text, options);
    if (!previous.plain || !reader.plain || reader.shape.presegmented !== previous.shape.presegmented) return undefined;
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
    let last = -1;
    for (let k = until - 1; k >= plan.from; k--) if (!this.blank(k)) { last = k; break; }
    const span: Span = { start: lines.start[plan.from], end: lines.end[Math.max(last, plan.from)] };

    let title: string;
    let titleSpan: Span;
    let bodyStart = plan.from;
    let leadLine = plan.from;
    // The date: the most complete of title, subtitle, date line and lead (in that order on ties).
    // A date line (a subtitle's date, an inline header's) states the document's date; the title's
    // and the lead's may be an event it tells of.
    const header: (FoundDate | undefined)[] = [];
    const stated: (FoundDate | undefined)[] = [];
    if (block) {
      title = block.titleLines.map((k) => text.slice(lines.ts[k], lines.te[k])).join(' ');
      titleSpan = this.trimmedSpan(block.titleLines[0], block.titleLines[block.titleLines.length - 1]);
      bodyStart = block.bodyStart;
      leadLine = block.lead >= 0 && block.lead < until ? block.lead : -1;
      for (const k of block.titleLines) header.push(findMeetingDate(this.head(k, MAX_TITLE), lines.ts[k]));
      if (block.subtitle !== undefined) stated.push(findMeetingDate(this.head(block.subtitle), lines.ts[block.subtitle]));
      if (block.dateLine !== undefined) stated.push(this.dateLine(block.dateLine));
    } else if (plan.inline) {
      ({ title } = plan.inline);
      titleSpan = { start: plan.inline.titleStart, end: plan.inline.titleEnd };
      stated.push(plan.inline.date);
      bodyStart = plan.inline.whole ? plan.from + 1 : plan.from;
      leadLine = bodyStart < until ? bodyStart : -1;
    } else if (plan.firstWords) {
      // A salutation alone (`同志们：`) says little: the first words after it too.
      const t = this.head(plan.from);
      const k = isSalutation(t) && t.length <= 16 && plan.from + 1 < until && !this.blank(plan.from + 1) ? plan.from + 1 : plan.from;
      const u = this.head(k);
      const n = firstWordsLength(u);
      title = (k > plan.from ? t : '') + u.slice(0, n) + (n < u.length && !'。！？；!?;'.includes(u[n]) ? '…' : '');
      titleSpan = { start: lines.ts[plan.from], end: lines.ts[k] + n };
    } else {
      title = plan.metaTitle ?? untitledName(this.options.path);
      titleSpan = { start: lines.ts[plan.from], end: lines.ts[plan.from] };
    }
    const lead = leadLine >= 0 ? this.head(leadLine) : '';
    if (leadLine >= 0) header.push(findMeetingDate(this.head(leadLine, this.news ? NEWS_LEAD_DATE_WINDOW : LEAD_DATE_WINDOW), lines.ts[leadLine]));
    let found: FoundDate | undefined;
    let fromDateLine = false;
    const titles = block ? block.titleLines.length : 0;
    // In order: the title's, the date line's, the lead's.
    for (const [c, isStated] of [...header.slice(0, titles).map((c) => [c, false] as const), ...stated.map((c) => [c, true] as const), ...header.slice(titles).map((c) => [c, false] as const)]) {
      if (c && rawDateWeight(c.raw) > rawDateWeight(found?.raw)) {
        found = c;
        fromDateLine = isStated;
      }
    }
    const subtitle = block?.subtitle !== undefined ? this.head(block.subtitle) : undefined;
    const meeting: Meeting = {
      title,
      titleSpan,
      date: initialDate(found),
      kind: this.kindOf(block || plan.inline || plan.metaTitle ? title : '', lead, { dateLineAndByline: block?.dateLine !== undefined && block.byline !== undefined, subtitle, newsFile: !!this.news }),
      span,
      sections: yield* this.sections(bodyStart, until, plan.headlines),
    };
    if (found) {
      meeting.rawDate = { ...found.raw } as RawDate;
      meeting.dateWrittenIn = fromDateLine ? 'date-line' : 'text';
    }
    if (!block && !plan.inline && !plan.metaTitle) meeting.untitled = true;
    return meeting;
  }

  /** `classify`, on text as a segmenter wrote it (`召开 会议`) with its spaces taken out; a speech's opening (`同志们：`) makes a speech. */
  private kindOf(title: string, lead: string, hints: KindHints): MeetingKind {
    const plain = (t: string): string => (this.shape.presegmented ? t.replace(/ /g, '') : t);
    const kind = classify(plain(title), plain(lead), hints);
    return kind === 'other' && isSalutation(lead) ? 'speech' : kind;
  }

  /** The sections of lines `[from, until)`, yielding every `LINES_PER_STEP` lines (a long meeting is read in steps too). */
  private *sections(from: number, until: number, headlines?: readonly number[]): Generator<void, Section[]> {
    const top: Section[] = [];
    const stack: { section: Section; level: number }[] = [];
    let lastEnd = -1;
    let nextHeadline = 0;
    const close = (level: number): void => {
      while (stack.length > 0 && stack[stack.length - 1].level >= level) {
        stack.pop()!.section.span.end = lastEnd;
      }
    };
    for (let k = from; k < until; k++) {
      if (k > from && (k - from) % LINES_PER_STEP === 0) yield;
      if (this.blank(k)) continue;
      const span = { start: this.lines.start[k], end: this.lines.end[k] };
      let section: Section | undefined;
      if (headlines && headlines[nextHeadline] === k) {
        nextHeadline++;
        section = headlineSection(this.head(k), this.lines.ts[k], span);
      } else {
        section = sectionOfLine(this.head(k), this.len(k), this.lines.ts[k], span);
      }
      if (section) {
        const level = SECTION_LEVEL[section.kind];
        close(level);
        const parent = stack.length > 0 ? stack[stack.length - 1].section.children : top;
        parent.push(section);
        stack.push({ section, level });
      }
      lastEnd = this.lines.end[k];
    }
    close(0);
    return top;
  }
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

function parsedFile(reader: FileReader, meetings: Meeting[]): ParsedFile {
  const parsed: ParsedFile = { meetings, problems: reader.problems };
  if (reader.shape.presegmented) parsed.presegmented = true;
  if (reader.shape.frontMatter) parsed.frontMatter = reader.shape.frontMatter.span;
  return parsed;
}

function kept(reader: FileReader, meetings: Meeting[], path: string | undefined): KeptReading {
  return { parsed: parsedFile(reader, meetings), reader, path };
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
    return parsedFile(reader, meetings);
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
