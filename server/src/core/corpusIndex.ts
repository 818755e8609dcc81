// The corpus index: every file's meetings, term mentions and word tokens, and the queries the
// editor features ask (term at a position, mentions in chronological order, statistics).
// Plain TypeScript: no editor, no protocol, no I/O. The server feeds it text; tests do too.

import { CandidateReason, findCandidates, CandidateHit } from './candidates';
import { Glossary } from './glossary';
import { TermMatcher } from './matcher';
import { Meeting, ParsedFile, ReadProblem, Span } from './model';
import { LineIndex, hanCount } from './positions';
import { readCorpusText } from './reader';
import { resolveDates } from './dates';
import { Segmenter, TokenArrays } from './segmenter';
import { Term, TermTable } from './terms';

export interface MeetingRef {
  /** Position of the meeting in chronological order (date, then corpus order). */
  rank: number;
  uri: string;
  /** Index of the meeting in its file, from 0. */
  indexInFile: number;
  meeting: Meeting;
  /** Characters of text in the meeting (for per-10,000-character rates). */
  chars: number;
}

export interface Occurrence {
  uri: string;
  start: number;
  end: number;
  meeting?: MeetingRef;
}

export interface OccurrenceStats {
  total: number;
  meetings: number;
  /** Count per meeting, in chronological order (parallel to `meetingsChronological()`). */
  perMeeting: number[];
  first?: Occurrence;
}

export type Target =
  | { kind: 'term'; term: Term; span: Span }
  | { kind: 'word'; word: string; span: Span };

export class IndexedFile {
  readonly lines: LineIndex;
  meetings: MeetingRef[] = [];
  mentionTerm: Int32Array = new Int32Array(0);
  mentionStart: Uint32Array = new Uint32Array(0);
  mentionEnd: Uint32Array = new Uint32Array(0);
  tokens?: TokenArrays;
  tokenWord?: Uint32Array;
  candidates: CandidateHit[] = [];
  /** Per-line tokens of an open document, so an edit re-segments only the lines it touched. */
  lineTokens?: Map<string, TokenArrays>;

  constructor(
    readonly uri: string,
    readonly path: string,
    readonly text: string,
    readonly parsed: ParsedFile,
    readonly problems: ReadProblem[],
    readonly open: boolean,
  ) {
    this.lines = new LineIndex(text);
  }

  get segmented(): boolean {
    return this.tokens !== undefined;
  }

  /** The meeting that contains `offset`, if any. */
  meetingAt(offset: number): MeetingRef | undefined {
    const ms = this.meetings;
    let lo = 0;
    let hi = ms.length - 1;
    let found: MeetingRef | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ms[mid].meeting.span.start <= offset) {
        found = ms[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

export interface FileInput {
  uri: string;
  /** File-system path or the uri's path: used for ordering and date hints. */
  path: string;
  text: string;
  /** Problems found while reading the bytes (encoding, binary). */
  problems?: ReadProblem[];
  /** An open editor document: keep per-line tokens for fast re-segmentation. */
  open?: boolean;
}

const collator = new Intl.Collator('en', { numeric: true });

export class CorpusIndex {
  private readonly files = new Map<string, IndexedFile>();
  private glossary = Glossary.empty();
  private table = new TermTable(Glossary.empty());
  private matcher = new TermMatcher([]);
  private termOfForm: Int32Array = new Int32Array(0);
  private maxFormLength = 0;
  private chrono: MeetingRef[] = [];
  private chronoDirty = true;
  private tableDirty = false;
  /** Bumps on every change; caches keyed on it. */
  private version = 0;
  private readonly mentionCache = new Map<Term, Occurrence[]>();
  private readonly wordCache = new Map<string, Occurrence[]>();
  private cacheVersion = -1;
  private readonly vocabulary = new Map<string, number>();
  private readonly words: string[] = [];

  constructor(private readonly segmenter?: Segmenter) {}

  // ---- input -------------------------------------------------------------------------------

  setGlossary(glossary: Glossary): void {
    this.glossary = glossary;
    this.segmenter?.addWords(glossary.forms());
    for (const e of glossary.entries) this.segmenter?.addWords(e.parts);
    this.rebuildTerms();
  }

  getGlossary(): Glossary {
    return this.glossary;
  }

  /** Reads (or re-reads) a file: structure and term mentions at once; segmentation is separate. */
  upsertFile(input: FileInput): IndexedFile {
    const previous = this.files.get(input.uri);
    const parsed = readCorpusText(input.text, { path: input.path });
    const file = new IndexedFile(input.uri, input.path, input.text, parsed, [...(input.problems ?? []), ...parsed.problems], input.open ?? false);
    if (file.open) file.lineTokens = previous?.lineTokens ?? new Map();
    this.files.set(input.uri, file);
    this.matchFile(file);
    this.changed();
    if (previous && previous.candidates.length > 0) this.tableDirty = true;
    return file;
  }

  removeFile(uri: string): boolean {
    const had = this.files.delete(uri);
    if (had) {
      this.changed();
      this.tableDirty = true;
    }
    return had;
  }

  /** Segments a file now (in this thread) and finds its candidate terms. */
  segmentFile(uri: string): void {
    const file = this.files.get(uri);
    if (!file || !this.segmenter) return;
    this.applyTokens(file, file.lineTokens ? this.segmentByLine(file) : this.segmenter.segment(file.text));
  }

  /** Stores tokens computed elsewhere (a worker thread, a cache) for the file's current text. */
  applyTokens(file: IndexedFile, tokens: TokenArrays): void {
    if (this.files.get(file.uri) !== file) return;
    file.tokens = tokens;
    const ids = new Uint32Array(tokens.starts.length);
    for (let i = 0; i < ids.length; i++) ids[i] = this.wordId(file.text.slice(tokens.starts[i], tokens.ends[i]));
    file.tokenWord = ids;
    const before = file.candidates;
    file.candidates = findCandidates(file.text, tokens);
    if (before.length > 0 || file.candidates.length > 0) this.tableDirty = true;
    this.changed();
  }

  private segmentByLine(file: IndexedFile): TokenArrays {
    const old = file.lineTokens!;
    const next = new Map<string, TokenArrays>();
    const starts: number[] = [];
    const ends: number[] = [];
    for (let line = 0; line < file.lines.lineCount; line++) {
      const from = file.lines.lineStarts[line];
      const to = file.lines.lineEnd(line);
      if (to <= from) continue;
      const text = file.text.slice(from, to);
      const t = next.get(text) ?? old.get(text) ?? this.segmenter!.segment(text);
      next.set(text, t);
      for (let i = 0; i < t.starts.length; i++) {
        starts.push(t.starts[i] + from);
        ends.push(t.ends[i] + from);
      }
    }
    file.lineTokens = next;
    return { starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
  }

  unsegmentedFiles(): IndexedFile[] {
    return [...this.files.values()].filter((f) => !f.segmented);
  }

  private wordId(word: string): number {
    let id = this.vocabulary.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(word);
      this.vocabulary.set(word, id);
    }
    return id;
  }

  private changed(): void {
    this.version++;
    this.chronoDirty = true;
  }

  private rebuildTerms(): void {
    const candidateForms = new Map<string, Set<CandidateReason>>();
    for (const f of this.files.values()) {
      for (const c of f.candidates) {
        let set = candidateForms.get(c.form);
        if (!set) candidateForms.set(c.form, (set = new Set()));
        set.add(c.reason);
      }
    }
    this.table = new TermTable(this.glossary, candidateForms);
    const { forms, termOfForm } = this.table.formList();
    this.matcher = new TermMatcher(forms);
    this.termOfForm = termOfForm;
    this.maxFormLength = forms.reduce((m, f) => Math.max(m, f.length), 0);
    for (const f of this.files.values()) this.matchFile(f);
    this.tableDirty = false;
    this.changed();
  }

  /** Brings the term table up to date with candidate changes; cheap when nothing changed. */
  private settle(): void {
    if (this.tableDirty) this.rebuildTerms();
    if (this.chronoDirty) this.rebuildChronology();
    if (this.cacheVersion !== this.version) {
      this.mentionCache.clear();
      this.wordCache.clear();
      this.cacheVersion = this.version;
    }
  }

  private matchFile(file: IndexedFile): void {
    const term: number[] = [];
    const start: number[] = [];
    const end: number[] = [];
    this.matcher.scan(file.text, (p, s, e) => {
      term.push(this.termOfForm[p]);
      start.push(s);
      end.push(e);
    });
    // One occurrence of a term is one mention, even where one of its forms contains another.
    const lastEnd = new Map<number, number>();
    const order = start
      .map((_, i) => i)
      .sort((a, b) => start[a] - start[b] || end[b] - end[a])
      .filter((i) => {
        if ((lastEnd.get(term[i]) ?? -1) >= end[i]) return false;
        lastEnd.set(term[i], end[i]);
        return true;
      });
    file.mentionTerm = Int32Array.from(order.map((i) => term[i]));
    file.mentionStart = Uint32Array.from(order.map((i) => start[i]));
    file.mentionEnd = Uint32Array.from(order.map((i) => end[i]));
  }

  private rebuildChronology(): void {
    const files = this.sortedFiles();
    const all: Meeting[] = [];
    for (const f of files) all.push(...f.parsed.meetings);
    resolveDates(all);
    const refs: MeetingRef[] = [];
    for (const f of files) {
      f.meetings = f.parsed.meetings.map((meeting, indexInFile) => ({
        rank: 0,
        uri: f.uri,
        indexInFile,
        meeting,
        chars: meeting.span.end - meeting.span.start,
      }));
      refs.push(...f.meetings);
    }
    // Stable sort: meetings without a date keep their corpus order, after the dated ones.
    const order = refs.map((r, i) => ({ r, i }));
    order.sort((a, b) => {
      const da = a.r.meeting.date.iso ?? '9999';
      const db = b.r.meeting.date.iso ?? '9999';
      return da < db ? -1 : da > db ? 1 : a.i - b.i;
    });
    this.chrono = order.map((o, rank) => Object.assign(o.r, { rank }));
    this.chronoDirty = false;
  }

  // ---- queries -----------------------------------------------------------------------------

  get indexVersion(): number {
    return this.version;
  }

  file(uri: string): IndexedFile | undefined {
    this.settle();
    return this.files.get(uri);
  }

  sortedFiles(): IndexedFile[] {
    return [...this.files.values()].sort((a, b) => collator.compare(a.path, b.path));
  }

  allFiles(): IndexedFile[] {
    this.settle();
    return this.sortedFiles();
  }

  meetingsChronological(): MeetingRef[] {
    this.settle();
    return this.chrono;
  }

  terms(): TermTable {
    this.settle();
    return this.table;
  }

  term(key: string): Term | undefined {
    return this.terms().get(key);
  }

  /** The term or word at `offset`: the longest term mention covering it, else the segmented word. */
  targetAt(uri: string, offset: number): Target | undefined {
    this.settle();
    const file = this.files.get(uri);
    if (!file) return undefined;
    const term = this.termAt(file, offset);
    if (term) return term;
    return this.wordAt(file, offset);
  }

  private termAt(file: IndexedFile, offset: number): Target | undefined {
    const starts = file.mentionStart;
    let lo = 0;
    let hi = starts.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= offset) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    let best = -1;
    for (let i = last; i >= 0 && starts[i] + this.maxFormLength > offset; i--) {
      if (file.mentionEnd[i] > offset) {
        const len = file.mentionEnd[i] - starts[i];
        if (best === -1 || len > file.mentionEnd[best] - starts[best] || (len === file.mentionEnd[best] - starts[best] && starts[i] < starts[best])) best = i;
      }
    }
    if (best === -1) return undefined;
    return { kind: 'term', term: this.table.terms[file.mentionTerm[best]], span: { start: starts[best], end: file.mentionEnd[best] } };
  }

  private wordAt(file: IndexedFile, offset: number): Target | undefined {
    const t = file.tokens;
    if (!t) return undefined;
    let lo = 0;
    let hi = t.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (t.ends[mid] <= offset) lo = mid + 1;
      else if (t.starts[mid] > offset) hi = mid - 1;
      else {
        const word = file.text.slice(t.starts[mid], t.ends[mid]);
        if (hanCount(word) < 2) return undefined;
        return { kind: 'word', word, span: { start: t.starts[mid], end: t.ends[mid] } };
      }
    }
    return undefined;
  }

  /** Every mention of a term (any of its forms, inside longer terms too), in chronological order. */
  mentionsOf(term: Term): Occurrence[] {
    this.settle();
    const cached = this.mentionCache.get(term);
    if (cached) return cached;
    const idx = this.table.terms.indexOf(term);
    const out: Occurrence[] = [];
    for (const f of this.files.values()) {
      const mt = f.mentionTerm;
      for (let i = 0; i < mt.length; i++) {
        if (mt[i] === idx) out.push({ uri: f.uri, start: f.mentionStart[i], end: f.mentionEnd[i], meeting: f.meetingAt(f.mentionStart[i]) });
      }
    }
    sortChronologically(out);
    this.mentionCache.set(term, out);
    return out;
  }

  /** Every occurrence of a segmented word, in chronological order. */
  occurrencesOfWord(word: string): Occurrence[] {
    this.settle();
    const cached = this.wordCache.get(word);
    if (cached) return cached;
    const id = this.vocabulary.get(word);
    const out: Occurrence[] = [];
    if (id !== undefined) {
      for (const f of this.files.values()) {
        const ids = f.tokenWord;
        if (!ids || !f.tokens) continue;
        for (let i = 0; i < ids.length; i++) {
          if (ids[i] === id) out.push({ uri: f.uri, start: f.tokens.starts[i], end: f.tokens.ends[i], meeting: f.meetingAt(f.tokens.starts[i]) });
        }
      }
    }
    sortChronologically(out);
    this.wordCache.set(word, out);
    return out;
  }

  occurrencesOf(target: Target): Occurrence[] {
    return target.kind === 'term' ? this.mentionsOf(target.term) : this.occurrencesOfWord(target.word);
  }

  stats(occurrences: readonly Occurrence[]): OccurrenceStats {
    const chrono = this.meetingsChronological();
    const perMeeting = new Array<number>(chrono.length).fill(0);
    for (const o of occurrences) if (o.meeting) perMeeting[o.meeting.rank]++;
    return { total: occurrences.length, meetings: perMeeting.filter((n) => n > 0).length, perMeeting, first: occurrences[0] };
  }

  /** Candidate terms with their counts, most frequent first. */
  candidateTerms(): { term: Term; count: number; meetings: number }[] {
    const table = this.terms();
    return table.terms
      .filter((t) => t.kind === 'candidate')
      .map((term) => {
        const s = this.stats(this.mentionsOf(term));
        return { term, count: s.total, meetings: s.meetings };
      })
      .sort((a, b) => b.count - a.count || a.term.key.localeCompare(b.term.key));
  }
}

function sortChronologically(out: Occurrence[]): void {
  const NONE = Number.MAX_SAFE_INTEGER;
  out.sort((a, b) => (a.meeting?.rank ?? NONE) - (b.meeting?.rank ?? NONE) || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.start - b.start));
}
