// The corpus index: every file's meetings, term mentions and word tokens, and the queries the
// editor features ask (term at a position, mentions in chronological order, statistics).
// Plain TypeScript: no editor, no protocol, no I/O. The server feeds it text; tests do too.

import { CandidateReason, findCandidates, CandidateHit } from './candidates';
import { CandidateTally, compareRanked, DEFAULT_MAX_CANDIDATES, meetingPeriods, RankedCandidate, reasonsOf, tallyFile } from './candidateRanking';
import { Glossary } from './glossary';
import { TermMatcher } from './matcher';
import { Meeting, ParsedFile, ReadProblem, RecordMetadata, Section, Span, textOf, Utf8Text } from './model';
import { asRecordDocument } from './datasets';
import { changedStretch, ChangedStretch, firstAtLeast, LineIndex, hanCount } from './positions';
import { DocumentReading, readCorpusText, readCorpusTextInSteps, readOpenDocument } from './reader';
import { resolveDates, yearFromPath } from './dates';
import { whitespaceTokens } from './text/presegmented';
import { Segmenter, TokenArrays } from './segmenter';
import { Term, TermTable } from './terms';
import { runToEnd, runUntil, Steps } from './steps';
import { CarriedTokens, SegmentationArrays } from './carriedTokens';

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
  readonly perMeeting: readonly number[];
  first?: Occurrence;
}

export type Target =
  | { kind: 'term'; term: Term; span: Span }
  | { kind: 'word'; word: string; span: Span };

export class IndexedFile {
  private lineIndex?: LineIndex;
  meetings: MeetingRef[] = [];
  mentionTerm: Int32Array = new Int32Array(0);
  mentionStart: Uint32Array = new Uint32Array(0);
  mentionEnd: Uint32Array = new Uint32Array(0);
  /**
   * Tokens, each token's word (an index id), and word postings: the token indices of each of the
   * file's distinct words, grouped by the word's local index (order of first occurrence),
   * ascending within a word. Word `l`'s tokens are `postings[postStart[l] .. postStart[l + 1])`.
   * Counts and first occurrences come from these without reading the whole token array. Held
   * flat, or for an edited document as carried from its last segmentation (see `carried`).
   */
  private seg: Partial<SegmentationArrays> = {};
  /**
   * An edited document's stand-in tokens, seen through `CarriedTokens` until something reads the
   * arrays whole (the accessors below flatten them). Word queries and the token at a position
   * read them as they are: typing in a long document copies nothing.
   */
  private carried?: CarriedTokens;
  /** Mention indices ordered by term, then offset: each term's mentions in this file are one block. */
  mentionOrder: Uint32Array = new Uint32Array(0);
  /** Its mentions are by the index's current term table (not deferred to a rebuild). */
  matched = false;
  /** Restored from a snapshot, or segmented during a full indexing, and not yet listed under its words (see `listPendingWords`). */
  wordsPending = false;
  /** The index's word ids this file is listed under (its distinct words), so the lists can drop it when it goes. */
  wordIds?: Uint32Array;
  /** The term indices this file is listed under (its distinct mentioned terms), same reason. */
  termIds?: Int32Array;
  candidates: CandidateHit[] = [];
  /** Per-line tokens of an open document, so an edit re-segments only the lines it touched. */
  lineTokens?: Map<string, TokenArrays>;
  /** Where this version (an edited open document) differs from the one it replaced; see `changedStretch`. */
  edit?: ChangedStretch;
  /** An open document's reading, kept so that its next edit is read only where it changed. */
  reading?: DocumentReading;
  /** A dataset record's title, date and facets (its text is this file's text). */
  metadata?: RecordMetadata;

  /** The text, or its bytes until first read (a file put back from a snapshot). */
  private source: string | Utf8Text;
  /** Length of the text in UTF-16 code units, known without decoding it. */
  readonly textLength: number;

  constructor(
    readonly uri: string,
    readonly path: string,
    text: string | Utf8Text,
    readonly parsed: ParsedFile,
    readonly problems: ReadProblem[],
    /** An editor's document (see `keepAsRead`, the one change after it is made). */
    public open: boolean,
  ) {
    this.source = text;
    this.textLength = text.length;
  }

  get text(): string {
    if (typeof this.source !== 'string') this.source = textOf(this.source);
    return this.source;
  }

  /** The text is still held as bytes (see `decodePendingTexts`). */
  get textPending(): boolean {
    return typeof this.source !== 'string';
  }

  /** Line starts, built on first use (a position conversion): bulk indexing needs none. */
  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  /** Takes the line starts from the version this one replaced, where it had them (an edit). */
  linesFrom(previous: IndexedFile, edit: ChangedStretch): void {
    if (previous.lineIndex) this.lineIndex = LineIndex.afterEdit(previous.lineIndex, this.text, edit);
  }

  get segmented(): boolean {
    return this.carried !== undefined || this.seg.tokens !== undefined;
  }

  get tokens(): TokenArrays | undefined {
    return this.flat().tokens;
  }

  /** New tokens (segmented, put back, carried at once): their words and postings are set next. */
  set tokens(tokens: TokenArrays | undefined) {
    this.carried = undefined;
    this.seg = { tokens };
  }

  get tokenWord(): Uint32Array | undefined {
    return this.flat().tokenWord;
  }

  get postStart(): Uint32Array | undefined {
    return this.flat().postStart;
  }

  get postings(): Uint32Array | undefined {
    return this.flat().postings;
  }

  /** Sets the words of the tokens set last, and (once listed under them) their postings. */
  setWords(tokenWord: Uint32Array, postStart?: Uint32Array, postings?: Uint32Array): void {
    this.flat();
    this.seg = { tokens: this.seg.tokens, tokenWord, postStart, postings };
  }

  /**
   * Flattens carried tokens a step at a time (an edited document of millions of tokens; nothing
   * to do otherwise), for a computation that yields anyway and is about to read them whole.
   */
  *flatSteps(): Steps<void> {
    const carried = this.carried;
    if (!carried) return;
    const seg = yield* carried.flattenSteps();
    // New tokens meanwhile (segmented again) win.
    if (this.carried === carried) {
      this.seg = seg;
      this.carried = undefined;
    }
  }

  /** What the tokens are now, without flattening them: the same object as long as they are the same. */
  get tokensIdentity(): object | undefined {
    return this.carried ?? this.seg.tokens;
  }

  private flat(): Partial<SegmentationArrays> {
    if (this.carried) {
      this.seg = this.carried.flatten();
      this.carried = undefined;
    }
    return this.seg;
  }

  /**
   * The arrays as they are, not flattened: with `carried` (when set), which of their tokens are
   * live and where. Undefined unless tokens, words and postings are all there.
   */
  segmentation(): { arrays: Required<SegmentationArrays>; carried?: CarriedTokens } | undefined {
    const arrays = this.carried?.base ?? this.seg;
    if (!arrays.tokens || !arrays.tokenWord || !arrays.postStart || !arrays.postings) return undefined;
    return { arrays: arrays as Required<SegmentationArrays>, carried: this.carried };
  }

  /** The flat arrays, when they are flat (not carried) and complete; undefined otherwise. Allocates nothing. */
  flatSegmentation(): Required<SegmentationArrays> | undefined {
    const a = this.seg;
    return !this.carried && a.tokens && a.tokenWord && a.postStart && a.postings ? (a as Required<SegmentationArrays>) : undefined;
  }

  /** Marks a file once per scan over a word's holders (a file may be listed twice). */
  visitStamp = 0;

  /** Takes a whole segmentation (tokens, words and postings) as this version's, flat. */
  setSegmentation(arrays: SegmentationArrays): void {
    this.carried = undefined;
    this.seg = { ...arrays };
  }

  /** Takes `tokens` (an edit of the version they came from) as this version's stand-in tokens. */
  carry(tokens: CarriedTokens): void {
    this.carried = tokens;
    this.seg = {};
  }

  /** The token covering `offset`, if any; its offsets. */
  tokenAt(offset: number): { start: number; end: number } | undefined {
    if (this.carried) return this.carried.tokenAt(offset);
    const t = this.seg.tokens;
    if (!t) return undefined;
    const i = firstAtLeast(t.ends, offset + 1);
    return i < t.ends.length && t.starts[i] <= offset ? { start: t.starts[i], end: t.ends[i] } : undefined;
  }

  /** Calls `visit` with the offsets of each live token among postings `[from, to)` (see `segmentation`), in order. */
  forEachPosting(from: number, to: number, visit: (start: number, end: number) => void): void {
    if (this.carried) return this.carried.forEachPosting(from, to, visit);
    const { starts, ends } = this.seg.tokens!;
    const postings = this.seg.postings!;
    for (let k = from; k < to; k++) visit(starts[postings[k]], ends[postings[k]]);
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
  /** Where the editor changed the text, from which text (`changedStretch`'s `known`): used when that text is the one indexed. */
  changed?: { before: string; stretch: ChangedStretch };
  /**
   * A dataset record (CSV, JSONL, JSON; `uri` is its virtual document): its title, date and facets.
   * The text is read as one document under them (`asRecordDocument`).
   */
  metadata?: RecordMetadata;
}

/** A reading of `input`'s text as the document it is: a dataset record's under its metadata. */
function asInput(input: Pick<FileInput, 'metadata'>, text: string, parsed: ParsedFile): ParsedFile {
  return input.metadata ? asRecordDocument(parsed, text, input.metadata) : parsed;
}

/**
 * Paths in corpus order (numbers by value). The collator is made on first use: making one loads
 * ICU's collation data, 5-6 ms of the server's start, and a restart needs none (see `pathRank`).
 */
let collator: Intl.Collator | undefined;
const collatePaths = (a: string, b: string) => (collator ??= new Intl.Collator('en', { numeric: true })).compare(a, b);
/** Terms and words whose occurrence statistics are kept (`statsOf`). */
const STATS_CACHE_MAX = 2048;

/** Texts shorter than this are matched whole on an edit: finding the changed stretch would cost as much. */
const EDIT_REMATCH_MIN = 2048;

/**
 * Pieces an edited document's carried tokens may have (see `CarriedTokens`): each edit at a new
 * place adds one, and each edit costs a pass over them. Edits at hundreds of places with no pause
 * (a script, a macro) would make that pass long; past this many, the tokens are made flat once.
 */
const MAX_CARRIED_PIECES = 256;

/**
 * A file's segmentation with what can be derived from its text alone: the distinct words, each
 * token's word (an index into `words`) and the candidate terms. Computed where the tokens are
 * (a worker thread, the cache) so that storing them in the index costs one pass over the words.
 */
export interface SegmentedText {
  tokens: TokenArrays;
  /** Distinct token words of the file, in order of first occurrence. */
  words: string[];
  /** For each token, its index in `words`. */
  wordOfToken: Uint32Array;
  candidates: CandidateHit[];
  /** The encoded cache entry of this segmentation, when the worker made one. */
  encoded?: Uint8Array;
  /**
   * Where `words` come from a long-lived vocabulary (a worker's): that vocabulary (an array that
   * only grows, words never renumbered) and each distinct word's number in it, so the index looks
   * each of its words up once, not once per file.
   */
  source?: { space: readonly string[]; ids: Uint32Array };
}

/**
 * A part's segmentation placed where the part begins in the whole text (`offset`): its token
 * offsets and candidates' starts moved by it, in place (the worker that segmented the part does
 * this, so the server thread's join only copies).
 */
export function placeSegmented<T extends SegmentedText>(seg: T, offset: number): T {
  if (offset === 0) return seg;
  const { starts, ends } = seg.tokens;
  for (let i = 0; i < starts.length; i++) {
    starts[i] += offset;
    ends[i] += offset;
  }
  for (const c of seg.candidates) c.start += offset;
  return seg;
}

/**
 * The segmentation of a text from those of its parts (`partStarts`), each already placed in the
 * whole text (`placeSegmented`). Words are numbered again in order of first occurrence;
 * candidates keep their parts' order. No `source`: the parts may come from different workers'
 * vocabularies.
 */
export function joinSegmented(parts: readonly SegmentedText[]): SegmentedText {
  return runToEnd(joinSegmentedSteps(parts));
}

/** `joinSegmented`, yielding every TOKEN_STEP tokens renumbered (a 10 MB file has 1.5 million). */
export function* joinSegmentedSteps(parts: readonly SegmentedText[]): Steps<SegmentedText> {
  const n = parts.reduce((sum, p) => sum + p.tokens.starts.length, 0);
  const starts = new Uint32Array(n);
  const ends = new Uint32Array(n);
  const wordOfToken = new Uint32Array(n);
  const words: string[] = [];
  const wordIndex = new Map<string, number>();
  const candidates: CandidateHit[] = [];
  let at = 0;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k];
    const local = part.words.map((w) => {
      let i = wordIndex.get(w);
      if (i === undefined) {
        wordIndex.set(w, (i = words.length));
        words.push(w);
      }
      return i;
    });
    starts.set(part.tokens.starts, at);
    ends.set(part.tokens.ends, at);
    const own = part.wordOfToken;
    // The first part's words are numbered as they were.
    if (k === 0) wordOfToken.set(own, at);
    else
      for (let from = 0; from < own.length; from += TOKEN_STEP) {
        const to = Math.min(own.length, from + TOKEN_STEP);
        for (let i = from; i < to; i++) wordOfToken[at + i] = local[own[i]];
        yield;
      }
    at += own.length;
    for (const c of part.candidates) candidates.push(c);
    yield;
  }
  return { tokens: { starts, ends }, words, wordOfToken, candidates };
}

/** Tokens handled between two steps of a long file's word numbering and postings. */
const TOKEN_STEP = 1 << 18;

/** A file's words in the index: each token's word id, its distinct word ids (first occurrence order), and its postings. */
interface TokenWords {
  ids: Uint32Array;
  global: Uint32Array;
  /** Absent when the file is listed under its words later (`deferWordLists`). */
  postStart?: Uint32Array;
  postings?: Uint32Array;
}

/**
 * Postings by a counting sort on each token's local word index (`local`, words `0..m-1`): word
 * `l`'s tokens are `postings[postStart[l] .. postStart[l + 1])`, in order. Yields every
 * TOKEN_STEP tokens.
 */
function* postingsSteps(local: Uint32Array, m: number): Steps<{ postStart: Uint32Array; postings: Uint32Array }> {
  const n = local.length;
  const postStart = new Uint32Array(m + 1);
  for (let from = 0; from < n; from += TOKEN_STEP) {
    const to = Math.min(n, from + TOKEN_STEP);
    for (let i = from; i < to; i++) postStart[local[i] + 1]++;
    yield;
  }
  for (let w = 0; w < m; w++) postStart[w + 1] += postStart[w];
  const cursor = postStart.slice(0, m);
  const postings = new Uint32Array(n);
  for (let from = 0; from < n; from += TOKEN_STEP) {
    const to = Math.min(n, from + TOKEN_STEP);
    for (let i = from; i < to; i++) postings[cursor[local[i]]++] = i;
    yield;
  }
  return { postStart, postings };
}

/**
 * A vocabulary that numbers words as they are met in a text, hashing and comparing each token
 * where it stands (open addressing over word numbers): only a new word becomes a string.
 * Slicing every token and hashing the slice in a Map was a third of a segmentation worker's time.
 */
export class WordInterner {
  readonly words: string[] = [];
  /** Scratch space for `internWords`, indexed by word number. */
  scratch = new Uint32Array(1024);
  private readonly hashes: number[] = [];
  private mask = 1023;
  private slots = new Int32Array(1024).fill(-1);
  /** Words in the hash table (all but the single characters). */
  private hashed = 0;

  /** Single-character words by code unit, their number plus one (0: not met yet): a fifth of all tokens, no hashing. */
  private readonly singles = new Int32Array(0x10000);

  /** The number of the word `text[s, e)`, new words numbered on from the last. */
  intern(text: string, s: number, e: number): number {
    const len = e - s;
    if (len === 1) {
      const c = text.charCodeAt(s);
      const known = this.singles[c];
      if (known > 0) return known - 1;
      const id = this.words.length;
      this.singles[c] = id + 1;
      this.words.push(text[s]);
      // Kept in the hash table's arrays too (hashes is indexed by word number).
      this.hashes.push(0);
      return id;
    }
    let h = 0x811c9dc5 ^ len;
    for (let k = s; k < e; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
    const { words, hashes } = this;
    let at = h & this.mask;
    let id = this.slots[at];
    while (id >= 0) {
      const w = words[id];
      if (hashes[id] === h && w.length === len) {
        let k = 0;
        while (k < len && w.charCodeAt(k) === text.charCodeAt(s + k)) k++;
        if (k === len) return id;
      }
      at = (at + 1) & this.mask;
      id = this.slots[at];
    }
    id = words.length;
    words.push(text.slice(s, e));
    hashes.push(h);
    this.slots[at] = id;
    // Kept under half full: probes stay short.
    if (2 * ++this.hashed > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    this.mask = 2 * this.mask + 1;
    this.slots = new Int32Array(this.mask + 1).fill(-1);
    for (let w = 0; w < this.words.length; w++) {
      if (this.words[w].length === 1) continue;
      let a = this.hashes[w] & this.mask;
      while (this.slots[a] >= 0) a = (a + 1) & this.mask;
      this.slots[a] = w;
    }
  }
}

/**
 * The distinct words of `tokens` in order of first occurrence, each token's index among them, and
 * each distinct word's number in `vocabulary` (a long-lived one: a worker's, across files; by
 * default a fresh one, where that number is the index itself).
 */
export function internWords(text: string, tokens: TokenArrays, vocabulary?: WordInterner): { words: string[]; wordOfToken: Uint32Array; ids: Uint32Array } {
  const { starts, ends } = tokens;
  const n = starts.length;
  const wordOfToken = new Uint32Array(n);
  if (!vocabulary) {
    const own = new WordInterner();
    for (let i = 0; i < n; i++) wordOfToken[i] = own.intern(text, starts[i], ends[i]);
    return { words: own.words, wordOfToken, ids: Uint32Array.from(own.words.keys()) };
  }
  const words: string[] = [];
  const ids: number[] = [];
  // Each vocabulary word's index among this text's words, plus one (0: not met yet), cleared after.
  let localOf = vocabulary.scratch;
  for (let i = 0; i < n; i++) {
    const id = vocabulary.intern(text, starts[i], ends[i]);
    if (id >= localOf.length) {
      const bigger = new Uint32Array(Math.max(2 * localOf.length, id + 1024));
      bigger.set(localOf);
      localOf = vocabulary.scratch = bigger;
    }
    let l = localOf[id];
    if (l === 0) {
      words.push(vocabulary.words[id]);
      ids.push(id);
      l = localOf[id] = words.length;
    }
    wordOfToken[i] = l - 1;
  }
  for (const id of ids) localOf[id] = 0;
  return { words, wordOfToken, ids: Uint32Array.from(ids) };
}

export function analyzeTokens(text: string, tokens: TokenArrays, vocabulary?: WordInterner): SegmentedText & { ids: Uint32Array } {
  return { tokens, ...internWords(text, tokens, vocabulary), candidates: findCandidates(text, tokens) };
}

function isSegmentedText(t: TokenArrays | SegmentedText): t is SegmentedText {
  return (t as SegmentedText).wordOfToken !== undefined;
}

/**
 * The candidate terms of a term table, with their reasons, in code-unit order of the form: the
 * table numbers its terms the same way whatever order the files were segmented in, so mentions
 * stored by term number stay valid across runs (snapshots).
 */
function candidateFormsOf(candidates: Iterable<{ form: string; reasons: CandidateReason[] }>): Map<string, CandidateReason[]> {
  const byForm = [...candidates].map((c): [string, CandidateReason[]] => [c.form, c.reasons]);
  return new Map(byForm.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/**
 * The candidate terms of the term table and where the ranking was cut when they were chosen (the
 * top `maxCandidates` of the ranking). Between rebuilds, a change of counts is checked against the
 * bounds: a member that falls below the best form left out, or a form that rises above the worst
 * member, makes the table stale. The bounds only move outwards until the next rebuild, so a check
 * may ask for a rebuild that changes nothing, but never misses one that does.
 */
interface CandidateCut {
  members: Set<string>;
  /** The lowest-ranked member and the best form left out; unknown after a restore until worked out (`learnCut`). */
  worstIn?: RankedCandidate;
  bestOut?: RankedCandidate;
  known: boolean;
}

/** A candidate term of the table with its counts (candidateRanking.ts). */
export interface CandidateTerm {
  term: Term;
  /** The shapes that propose it now. */
  reasons: CandidateReason[];
  /** Positions the finder proposed it at. */
  count: number;
  /** Documents with such a position. */
  meetings: number;
  /** Distinct months (or years) of those documents. */
  periods: number;
  score: number;
}

/** A term table's identity for stored mentions: its forms and each form's term number. */
function tableSignature(forms: readonly string[], termOfForm: Int32Array): string {
  return `${forms.join('\u0001')}\u0002${termOfForm.join(',')}`;
}

/**
 * What the index derived from one file's text, in the index's own word and term numbering: with
 * the text it was derived from, enough to put the file back without segmenting or matching it.
 */
export interface FileSnapshot {
  uri: string;
  path: string;
  /** Token starts and ends (UTF-16). */
  starts: Uint32Array;
  ends: Uint32Array;
  /** Each token's word id in the snapshot's vocabulary (postings are derived from these when the file is listed under its words). */
  tokenWord: Uint32Array;
  mentionTerm: Int32Array;
  mentionStart: Uint32Array;
  mentionEnd: Uint32Array;
  mentionOrder: Uint32Array;
  candidates: CandidateHit[];
  /** The structure the reader found in the text, if stored (else it is read again). */
  parsed?: ParsedFile;
}

/** The whole index's derived data: vocabulary, the term table's signature, every file. */
export interface IndexSnapshot {
  words: string[];
  tableSignature: string;
  /** The candidate terms of the table, and the cap they were chosen under. */
  candidateTerms: string[];
  maxCandidates: number;
  files: (FileSnapshot & { text: string })[];
}

export class CorpusIndex {
  private readonly files = new Map<string, IndexedFile>();
  private glossary = Glossary.empty();
  private table = new TermTable(Glossary.empty());
  private matcher = new TermMatcher([]);
  private termOfForm: Int32Array = new Int32Array(0);
  private maxFormLength = 0;
  private chrono: MeetingRef[] = [];
  private chronoDirty = true;
  /**
   * Files in corpus order (by path, numbers by value), kept up to date as files come and go: a
   * query during indexing settles the chronology, which walks the files in this order, and
   * re-sorting hundreds of paths with the collator for each was most of that work.
   */
  private sortedUris?: string[];
  /**
   * Each path's place in the corpus order a snapshot was written in (`beginRestore`): paths both
   * placed compare by it, without the collator. The snapshot comes from this build with this ICU,
   * so its order is the collator's, ties (a1, a01) in the order they came then.
   */
  private pathRank?: Map<string, number>;
  /** `yearFromPath` per file path (while the file is in the index): the same for every rebuild of the chronology. */
  private readonly pathYears = new Map<string, number | undefined>();
  private tableDirty = false;
  /** Bumps whenever the table becomes dirty, so a rebuild that began earlier cannot clear a later need. */
  private dirtyGeneration = 0;
  /** Bumps when the term table is replaced: a rebuild started before cannot commit. */
  private tableVersion = 0;
  /** Bumps on every change; caches keyed on it. */
  private version = 0;
  private readonly mentionCache = new Map<Term, Occurrence[]>();
  private readonly wordCache = new Map<string, Occurrence[]>();
  /**
   * `statsOf` per term (by its object) or word, until the index changes: a hover and a definition
   * on a term with thousands of mentions counted them all again each time (the hovers' p99).
   * Shared by every caller: read only.
   */
  private readonly statsCache = new Map<Term | string, OccurrenceStats>();
  private cacheVersion = -1;
  private vocabulary = new Map<string, number>();
  private words: string[] = [];
  /**
   * For each word id, the files whose tokens hold it (possibly stale entries, dropped when met);
   * none until a file is listed under it. A restart from the snapshot made two empty lists for each
   * of its tens of thousands of words (2.5 MB of young objects that the collector copied) before
   * the index was ready, and lists files under their words only after.
   */
  private wordFiles: (IndexedFile[] | undefined)[] = [];
  /** Parallel to `wordFiles`: the word's local index in that file's postings. */
  private wordLocal: (number[] | undefined)[] = [];
  /** The current scan's stamp (see `forEachTokenRun`). */
  private visitStamp = 0;
  /** For each term index, the files that mention it and where its block starts in their `mentionOrder` (stale entries dropped when met). */
  private termFiles: IndexedFile[][] = [];
  private termFrom: number[][] = [];
  /** The candidate statistics of every file's hits: they stay counted until the file is re-segmented or removed. */
  private readonly candidateTally = new CandidateTally();
  /** Files put back from a snapshot whose hits are not counted yet (`countPendingCandidates`). */
  private pendingTallies: IndexedFile[] = [];
  /** The table's candidate terms and the cut they were chosen at. */
  private cut: CandidateCut = { members: new Set(), known: true };
  /** How many candidate terms the table takes (the top of the ranking). */
  private maxCandidates = DEFAULT_MAX_CANDIDATES;
  /** Term-table rebuilds started and not yet committed: a change of counts meanwhile makes the new table stale. */
  private openRebuilds = 0;
  /** Glossary terms, aliases and parts: never candidates. */
  private glossaryForms = new Set<string>();
  private readonly notGlossary = (form: string): boolean => !this.glossaryForms.has(form);
  /** `candidateTerms()` until the counts or the table change. */
  private rankedCache?: { key: string; terms: CandidateTerm[]; found?: number };
  private termIndex = new Map<Term, number>();
  /** While held, candidate changes do not rebuild the term table (bulk indexing rebuilds once at the end). */
  private termTableHeld = false;
  /** While set (and the table is held), new files are not matched: the rebuild at the release matches every file once. */
  private matchingDeferred = false;
  private wordListsDeferred = false;
  /** A word id → local index scratch for `localWords`, all -1 between calls. */
  private localScratch = new Int32Array(0);
  /** During a restore from a snapshot: each word's length. */
  private restoreWordLength = new Uint32Array(0);
  /** For each long-lived outside vocabulary (a worker's): its word numbers to this index's word ids (-1: not yet met). */
  private spaceIds = new WeakMap<object, Int32Array>();
  /** Restored files not yet listed under their words. */
  private pendingWordLists: IndexedFile[] = [];
  /** Restored files not yet listed under the terms they mention (`listPendingMentions`). */
  private pendingMentionLists: IndexedFile[] = [];
  /** A long pending file being listed over several steps (`listPendingWords`). */
  private listing?: Steps<void>;
  /** Restored files whose text is still bytes. */
  private pendingTexts: IndexedFile[] = [];

  constructor(private readonly segmenter?: Segmenter) {}

  // ---- input -------------------------------------------------------------------------------

  setGlossary(glossary: Glossary): void {
    this.glossary = glossary;
    this.glossaryForms = new Set([...glossary.forms(), ...glossary.entries.flatMap((e) => e.parts)]);
    this.segmenter?.addWords(glossary.forms());
    for (const e of glossary.entries) this.segmenter?.addWords(e.parts);
    this.rebuildTerms();
  }

  getGlossary(): Glossary {
    return this.glossary;
  }

  /** Reads (or re-reads) a file: structure and term mentions at once; segmentation is separate. */
  upsertFile(input: FileInput): IndexedFile {
    if (!input.open) return this.storeFile(input, asInput(input, input.text, readCorpusText(input.text, { path: input.path })));
    // An open document's new version (an edit, or the editor opening a file): where it differs,
    // found once; what lies outside that stretch is carried over from the previous version.
    const previous = this.files.get(input.uri);
    const known = input.changed && previous?.text === input.changed.before ? input.changed.stretch : undefined;
    const edit = previous ? changedStretch(previous.text, input.text, known) : undefined;
    const reading = readOpenDocument(input.text, { path: input.path }, previous?.reading && edit ? { reading: previous.reading, edit } : undefined);
    const file = this.storeFile(input, asInput(input, input.text, reading.parsed), undefined, edit);
    file.reading = reading;
    return file;
  }

  /**
   * `upsertFile` in steps, for a text read from disk (any length): its structure is read and its
   * mentions matched a piece at a time (`step`), and the file goes into the index, all at once,
   * at `commit`. Until then queries see the index without it (or with its previous version).
   * Edits of open documents go through `upsertFile`, which re-matches only around the change.
   */
  upsertFileInSteps(input: FileInput): { step(deadline: number): boolean; commit(): IndexedFile } {
    const reading = readCorpusTextInSteps(input.text, { path: input.path });
    let parsed: ParsedFile | undefined;
    let scan: MentionScan | undefined;
    let scanTable = -1;
    const step = (deadline: number): boolean => {
      if (!parsed) {
        const read = runUntil(reading, deadline);
        if (!read) return false;
        parsed = asInput(input, input.text, read.value);
      }
      // Matched now only as `storeFile` would match it: not while matching is deferred.
      if (this.matchingDeferred && this.termTableHeld) return true;
      if (!scan || scanTable !== this.tableVersion) {
        scan = new MentionScan(input.text, this.matcher, this.termOfForm, this.table.terms.length);
        scanTable = this.tableVersion;
      }
      return scan.step(deadline);
    };
    return {
      step,
      commit: () => {
        // The last steps now (a scan by a table since replaced starts again).
        while (!step(Infinity));
        return this.storeFile(input, parsed!, scan?.mentions());
      },
    };
  }

  /** A file's new version into the index: its structure read, its mentions matched (or given, by the current table). */
  private storeFile(input: FileInput, parsed: ParsedFile, mentions?: Mentions, edit?: ChangedStretch): IndexedFile {
    const previous = this.files.get(input.uri);
    const file = new IndexedFile(input.uri, input.path, input.text, parsed, [...(input.problems ?? []), ...parsed.problems], input.open ?? false);
    file.metadata = input.metadata;
    if (file.open) file.lineTokens = previous?.lineTokens ?? new Map();
    file.edit = edit;
    if (edit) file.linesFrom(previous!, edit);
    // An edit's new version takes the previous one's place under its words (see `carryTokens`).
    const carrying = edit !== undefined && previous?.segmented === true;
    if (previous) this.unlist(previous, !carrying);
    if (previous && previous.path !== input.path) {
      this.sortedUris = undefined;
      this.pathYears.delete(previous.path);
    }
    this.files.set(input.uri, file);
    if (!previous) this.listInCorpusOrder(file);
    if (this.matchingDeferred && this.termTableHeld) this.markTableDirty();
    else if (mentions) this.storeMentions(file, mentions);
    // The previous version's mentions are always by the current table (a rebuild restores every current file's).
    else if (previous?.matched && previous.textLength > EDIT_REMATCH_MIN) this.storeMentions(file, rematchEdit(previous, file.text, edit ?? changedStretch(previous.text, file.text), this.matcher, this.termOfForm, this.table.terms.length, this.maxFormLength));
    else this.matchFile(file);
    if (carrying) this.carryTokens(file, previous!, edit!);
    this.changed();
    return file;
  }

  /**
   * The file as read from disk (a document closed with no unsaved change, a file touched on disk)
   * when `text` is the very text indexed and it came with no reading problem of its own: it stays
   * as it is (structure, mentions, tokens), now a file of the corpus rather than an editor's
   * document. Undefined, nothing changed, otherwise: the caller indexes the text read.
   */
  keepAsRead(uri: string, text: string): IndexedFile | undefined {
    const file = this.files.get(uri);
    // Problems beyond the reader's (a decoding note from an earlier read, a segmenter failure) are redone by a full read.
    if (!file || file.problems.length !== file.parsed.problems.length || file.textLength !== text.length || file.text !== text) return undefined;
    file.open = false;
    // Kept only to read and segment the next edit where it changed.
    file.reading = undefined;
    file.lineTokens = undefined;
    return file;
  }

  removeFile(uri: string): boolean {
    const previous = this.files.get(uri);
    if (previous) this.unlist(previous);
    const had = this.files.delete(uri);
    if (had) {
      this.pathYears.delete(previous!.path);
      const at = this.sortedUris?.indexOf(uri) ?? -1;
      if (at >= 0) this.sortedUris!.splice(at, 1);
      else this.sortedUris = undefined;
      this.countCandidates(previous!, []);
      this.changed();
    }
    return had;
  }

  /**
   * Stand-in tokens for an edited document until it is segmented again, carried over from its
   * previous version: the tokens before the changed stretch as they were, those after it shifted,
   * the ones it touched dropped, each with the word it had (see `CarriedTokens`: nothing is
   * copied). The postings are the previous ones, under the previous list of words: a word whose
   * only tokens were dropped keeps a slot with no live token, which the queries skip. The new
   * version takes the previous one's place in the word lists, where it still is (`unlist` left it).
   */
  private carryTokens(file: IndexedFile, previous: IndexedFile, edit: ChangedStretch): void {
    // The previous version's distinct words, when it was listed under them.
    const previousWords = previous.wordIds;
    const was = previous.segmentation();
    const from = previousWords && was && was.arrays.postStart.length === previousWords.length + 1 ? (was.carried ?? CarriedTokens.of(was.arrays)) : undefined;
    if (previousWords && was && from) {
      const next = from.edited(edit);
      // Nothing dropped, nothing moved (the editor opened the text on disk): the same arrays, never changed in place.
      if (!was.carried && next.sameAs(from)) file.setSegmentation(was.arrays);
      else if (next.pieces.length > MAX_CARRIED_PIECES) file.setSegmentation(next.flatten());
      else file.carry(next);
      // In place: a search and a store per word, where taking the previous version out spliced
      // every list it was not last in (a common word's lists hold most of the corpus's files).
      for (let w = 0; w < previousWords.length; w++) {
        const g = previousWords[w];
        const holders = (this.wordFiles[g] ??= []);
        const at = holders.lastIndexOf(previous);
        if (at >= 0) holders[at] = file;
        else {
          holders.push(file);
          (this.wordLocal[g] ??= []).push(w);
        }
      }
      file.wordIds = previousWords;
      previous.wordIds = undefined;
    } else {
      this.unlistWords(previous);
      // The previous version was not listed under its words yet (put back from a snapshot), or its postings were off: listed afresh.
      const flat = previous.tokens && previous.tokenWord ? CarriedTokens.of({ tokens: previous.tokens, tokenWord: previous.tokenWord })?.edited(edit).flatten() : undefined;
      // Arrays that disagree in length: no stand-in; the document is segmented again when the edits pause.
      if (flat) {
        file.tokens = flat.tokens;
        const { distinct, wordOfToken } = this.localWords(flat.tokenWord, flat.tokenWord.length);
        this.storeWords(file, flat.tokenWord, Uint32Array.from(distinct), wordOfToken);
      }
    }
    const { start: p, oldEnd: tail, delta } = edit;
    let touched = false;
    const candidates: CandidateHit[] = [];
    for (const c of previous.candidates) {
      if (c.start >= tail) candidates.push({ form: c.form, reason: c.reason, start: c.start + delta });
      else if (c.start + c.form.length <= p) candidates.push(c);
      else touched = true;
    }
    file.candidates = candidates;
    // The same hits, shifted: the counts stand until the document is segmented again (its documents
    // and periods too: an edit that moves a title is counted then).
    if (touched) this.countCandidates(file, candidates);
  }

  /**
   * The distinct words of tokens `ids[0 .. count)` in order of first occurrence, and each token's
   * index among them. The scratch over the vocabulary is all -1 between calls (reset here for the
   * words used), so this costs the tokens, not the corpus vocabulary.
   */
  private localWords(ids: ArrayLike<number>, count: number): { distinct: number[]; wordOfToken: Uint32Array } {
    if (this.localScratch.length < this.words.length) this.localScratch = new Int32Array(Math.max(this.words.length, 2 * this.localScratch.length)).fill(-1);
    const localOf = this.localScratch;
    const distinct: number[] = [];
    const wordOfToken = new Uint32Array(count);
    numberLocally(ids, 0, count, localOf, distinct, wordOfToken);
    for (const g of distinct) localOf[g] = -1;
    return { distinct, wordOfToken };
  }

  /** Segments a file now (in this thread) and finds its candidate terms. */
  segmentFile(uri: string): void {
    const file = this.files.get(uri);
    if (!file || !this.segmenter) return;
    if (file.parsed.presegmented) return this.applyTokens(file, whitespaceTokens(file.text));
    this.applyTokens(file, file.lineTokens ? this.segmentByLine(file) : this.segmenter.segment(file.text));
  }

  /** Stores tokens computed elsewhere (a worker thread, a cache) for the file's current text. */
  applyTokens(file: IndexedFile, tokens: TokenArrays | SegmentedText): void {
    if (this.files.get(file.uri) !== file) return;
    const seg = isSegmentedText(tokens) ? tokens : analyzeTokens(file.text, tokens);
    this.commitTokens(file, seg, runToEnd(this.tokenWordSteps(seg)));
  }

  /**
   * `applyTokens` in steps, for a long file's tokens (millions: tens of ms in one go): its words'
   * numbers and postings are made a piece at a time (`step`, until `deadline`, true when done);
   * `commit` stores them, if the file is still the current one. Until then queries see the file
   * as it was.
   */
  applyTokensInSteps(file: IndexedFile, seg: SegmentedText): { step(deadline: number): boolean; commit(): void } {
    // A long file is listed here, in these steps, all the same: listed later, the first word query
    // or edit after the indexing (an editor opening it and typing at once) did it in one piece,
    // ~50 ms of the server thread for the 10 MB file.
    const steps = this.tokenWordSteps(seg, !this.wordListsDeferred || seg.wordOfToken.length > TOKEN_STEP);
    let words: TokenWords | undefined;
    const step = (deadline: number): boolean => {
      if (!words) {
        const done = runUntil(steps, deadline);
        if (!done) return false;
        words = done.value;
      }
      return true;
    };
    return {
      step,
      commit: () => {
        while (!step(Infinity));
        if (this.files.get(file.uri) === file) this.commitTokens(file, seg, words!);
      },
    };
  }

  /**
   * Each token's word id in the index, the file's distinct words' ids, and (with `postings`) its
   * postings, yielding every TOKEN_STEP tokens. New words join the vocabulary (a word with no file
   * is never listed).
   */
  private *tokenWordSteps(seg: SegmentedText, postings = true): Steps<TokenWords> {
    const src = seg.source;
    const global = new Uint32Array(src ? src.ids.length : seg.words.length);
    if (src) {
      let known = this.spaceIds.get(src.space) ?? new Int32Array(0);
      for (let w = 0; w < global.length; w++) {
        const sid = src.ids[w];
        if (sid >= known.length) {
          const bigger = new Int32Array(Math.max(2 * known.length, sid + 1024)).fill(-1);
          bigger.set(known);
          known = bigger;
          this.spaceIds.set(src.space, known);
        }
        // Word ids are never reused, so a mapping once made stays right.
        if (known[sid] < 0) known[sid] = this.wordId(src.space[sid]);
        global[w] = known[sid];
      }
    } else for (let w = 0; w < seg.words.length; w++) global[w] = this.wordId(seg.words[w]);
    const local = seg.wordOfToken;
    const ids = new Uint32Array(local.length);
    for (let from = 0; from < ids.length; from += TOKEN_STEP) {
      const to = Math.min(ids.length, from + TOKEN_STEP);
      for (let i = from; i < to; i++) ids[i] = global[local[i]];
      yield;
    }
    if (!postings) return { ids, global };
    return { ids, global, ...(yield* postingsSteps(local, global.length)) };
  }

  private commitTokens(file: IndexedFile, seg: SegmentedText, words: TokenWords): void {
    // Tokens applied again (an edit's interim tokens, then the worker's): the old listing goes.
    this.unlistWords(file);
    file.tokens = seg.tokens;
    const { postStart, postings } = words;
    if (postStart && postings) this.listWords(file, { ...words, postStart, postings });
    else {
      file.setWords(words.ids);
      file.wordsPending = true;
      this.pendingWordLists.push(file);
    }
    file.candidates = seg.candidates;
    this.countCandidates(file, seg.candidates);
    // Tokens change no meeting: the chronology stays, only query caches go.
    this.version++;
  }

  /** Sets a file's words (`ids`: each token's word id; `global`: its distinct word ids in order of first occurrence; `local`: each token's index in `global`), with their postings. */
  private storeWords(file: IndexedFile, ids: Uint32Array, global: Uint32Array, local: Uint32Array): void {
    this.listWords(file, { ids, global, ...runToEnd(postingsSteps(local, global.length)) });
  }

  /** Sets a file's words and postings, and lists the file under each of its words. */
  private listWords(file: IndexedFile, words: Required<TokenWords>): void {
    const { global } = words;
    for (let w = 0; w < global.length; w++) {
      const g = global[w];
      (this.wordFiles[g] ??= []).push(file);
      (this.wordLocal[g] ??= []).push(w);
    }
    file.setWords(words.ids, words.postStart, words.postings);
    file.wordIds = global;
  }

  /**
   * Counts a file's candidate hits (none: the file is gone), in place of what it counted before.
   * The term table goes stale only when the change moves a form across the cut (`checkCut`).
   */
  private countCandidates(file: IndexedFile, hits: readonly CandidateHit[]): void {
    this.countPendingCandidates();
    this.checkCut(this.tallyCandidates(file, hits));
  }

  /** A file's hits into the counts; the numbers of the forms whose counts changed. */
  private tallyCandidates(file: IndexedFile, hits: readonly CandidateHit[]): number[] {
    const tally = hits.length > 0 ? tallyFile(hits, file.parsed.meetings, meetingPeriods(file.parsed.meetings, this.yearOfPath(file.path))) : undefined;
    return this.candidateTally.set(file.uri, tally);
  }

  /**
   * Counts the hits of files put back from a snapshot, until `deadline`; then works out the cut's
   * bounds if they are not known. True when nothing is left. Every reader of the counts calls this
   * first, so none misses a file.
   */
  countPendingCandidates(deadline = Infinity): boolean {
    const pending = this.pendingTallies;
    let done = 0;
    while (done < pending.length) {
      const file = pending[done++];
      // Replaced or removed since: counted by that change.
      if (this.files.get(file.uri) === file && !this.candidateTally.has(file.uri)) this.tallyCandidates(file, file.candidates);
      if ((done & 15) === 0 && performance.now() >= deadline) break;
    }
    pending.splice(0, done);
    if (pending.length > 0) return false;
    if (!this.cut.known && !this.tableDirty) this.learnCut();
    return true;
  }

  /**
   * The cut of a table that came from a snapshot: its bounds, from the ranking of the counts as
   * they are now. If its members are not the top of that ranking (the cap changed, files changed),
   * the table is stale.
   */
  private learnCut(): void {
    // The members, and the best form left out.
    const ranking = this.candidateTally.top(this.notGlossary, this.maxCandidates + 1);
    const cut = this.cut;
    cut.known = true;
    const n = Math.min(this.maxCandidates, ranking.length);
    if (cut.members.size !== n || ranking.slice(0, n).some((r) => !cut.members.has(r.form))) {
      this.markTableDirty();
      return;
    }
    cut.worstIn = ranking[n - 1];
    cut.bestOut = ranking[n];
  }

  /** Marks the term table stale if a change of counts of forms `ids` moves one across the cut. */
  private checkCut(ids: readonly number[]): void {
    if (ids.length === 0 || (this.tableDirty && this.openRebuilds === 0)) return;
    // A rebuild under way chose its candidates from the counts before this change.
    if (this.openRebuilds > 0) return this.markTableDirty();
    const cut = this.cut;
    if (!cut.known) return this.learnCut();
    const full = cut.members.size >= this.maxCandidates;
    for (const id of ids) {
      const r = this.candidateTally.ranked(id);
      if (this.glossaryForms.has(r.form)) continue;
      if (cut.members.has(r.form)) {
        if (r.hits === 0 || (cut.bestOut && compareRanked(cut.bestOut, r) < 0)) return this.markTableDirty();
        if (!cut.worstIn || compareRanked(r, cut.worstIn) > 0) cut.worstIn = r;
      } else if (r.hits > 0) {
        if (!full || (cut.worstIn && compareRanked(r, cut.worstIn) < 0)) return this.markTableDirty();
        if (!cut.bestOut || compareRanked(r, cut.bestOut) < 0) cut.bestOut = r;
      }
    }
  }

  /** How many candidate terms the table takes, the top of the ranking (`corpusStudy.maxCandidates`). */
  setMaxCandidates(max: number): void {
    const n = Number.isFinite(max) ? Math.max(0, Math.floor(max)) : DEFAULT_MAX_CANDIDATES;
    if (n === this.maxCandidates) return;
    this.maxCandidates = n;
    this.markTableDirty();
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

  /**
   * Takes a file that is being replaced or removed off the word and term lists, so nothing in the
   * index keeps an old version of a file alive (an edited document makes a new version per edit).
   * The file is most often the last entry of each list (it was listed last), so this is cheap.
   */
  private unlist(file: IndexedFile, words = true): void {
    if (words) this.unlistWords(file);
    const terms = file.termIds;
    if (terms) {
      for (let k = 0; k < terms.length; k++) {
        const t = terms[k];
        const holders = this.termFiles[t];
        if (!holders) continue;
        removeAt(holders, this.termFrom[t], holders.lastIndexOf(file));
      }
      file.termIds = undefined;
    }
  }

  private unlistWords(file: IndexedFile): void {
    file.wordsPending = false;
    const ids = file.wordIds;
    if (!ids) return;
    for (let w = 0; w < ids.length; w++) {
      const holders = this.wordFiles[ids[w]];
      const locals = this.wordLocal[ids[w]];
      if (holders && locals) removeAt(holders, locals, holders.lastIndexOf(file));
    }
    file.wordIds = undefined;
  }

  unsegmentedFiles(): IndexedFile[] {
    return [...this.files.values()].filter((f) => !f.segmented);
  }

  private wordId(word: string): number {
    let id = this.vocabulary.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(word);
      this.wordFiles.push(undefined);
      this.wordLocal.push(undefined);
      this.vocabulary.set(word, id);
    }
    return id;
  }

  /**
   * Holds the term table while many files are being segmented: candidate terms then appear
   * once, when released, instead of a full re-match of the corpus after every file.
   */
  holdTermTable(hold: boolean): void {
    this.termTableHeld = hold;
  }

  /**
   * Defers term matching of files read while the term table is held, when the final table will
   * differ anyway (a start from the cache learns each file's candidate terms as its entry loads):
   * the rebuild at the end then matches each file once. Their mentions appear with that rebuild.
   */
  deferMatching(defer: boolean): void {
    this.matchingDeferred = defer;
  }

  /**
   * While a whole corpus is segmented: a file's tokens and their words are stored as they come,
   * and its postings made and the file listed under its words later (a long file excepted), as for
   * a file put back from a snapshot (`listPendingWords`: when the server is idle, or at once by the
   * first word query).
   * Listing 400 files under their words one by one was a tenth of the server thread's work in a
   * cold start, on the thread that also reads the files and answers requests.
   */
  deferWordLists(defer: boolean): void {
    this.wordListsDeferred = defer;
  }

  /** True when candidate changes wait for a term-table rebuild. */
  get termTableStale(): boolean {
    return this.tableDirty;
  }

  private markTableDirty(): void {
    this.tableDirty = true;
    this.dirtyGeneration++;
  }

  private changed(): void {
    this.version++;
    this.chronoDirty = true;
  }

  private rebuildTerms(): void {
    const job = this.startTermRebuild();
    while (!job.step(Infinity));
    job.commit();
  }

  /**
   * Rebuilds the term table (glossary + candidates) in steps: the service matches a few files per
   * turn of the event loop and commits at the end, so no request waits for a whole-corpus re-match.
   * Until the commit, queries see the previous table and mentions, which stay consistent.
   */
  startTermRebuild(): TermRebuild {
    this.countPendingCandidates();
    // The candidate terms, and the best form left out (the cut's bound).
    const ranking = this.candidateTally.top(this.notGlossary, this.maxCandidates + 1);
    const top = ranking.slice(0, this.maxCandidates);
    const cut: CandidateCut = { members: new Set(top.map((r) => r.form)), worstIn: top[top.length - 1], bestOut: ranking[top.length], known: true };
    const table = new TermTable(this.glossary, candidateFormsOf(top.map((r) => ({ form: r.form, reasons: reasonsOf(r.reasons) }))));
    this.openRebuilds++;
    let open = true;
    const { forms, termOfForm } = table.formList();
    const matcher = new TermMatcher(forms);
    const todo = [...this.files.values()];
    // Each file's mentions and their order by term, made in the steps: the commit only swaps them in.
    const staged = new Map<IndexedFile, { mentions: Mentions; order: Uint32Array }>();
    const versionAtStart = this.tableVersion;
    // The candidate forms this table was built from; a change after this point keeps the table dirty.
    const dirtyAtStart = this.dirtyGeneration;
    const terms = table.terms.length;
    let next = 0;
    // A long file is matched over several steps.
    let scan: MentionScan | undefined;
    const step = (deadline: number): boolean => {
      while (next < todo.length) {
        const f = todo[next];
        scan ??= new MentionScan(f.text, matcher, termOfForm, terms);
        if (!scan.step(deadline)) return false;
        const mentions = scan.mentions();
        staged.set(f, { mentions, order: mentionOrderOf(mentions.term, terms) });
        scan = undefined;
        next++;
        if (performance.now() >= deadline) break;
      }
      return next >= todo.length;
    };
    const commit = (): boolean => {
      if (open) this.openRebuilds--;
      open = false;
      if (this.tableVersion !== versionAtStart) return false;
      this.installTable(table, forms, termOfForm, matcher);
      this.cut = cut;
      for (const f of this.files.values()) {
        const done = staged.get(f);
        if (!done) {
          // A file that came in after the steps began.
          this.storeMentions(f, matchMentions(f.text, matcher, termOfForm, terms));
          continue;
        }
        setMentions(f, done.mentions);
        f.mentionOrder = done.order;
        this.listMentions(f);
      }
      this.tableDirty = this.dirtyGeneration !== dirtyAtStart;
      this.tableVersion++;
      this.changed();
      return true;
    };
    return { step, commit };
  }

  private installTable(table: TermTable, forms: string[], termOfForm: Int32Array, matcher: TermMatcher): void {
    this.table = table;
    this.matcher = matcher;
    this.termOfForm = termOfForm;
    this.termIndex = new Map(table.terms.map((t, i) => [t, i]));
    this.maxFormLength = forms.reduce((m, f) => Math.max(m, f.length), 0);
    this.termFiles = [];
    this.termFrom = [];
  }

  /** Brings the term table up to date with candidate changes; cheap when nothing changed. */
  private settle(): void {
    if (this.tableDirty && !this.termTableHeld) this.rebuildTerms();
    if (this.chronoDirty) this.rebuildChronology();
    if (this.cacheVersion !== this.version) {
      this.mentionCache.clear();
      this.wordCache.clear();
      this.statsCache.clear();
      this.cacheVersion = this.version;
    }
  }

  private matchFile(file: IndexedFile): void {
    this.storeMentions(file, matchMentions(file.text, this.matcher, this.termOfForm, this.table.terms.length));
  }

  /** Sets a file's mentions and lists the file under each term it mentions. */
  private storeMentions(file: IndexedFile, m: Mentions): void {
    setMentions(file, m);
    file.mentionOrder = mentionOrderOf(m.term, this.table.terms.length);
    this.listMentions(file);
  }

  /** Lists the file under each term it mentions (its `mentionOrder` groups mentions by term). */
  private listMentions(file: IndexedFile): void {
    const order = file.mentionOrder;
    const m = { term: file.mentionTerm };
    const termIds: number[] = [];
    for (let k = 0; k < order.length; k++) {
      const t = m.term[order[k]];
      if (k > 0 && m.term[order[k - 1]] === t) continue;
      while (this.termFiles.length <= t) {
        this.termFiles.push([]);
        this.termFrom.push([]);
      }
      this.termFiles[t].push(file);
      this.termFrom[t].push(k);
      termIds.push(t);
    }
    file.termIds = Int32Array.from(termIds);
  }

  private rebuildChronology(): void {
    const files = this.sortedFiles();
    const all: Meeting[] = [];
    const fileOf = new Map<Meeting, IndexedFile>();
    for (const f of files) {
      for (const m of f.parsed.meetings) fileOf.set(m, f);
      all.push(...f.parsed.meetings);
    }
    // Partial dates resolve across files in corpus order (with a year in the file name as a hint);
    // a document with no date at all borrows only from its own file.
    // The records of one dataset are one group, as the documents of one file are.
    const groupOf = (m: Meeting) => {
      const f = fileOf.get(m);
      return f?.metadata?.dataset ?? f;
    };
    resolveDates(all, { yearFromPath: (m) => this.yearOfPath(fileOf.get(m)?.path), groupOf });
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

  // ---- snapshots ---------------------------------------------------------------------------

  /** Everything derived from the files' texts, for a snapshot; undefined while some of it is pending. */
  exportSnapshot(): IndexSnapshot | undefined {
    this.settle();
    if (this.tableDirty) return undefined;
    const files: IndexSnapshot['files'] = [];
    // In corpus order: a restart takes it as it is (`pathRank`).
    for (const f of this.sortedFiles()) {
      if (!f.tokens || !f.tokenWord) return undefined;
      files.push({
        uri: f.uri,
        path: f.path,
        text: f.text,
        starts: f.tokens.starts,
        ends: f.tokens.ends,
        tokenWord: f.tokenWord,
        mentionTerm: f.mentionTerm,
        mentionStart: f.mentionStart,
        mentionEnd: f.mentionEnd,
        mentionOrder: f.mentionOrder,
        candidates: f.candidates,
        parsed: f.parsed,
      });
    }
    const { forms, termOfForm } = this.table.formList();
    const candidateTerms = this.table.terms.filter((t) => t.kind === 'candidate').map((t) => t.key);
    return { words: this.words, tableSignature: tableSignature(forms, termOfForm), candidateTerms, maxCandidates: this.maxCandidates, files };
  }

  /**
   * Starts an empty index from a snapshot: its vocabulary, and the term table of the current
   * glossary with the snapshot's candidate forms. False, with nothing changed, when the index is
   * not empty or that table is not the one the snapshot's mentions are numbered by (the glossary
   * changed). Files then come back one by one (`restoreFile`), then `endRestore`.
   */
  beginRestore(snapshot: Pick<IndexSnapshot, 'words' | 'tableSignature' | 'candidateTerms' | 'maxCandidates'> & { files: Pick<FileSnapshot, 'candidates' | 'path'>[] }): boolean {
    if (this.files.size > 0 || this.words.length > 0) return false;
    const vocabulary = new Map<string, number>();
    const words = snapshot.words;
    // One hash lookup a word: a word met twice leaves the map's size behind.
    for (let i = 0; i < words.length; i++) if (vocabulary.set(words[i], i).size !== i + 1) return false;
    // The candidate terms the snapshot's table had, with the shapes its files' hits give them.
    const members = new Set(snapshot.candidateTerms);
    const reasons = new Map<string, Set<CandidateReason>>();
    for (const f of snapshot.files) {
      for (const c of f.candidates) if (members.has(c.form)) (reasons.get(c.form) ?? reasons.set(c.form, new Set()).get(c.form)!).add(c.reason);
    }
    const table = new TermTable(this.glossary, candidateFormsOf([...members].map((form) => ({ form, reasons: [...(reasons.get(form) ?? [])].sort() }))));
    const { forms, termOfForm } = table.formList();
    if (tableSignature(forms, termOfForm) !== snapshot.tableSignature) return false;
    // Its bounds are worked out once the files' hits are counted (`countPendingCandidates`); a
    // snapshot made under another cap is stale at once.
    this.cut = { members, known: false };
    if (snapshot.maxCandidates !== this.maxCandidates) this.markTableDirty();
    this.vocabulary = vocabulary;
    this.words = [...snapshot.words];
    this.spaceIds = new WeakMap();
    this.wordFiles = new Array<IndexedFile[] | undefined>(this.words.length).fill(undefined);
    this.wordLocal = new Array<number[] | undefined>(this.words.length).fill(undefined);
    this.installTable(table, forms, termOfForm, new TermMatcher(forms));
    const lengths = new Uint32Array(this.words.length);
    for (let i = 0; i < lengths.length; i++) lengths[i] = this.words[i].length;
    this.restoreWordLength = lengths;
    this.pathRank = new Map(snapshot.files.map((f, i) => [f.path, i]));
    this.tableVersion++;
    this.changed();
    return true;
  }

  /**
   * Puts a file back from its snapshot, which the caller found was made from this very text (by
   * its hash): words, postings, mentions, candidates and (when it fits) structure come from the
   * snapshot. Every index and offset is checked first; undefined (the file not added) on any
   * that does not fit. The text may come as its bytes (`Utf8Text`), decoded when first read.
   */
  restoreFile(input: Omit<FileInput, 'text'> & { text: string | Utf8Text }, snap: FileSnapshot): IndexedFile | undefined {
    const wordLength = this.restoreWordLength;
    const length = input.text.length;
    if (this.files.has(input.uri) || wordLength.length !== this.words.length) return undefined;
    if (!this.restorable(length, snap, wordLength)) return undefined;
    // Candidate forms are checked against a text at hand; bytes matched by hash are the very text, so bounds suffice.
    const text = typeof input.text === 'string' ? input.text : undefined;
    for (const c of snap.candidates) if (text ? !text.startsWith(c.form, c.start) : c.start + c.form.length > length) return undefined;
    // The reader is the bulk of putting a file back; its stored result is used when it fits the text.
    // A record's is read again: its metadata may have changed with its text the same.
    const parsed = !input.metadata && snap.parsed && parsedFits(snap.parsed, length) ? snap.parsed : asInput(input, textOf(input.text), readCorpusText(textOf(input.text), { path: input.path }));
    const file = new IndexedFile(input.uri, input.path, input.text, parsed, [...(input.problems ?? []), ...parsed.problems], input.open ?? false);
    file.metadata = input.metadata;
    if (file.open) file.lineTokens = new Map();
    this.files.set(input.uri, file);
    this.listInCorpusOrder(file);
    file.tokens = { starts: snap.starts, ends: snap.ends };
    file.setWords(snap.tokenWord);
    // Its postings are made and it is listed under its words later (`listPendingWords`): half a
    // restore's work, needed only by word queries.
    file.wordsPending = true;
    this.pendingWordLists.push(file);
    if (file.textPending) this.pendingTexts.push(file);
    file.candidates = snap.candidates;
    // Counted later (`countPendingCandidates`): the table already holds the snapshot's candidate terms.
    if (snap.candidates.length > 0) this.pendingTallies.push(file);
    setMentions(file, { term: snap.mentionTerm, start: snap.mentionStart, end: snap.mentionEnd });
    file.mentionOrder = snap.mentionOrder;
    // Listed under its terms later too (`listPendingMentions`): needed only to count a term's
    // mentions, it was a third of putting a file back (~8 ms of a restart's ~100).
    this.pendingMentionLists.push(file);
    this.changed();
    return file;
  }

  /**
   * Bounds and consistency of a file's snapshot against a text of `textLength`: tokens in order
   * inside the text, each of a known word and as long as it; mentions inside the text with known
   * terms. What is derived from these (postings) is not stored, so it cannot disagree with them.
   */
  private restorable(textLength: number, snap: FileSnapshot, wordLength: Uint32Array): boolean {
    const { starts, ends, tokenWord } = snap;
    const n = starts.length;
    const words = wordLength.length;
    if (ends.length !== n || tokenWord.length !== n) return false;
    let prevEnd = 0;
    for (let i = 0; i < n; i++) {
      const s = starts[i];
      const e = ends[i];
      const w = tokenWord[i];
      if (s < prevEnd || e > textLength || w >= words || e - s !== wordLength[w] || e <= s) return false;
      prevEnd = e;
    }
    const { mentionTerm, mentionStart, mentionEnd, mentionOrder } = snap;
    const k = mentionTerm.length;
    const terms = this.table.terms.length;
    if (mentionStart.length !== k || mentionEnd.length !== k || mentionOrder.length !== k) return false;
    for (let i = 0; i < k; i++) {
      const t = mentionTerm[i];
      if (t < 0 || t >= terms || mentionEnd[i] <= mentionStart[i] || mentionEnd[i] > textLength || mentionOrder[i] >= k) return false;
    }
    return true;
  }

  /**
   * The listing left for after an indexing or a restart, until `deadline` (performance.now()): restored
   * files under the terms they mention, then pending files under their words; true when none is left.
   */
  listPending(deadline = Infinity): boolean {
    return this.listPendingMentions(deadline) && this.listPendingWords(deadline) && this.countPendingCandidates(deadline);
  }

  /**
   * Lists pending files under their words (making their postings from their tokens' words), until
   * `deadline`; true when none is left. Word queries list every pending file first, so they never
   * miss one.
   */
  listPendingWords(deadline = Infinity): boolean {
    const pending = this.pendingWordLists;
    let done = 0;
    while (this.listing || done < pending.length) {
      if (!this.listing) {
        const file = pending[done++];
        const ids = file.tokenWord;
        // Replaced, removed or segmented again since: listed by that change, or not at all.
        if (!file.wordsPending || this.files.get(file.uri) !== file || !ids) continue;
        if (ids.length > TOKEN_STEP) {
          // A long file (millions of tokens) is listed over several steps: in one, it held the
          // thread for some 50 ms (the 10 MB file, as the index became ready).
          this.listing = this.listFileSteps(file, ids);
        } else {
          file.wordsPending = false;
          const { distinct, wordOfToken } = this.localWords(ids, ids.length);
          this.storeWords(file, ids, Uint32Array.from(distinct), wordOfToken);
          if ((done & 15) === 0 && performance.now() >= deadline) break;
          continue;
        }
      }
      if (!runUntil(this.listing, deadline)) break;
      this.listing = undefined;
      if (performance.now() >= deadline) break;
    }
    pending.splice(0, done);
    return pending.length === 0 && !this.listing;
  }

  /**
   * Lists restored files under the terms they mention, until `deadline`; true when none is left.
   * Counting a term's mentions lists every pending file first.
   */
  private listPendingMentions(deadline = Infinity): boolean {
    const pending = this.pendingMentionLists;
    let done = 0;
    while (done < pending.length) {
      const file = pending[done++];
      // Replaced or removed since, or listed by a term rebuild meanwhile.
      if (this.files.get(file.uri) !== file || file.termIds) continue;
      this.listMentions(file);
      if ((done & 15) === 0 && performance.now() >= deadline) break;
    }
    pending.splice(0, done);
    return pending.length === 0;
  }

  /** A long file put in its words' lists a step at a time (see `listPendingWords`), if it is still the one pending when done. */
  private *listFileSteps(file: IndexedFile, ids: Uint32Array): Steps<void> {
    // Its own scratch: other listings may run between these steps.
    const localOf = new Int32Array(this.words.length).fill(-1);
    const distinct: number[] = [];
    const wordOfToken = new Uint32Array(ids.length);
    for (let from = 0; from < ids.length; from += TOKEN_STEP) {
      numberLocally(ids, from, Math.min(ids.length, from + TOKEN_STEP), localOf, distinct, wordOfToken);
      yield;
    }
    const postings = yield* postingsSteps(wordOfToken, distinct.length);
    if (!file.wordsPending || this.files.get(file.uri) !== file || file.tokenWord !== ids) return;
    file.wordsPending = false;
    this.listWords(file, { ids, global: Uint32Array.from(distinct), ...postings });
  }

  /**
   * Decodes restored files' texts still held as bytes, until `deadline` (performance.now()); true
   * when none is left. A request that reads a text decodes it anyway; this evens out the first
   * whole-corpus queries (concordance, trends) and frees the bytes.
   */
  decodePendingTexts(deadline = Infinity): boolean {
    const pending = this.pendingTexts;
    let done = 0;
    while (done < pending.length) {
      const file = pending[done++];
      if (file.textPending && this.files.get(file.uri) === file) void file.text;
      if ((done & 7) === 0 && performance.now() >= deadline) break;
    }
    pending.splice(0, done);
    return pending.length === 0;
  }

  /** Builds the term matcher now (it is built on first use): an idle moment's work, not the first edit's. */
  prepareMatching(): void {
    this.matcher.prepare();
  }

  /**
   * After the files came back. `unchanged`: every file of the snapshot came back as it was, and no
   * other: the snapshot's candidate terms are still the top of the ranking, and its files' hits are
   * counted when there is time. Otherwise they are counted now and the cut checked, so that a
   * stale table is rebuilt with the indexing (a file gone takes its candidate terms with it).
   */
  endRestore(unchanged = false): void {
    this.restoreWordLength = new Uint32Array(0);
    if (!unchanged) this.countPendingCandidates();
  }

  // ---- queries -----------------------------------------------------------------------------

  get indexVersion(): number {
    return this.version;
  }

  file(uri: string): IndexedFile | undefined {
    this.settle();
    return this.files.get(uri);
  }

  /**
   * The file as stored, without bringing the index up to date first (`file` may rebuild the
   * chronology): for a caller comparing a text it read with the one indexed, file after file
   * during an indexing (a dataset of thousands of records rebuilt it once per record).
   */
  storedFile(uri: string): IndexedFile | undefined {
    return this.files.get(uri);
  }

  /** Files in corpus order (path, numbers by value). The order is kept until a file comes or goes: an edit does not re-sort. */
  sortedFiles(): IndexedFile[] {
    this.sortedUris ??= [...this.files.values()].sort((a, b) => this.comparePaths(a.path, b.path)).map((f) => f.uri);
    return this.sortedUris.map((u) => this.files.get(u)!);
  }

  /**
   * A file new to the index into the corpus order, when that order is known: after every file
   * whose path sorts before or equal to its own, where a stable sort of the files (in the order
   * they were added) puts it.
   */
  private listInCorpusOrder(file: IndexedFile): void {
    const order = this.sortedUris;
    if (!order) return;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.comparePaths(this.files.get(order[mid])!.path, file.path) <= 0) lo = mid + 1;
      else hi = mid;
    }
    order.splice(lo, 0, file.uri);
  }

  private comparePaths(a: string, b: string): number {
    const ra = this.pathRank?.get(a);
    const rb = ra === undefined ? undefined : this.pathRank!.get(b);
    return rb === undefined ? collatePaths(a, b) : ra! - rb;
  }

  private yearOfPath(path: string | undefined): number | undefined {
    if (path === undefined) return undefined;
    if (!this.pathYears.has(path)) this.pathYears.set(path, yearFromPath(path));
    return this.pathYears.get(path);
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
    const t = file.tokenAt(offset);
    if (!t) return undefined;
    const word = file.text.slice(t.start, t.end);
    return hanCount(word) < 2 ? undefined : { kind: 'word', word, span: t };
  }

  /** Every mention of a term (any of its forms, inside longer terms too), in chronological order. */
  mentionsOf(term: Term): Occurrence[] {
    this.settle();
    const cached = this.mentionCache.get(term);
    if (cached) return cached;
    const idx = this.termIndex.get(term) ?? -1;
    const runs = new OccurrenceRuns();
    if (idx >= 0) {
      for (const f of this.files.values()) {
        const mt = f.mentionTerm;
        for (let i = 0; i < mt.length; i++) if (mt[i] === idx) runs.add(f, f.mentionStart[i], f.mentionEnd[i]);
      }
    }
    const out = runs.chronological();
    this.mentionCache.set(term, out);
    return out;
  }

  /** Every occurrence of a segmented word, in chronological order. Reads only the word's postings. */
  occurrencesOfWord(word: string): Occurrence[] {
    this.settle();
    const cached = this.wordCache.get(word);
    if (cached) return cached;
    const id = this.vocabulary.get(word);
    const runs = new OccurrenceRuns();
    if (id !== undefined) {
      this.forEachWordHolder(id, (f, from, to) => f.forEachPosting(from, to, (start, end) => runs.add(f, start, end)));
    }
    const out = runs.chronological();
    this.wordCache.set(word, out);
    return out;
  }

  /**
   * Calls `visit` with each current file that holds `word` (flat segmentation only: an edited
   * document waiting to be segmented again is left out), its token words and its tokens of `word`
   * as `postings[from, to)`. For scans that follow a word's tokens to their neighbours (phrases);
   * `visit` returns true once it has seen enough (the files left are then passed over).
   */
  forEachTokenRun(word: string, visit: (f: IndexedFile, tokenWord: Uint32Array, postings: Uint32Array, from: number, to: number) => boolean | void): void {
    this.settle();
    const id = this.vocabulary.get(word);
    if (id === undefined) return;
    if (this.pendingWordLists.length > 0 || this.listing) this.listPendingWords();
    const holders = this.wordFiles[id];
    const locals = this.wordLocal[id];
    if (!holders || !locals) return;
    // The lean loop of forEachWordHolder (no compaction): a phrase scan asks for thousands of words.
    const stamp = ++this.visitStamp;
    for (let h = 0; h < holders.length; h++) {
      const f = holders[h];
      if (f.visitStamp === stamp || this.files.get(f.uri) !== f) continue;
      f.visitStamp = stamp;
      const seg = f.flatSegmentation();
      const l = locals[h];
      if (!seg || l + 1 >= seg.postStart.length) continue;
      const from = seg.postStart[l];
      const to = seg.postStart[l + 1];
      if (from >= to || seg.tokenWord[seg.postings[from]] !== id) continue;
      if (visit(f, seg.tokenWord, seg.postings, from, to) === true) return;
    }
  }

  /** A word's id in the index's vocabulary (ids are never reused), if it has one. */
  wordIdOf(word: string): number | undefined {
    return this.vocabulary.get(word);
  }

  /**
   * Calls `visit` with each current file that holds word `id` and the range of its postings.
   * Entries of replaced or removed files (or of an earlier segmentation) are dropped as they are met.
   */
  private forEachWordHolder(id: number, visit: (f: IndexedFile, from: number, to: number) => void): void {
    if (this.pendingWordLists.length > 0 || this.listing) this.listPendingWords();
    const holders = this.wordFiles[id];
    const locals = this.wordLocal[id];
    if (!holders || !locals) return;
    // A file whose tokens were applied twice is listed twice: it counts once.
    const seen = new Set<IndexedFile>();
    let live = 0;
    for (let h = 0; h < holders.length; h++) {
      const f = holders[h];
      const l = locals[h];
      const seg = f.segmentation()?.arrays;
      if (seen.has(f) || this.files.get(f.uri) !== f || !seg) continue;
      if (l + 1 >= seg.postStart.length) continue;
      const from = seg.postStart[l];
      const to = seg.postStart[l + 1];
      // The local slot must still be this word (a file segmented again gets new slots).
      if (from >= to || seg.tokenWord[seg.postings[from]] !== id) continue;
      seen.add(f);
      holders[live] = f;
      locals[live] = l;
      live++;
      visit(f, from, to);
    }
    holders.length = live;
    locals.length = live;
  }

  /**
   * Counts of a term or word per meeting and its first occurrence, without building the
   * occurrence list (what hover and definition need): O(occurrences) for words, O(mentions in
   * the corpus) for terms, nothing allocated per occurrence.
   */
  statsOf(target: Target): OccurrenceStats {
    const chrono = this.meetingsChronological();
    const key = target.kind === 'word' ? target.word : target.term;
    const known = this.statsCache.get(key);
    if (known) return known;
    const stats = this.countOccurrences(target, chrono.length);
    // Bounded: past this many terms and words, the counting starts over.
    if (this.statsCache.size >= STATS_CACHE_MAX) this.statsCache.clear();
    this.statsCache.set(key, stats);
    return stats;
  }

  private countOccurrences(target: Target, meetings: number): OccurrenceStats {
    const acc = new StatsAccumulator(meetings);
    if (target.kind === 'word') {
      const id = this.vocabulary.get(target.word);
      if (id !== undefined) {
        this.forEachWordHolder(id, (f, from, to) => {
          acc.file(f);
          f.forEachPosting(from, to, (start, end) => acc.add(start, end));
        });
      }
    } else {
      const cached = this.mentionCache.get(target.term);
      if (cached) return this.stats(cached);
      const idx = this.termIndex.get(target.term) ?? -1;
      this.listPendingMentions();
      if (idx >= 0 && idx < this.termFiles.length) {
        // Only the files that mention the term, only its block of mentions in each.
        const holders = this.termFiles[idx];
        const froms = this.termFrom[idx];
        const seen = new Set<IndexedFile>();
        let live = 0;
        for (let h = 0; h < holders.length; h++) {
          const f = holders[h];
          const from = froms[h];
          const order = f.mentionOrder;
          const mt = f.mentionTerm;
          if (seen.has(f) || this.files.get(f.uri) !== f || from >= order.length || mt[order[from]] !== idx || (from > 0 && mt[order[from - 1]] === idx)) continue;
          seen.add(f);
          holders[live] = f;
          froms[live] = from;
          live++;
          acc.file(f);
          for (let k = from; k < order.length && mt[order[k]] === idx; k++) acc.add(f.mentionStart[order[k]], f.mentionEnd[order[k]]);
        }
        holders.length = live;
        froms.length = live;
      }
    }
    return acc.result();
  }

  /** The first occurrence in chronological order (definition). */
  firstOccurrenceOf(target: Target): Occurrence | undefined {
    return this.statsOf(target).first;
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

  /**
   * The candidate terms of the table (the top of the ranking), best first, with the counts they
   * were ranked by. From the counts the index keeps: sorting at most `maxCandidates` terms, once
   * per change.
   */
  candidateTerms(): CandidateTerm[] {
    const table = this.terms();
    this.countPendingCandidates();
    const key = `${this.tableVersion}/${this.candidateTally.version}`;
    if (this.rankedCache?.key === key) return this.rankedCache.terms;
    const terms: CandidateTerm[] = [];
    const ranked: RankedCandidate[] = [];
    for (const term of table.terms) {
      if (term.kind !== 'candidate') continue;
      const id = this.candidateTally.id(term.key);
      const r = id !== undefined ? this.candidateTally.ranked(id) : { form: term.key, hits: 0, documents: 0, periods: 0, reasons: 0, score: 0 };
      ranked.push(r);
      terms.push({ term, reasons: reasonsOf(r.reasons), count: r.hits, meetings: r.documents, periods: r.periods, score: r.score });
    }
    const order = ranked.map((_, i) => i).sort((a, b) => compareRanked(ranked[a], ranked[b]));
    this.rankedCache = { key, terms: order.map((i) => terms[i]) };
    return this.rankedCache.terms;
  }

  /** How many forms the finder proposes corpus-wide (outside the glossary), of which `candidateTerms` are the top. */
  candidatesFound(): number {
    const cache = (this.candidateTerms(), this.rankedCache!);
    return (cache.found ??= this.candidateTally.live(this.notGlossary));
  }
}

const isSpan = (s: unknown, max: number): boolean => {
  const sp = s as Span | undefined;
  return !!sp && Number.isInteger(sp.start) && Number.isInteger(sp.end) && sp.start >= 0 && sp.start <= sp.end && sp.end <= max;
};

function sectionsFit(sections: unknown, max: number, depth = 0): boolean {
  if (!Array.isArray(sections) || depth > 16) return false;
  return sections.every((x) => {
    const sec = x as Section;
    return !!sec && typeof sec.kind === 'string' && typeof sec.name === 'string' && typeof sec.marker === 'string' && isSpan(sec.span, max) && isSpan(sec.nameSpan, max) && sectionsFit(sec.children, max, depth + 1);
  });
}

/** A stored reader result is the shape the index uses, with every span inside a text of `max` units. */
function parsedFits(p: ParsedFile, max: number): boolean {
  if (!p || !Array.isArray(p.meetings) || !Array.isArray(p.problems)) return false;
  if (!p.problems.every((q) => !!q && typeof q.message === 'string' && typeof q.severity === 'string' && (q.span === undefined || isSpan(q.span, max)))) return false;
  return p.meetings.every((m) => {
    if (!m || typeof m.title !== 'string' || typeof m.kind !== 'string' || !isSpan(m.span, max) || !isSpan(m.titleSpan, max)) return false;
    if (!m.date || typeof m.date.source !== 'string' || (m.date.iso !== null && typeof m.date.iso !== 'string') || (m.date.span !== undefined && !isSpan(m.date.span, max))) return false;
    return sectionsFit(m.sections, max);
  });
}

/**
 * Removes entry `at` (if any) of two parallel lists. Mostly the last one (a file edited again was
 * listed last): a pop, where a splice would build an array of what it removed.
 */
function removeAt<A, B>(a: A[], b: B[], at: number): void {
  if (at < 0) return;
  if (at === a.length - 1) {
    a.pop();
    b.pop();
  } else {
    a.splice(at, 1);
    b.splice(at, 1);
  }
}

interface Mentions {
  term: Int32Array;
  start: Uint32Array;
  end: Uint32Array;
}

/** Characters matched per piece of a scan in steps: a few milliseconds each. */
const SCAN_PIECE = 1 << 17;

/**
 * Matching a text's term mentions, a piece at a time: a file of millions of characters is
 * matched over several turns of the event loop (each piece continues the automaton's state, so
 * the mentions are exactly those of one scan).
 */
export class MentionScan {
  private readonly term: number[] = [];
  private readonly start: number[] = [];
  private readonly end: number[] = [];
  private at = 0;
  private state = 0;
  private readonly push = (p: number, s: number, e: number) => {
    this.term.push(this.termOfForm[p]);
    this.start.push(s);
    this.end.push(e);
  };

  constructor(
    private readonly text: string,
    private readonly matcher: TermMatcher,
    private readonly termOfForm: Int32Array,
    private readonly terms: number,
  ) {}

  /** Matches pieces until `deadline` (performance.now()); true when the whole text is matched. */
  step(deadline: number): boolean {
    const n = this.text.length;
    while (this.at < n) {
      const to = Math.min(n, this.at + SCAN_PIECE);
      this.state = this.matcher.scanOn(this.text, this.state, this.at, to, this.push);
      this.at = to;
      if (performance.now() >= deadline) break;
    }
    return this.at >= n;
  }

  mentions(): Mentions {
    return toMentions(this.term, this.start, this.end, this.terms);
  }
}

function matchMentions(text: string, matcher: TermMatcher, termOfForm: Int32Array, terms: number): Mentions {
  const scan = new MentionScan(text, matcher, termOfForm, terms);
  scan.step(Infinity);
  return scan.mentions();
}

/**
 * The mentions of an edited text from those of its previous version. With L the longest form:
 * a mention at least L before the changed stretch, or at least L after it (shifted), stays as it
 * was, and so does whether it counts (a form inside a longer form of the same term does not);
 * the stretch and L either side are matched again. Equal to matching the whole text; an edit in
 * a long document costs its neighbourhood, not the document.
 */
function rematchEdit(previous: IndexedFile, text: string, edit: ChangedStretch, matcher: TermMatcher, termOfForm: Int32Array, terms: number, maxFormLength: number): Mentions {
  const { start: p, oldEnd, delta } = edit;
  const L = Math.max(1, maxFormLength);
  // Kept: ending at or before `from`, or starting at or after `oldAfter` (old offsets).
  const from = Math.max(0, p - L);
  const oldAfter = oldEnd + L;
  const newAfter = oldAfter + delta;
  const mt = previous.mentionTerm;
  const ms = previous.mentionStart;
  const me = previous.mentionEnd;
  const n = mt.length;
  // Mentions are in order of start and none is longer than L. Kept as they are: those starting
  // at or before `from - L` (they end by `from`), and those starting at or after `oldAfter`,
  // shifted. Between the two, the old mentions that end by `from` and the matches of the new
  // text that end after it are put in order and deduplicated together: a match may start before
  // such a mention, or hold one of its own term. Neither kept run can hold a mention of the
  // middle, nor be held by one (the runs after would also have been held in the old text).
  const safe = firstAtLeast(ms, from - L + 1);
  const before = firstAtLeast(ms, from, safe);
  const after = firstAtLeast(ms, oldAfter, before);
  const term: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  for (let i = safe; i < before; i++) {
    if (me[i] > from) continue;
    term.push(mt[i]);
    start.push(ms[i]);
    end.push(me[i]);
  }
  matcher.scan(
    text,
    (f, ms2, me2) => {
      if (me2 <= from || ms2 >= newAfter) return;
      term.push(termOfForm[f]);
      start.push(ms2);
      end.push(me2);
    },
    Math.max(0, from - L + 1),
    Math.min(text.length, newAfter + L - 1),
  );
  const middle = toMentions(term, start, end, terms);
  const k = middle.term.length;
  const size = safe + k + (n - after);
  const out = { term: new Int32Array(size), start: new Uint32Array(size), end: new Uint32Array(size) };
  out.term.set(mt.subarray(0, safe));
  out.start.set(ms.subarray(0, safe));
  out.end.set(me.subarray(0, safe));
  out.term.set(middle.term, safe);
  out.start.set(middle.start, safe);
  out.end.set(middle.end, safe);
  out.term.set(mt.subarray(after), safe + k);
  for (let i = after, j = safe + k; i < n; i++, j++) {
    out.start[j] = ms[i] + delta;
    out.end[j] = me[i] + delta;
  }
  return out;
}

/**
 * Raw matches in order (start, then longest first), one mention per occurrence of a term (of
 * `terms` terms). Matches come nearly in that order (a scan gives them by end offset, and a
 * form is short), so an insertion sort does it in one pass; input far out of order falls back
 * to a general sort.
 */
export function toMentions(term: number[], start: number[], end: number[], terms: number): Mentions {
  const n = start.length;
  const order = new Uint32Array(n);
  const before = (a: number, b: number) => start[a] < start[b] || (start[a] === start[b] && end[a] > end[b]);
  // Moves allowed before giving up on the insertion sort: a few per match.
  let budget = 16 * n + 1024;
  for (let i = 0; i < n && budget >= 0; i++) {
    let j = i;
    for (; j > 0 && budget >= 0 && before(i, order[j - 1]); j--, budget--) order[j] = order[j - 1];
    order[j] = i;
  }
  if (budget < 0) {
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => start[a] - start[b] || end[b] - end[a] || a - b);
  }
  // One occurrence of a term is one mention, even where one of its forms contains another.
  const lastEnd = new Int32Array(terms).fill(-1);
  let kept = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (lastEnd[term[i]] >= end[i]) continue;
    lastEnd[term[i]] = end[i];
    order[kept++] = i;
  }
  const m = { term: new Int32Array(kept), start: new Uint32Array(kept), end: new Uint32Array(kept) };
  for (let k = 0; k < kept; k++) {
    const i = order[k];
    m.term[k] = term[i];
    m.start[k] = start[i];
    m.end[k] = end[i];
  }
  return m;
}

/**
 * Numbers the words of tokens `[from, to)` (`ids`: each token's word id in the index) by first
 * occurrence: `localOf` maps a word id to its number (-1: none yet), `distinct` lists the ids in
 * that order, `wordOfToken` gets each token's number.
 */
function numberLocally(ids: ArrayLike<number>, from: number, to: number, localOf: Int32Array, distinct: number[], wordOfToken: Uint32Array): void {
  for (let i = from; i < to; i++) {
    const g = ids[i];
    let l = localOf[g];
    if (l < 0) {
      l = localOf[g] = distinct.length;
      distinct.push(g);
    }
    wordOfToken[i] = l;
  }
}

/** Mention indices ordered by term, then offset (a counting sort: one pass, whatever the count). */
export function mentionOrderOf(term: Int32Array, terms: number): Uint32Array {
  const first = new Uint32Array(terms + 1);
  for (let i = 0; i < term.length; i++) first[term[i] + 1]++;
  for (let t = 0; t < terms; t++) first[t + 1] += first[t];
  const order = new Uint32Array(term.length);
  for (let i = 0; i < term.length; i++) order[first[term[i]]++] = i;
  return order;
}

function setMentions(file: IndexedFile, m: Mentions): void {
  file.matched = true;
  file.mentionTerm = m.term;
  file.mentionStart = m.start;
  file.mentionEnd = m.end;
}

export interface TermRebuild {
  /** Matches files until `deadline` (performance.now()); true when every file is matched. */
  step(deadline: number): boolean;
  /** Swaps the new table in; false when the glossary changed meanwhile (the rebuild is void). */
  commit(): boolean;
}

/** Per-meeting counts and the chronologically first occurrence, fed file by file in offset order. */
class StatsAccumulator {
  readonly perMeeting: number[];
  private total = 0;
  private f?: IndexedFile;
  private j = -1;
  private best?: { rank: number; uri: string; start: number; end: number; file: IndexedFile; meeting?: MeetingRef };

  constructor(meetings: number) {
    this.perMeeting = new Array<number>(meetings).fill(0);
  }

  file(f: IndexedFile): void {
    this.f = f;
    this.j = -1;
  }

  add(start: number, end: number): void {
    const f = this.f!;
    const ms = f.meetings;
    // Offsets ascend within a file: the meeting pointer only moves forward.
    while (this.j + 1 < ms.length && ms[this.j + 1].meeting.span.start <= start) this.j++;
    const m = this.j >= 0 ? ms[this.j] : undefined;
    this.total++;
    if (m && m.rank < this.perMeeting.length) this.perMeeting[m.rank]++;
    const rank = m ? m.rank : Number.MAX_SAFE_INTEGER;
    const b = this.best;
    if (!b || rank < b.rank || (rank === b.rank && (f.uri < b.uri || (f.uri === b.uri && start < b.start)))) {
      this.best = { rank, uri: f.uri, start, end, file: f, meeting: m };
    }
  }

  result(): OccurrenceStats {
    let meetings = 0;
    for (const n of this.perMeeting) if (n > 0) meetings++;
    const b = this.best;
    return { total: this.total, meetings, perMeeting: this.perMeeting, first: b ? { uri: b.uri, start: b.start, end: b.end, meeting: b.meeting } : undefined };
  }
}

/**
 * Occurrences gathered file by file in offset order. A meeting is one contiguous span of one
 * file, so they fall into runs of one meeting each: sorting the runs (not the occurrences)
 * gives chronological order, date then corpus order, occurrences outside meetings last.
 */
class OccurrenceRuns {
  private readonly runs: { rank: number; uri: string; items: Occurrence[] }[] = [];
  private file?: IndexedFile;
  private meeting?: MeetingRef;
  /** The current run's meeting covers offsets [from, to) of `file`. */
  private from = 0;
  private to = -1;
  private current?: Occurrence[];

  add(file: IndexedFile, start: number, end: number): void {
    if (file !== this.file || start < this.from || start >= this.to) {
      this.file = file;
      this.meeting = file.meetingAt(start);
      const next = this.meeting ? file.meetings[this.meeting.indexInFile + 1] : file.meetings[0];
      this.from = this.meeting ? this.meeting.meeting.span.start : 0;
      this.to = next ? next.meeting.span.start : Number.MAX_SAFE_INTEGER;
      this.current = [];
      this.runs.push({ rank: this.meeting?.rank ?? Number.MAX_SAFE_INTEGER, uri: file.uri, items: this.current });
    }
    this.current!.push({ uri: file.uri, start, end, meeting: this.meeting });
  }

  chronological(): Occurrence[] {
    const runs = this.runs;
    runs.sort((a, b) => a.rank - b.rank || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.items[0].start - b.items[0].start));
    const out: Occurrence[] = [];
    for (const r of runs) for (const o of r.items) out.push(o);
    return out;
  }
}
