// What changed between a document and an earlier one (by default the latest earlier document of
// the same kind): the formulations that are new in it, dropped from it, or kept.
//
// A formulation is a glossary term, a candidate term, or a recurring phrase. A phrase is a run of
// 2-8 segmented words inside one clause (never across punctuation), starting and ending with a
// content word (so never made only of function words), that occurs in at least two documents of
// the corpus. Nested phrases are merged to the longest that still recurs: in each of the two
// documents, a phrase whose every occurrence lies inside a longer recurring phrase is left out
// (国家战略 inside 强化国家战略科技力量, when it is never said there on its own).
//
// Whether a run recurs is looked up in the corpus only for the runs of the two documents, through
// the tokens of its rarest word, stopping at the first other document that has it; a run is looked
// up only if the run one word shorter recurs (a run that does not recur has no longer run that does).

import { CorpusIndex, IndexedFile, MeetingRef } from '../corpusIndex';
import type { Span } from '../model';
import { firstAtLeast } from '../positions';
import { isContentWord } from './stopwords';
import { corpusFrequencySteps } from './frequencies';
import { meetingInfo, MeetingInfo, tokenRange } from './query';
import { runToEnd, Steps, STEP } from './slices';

export type CompareStatus = 'new' | 'dropped' | 'kept';
export type FormulationKind = 'term' | 'candidate' | 'phrase';

export interface CompareItem {
  text: string;
  status: CompareStatus;
  /** Occurrences in the document, and in the one it is compared with. */
  count: number;
  againstCount: number;
  kind: FormulationKind;
  /** No document before this one (in chronological order) has it. */
  firstInCorpus: boolean;
  /** Where it stands: in the document, or for a dropped item in the one it is compared with. */
  uri: string;
  spans: Span[];
}

export interface Comparison {
  meeting: MeetingInfo;
  against: MeetingInfo | null;
  items: CompareItem[];
  /** False while segmentation is still running: phrases may change. */
  complete: boolean;
}

/** Longest phrase, in words. */
const MAX_WORDS = 8;
const MIN_WORDS = 2;

/** The latest document before `m` of the same kind; failing that, the latest document before it. */
export function predecessorOf(chrono: readonly MeetingRef[], m: MeetingRef): MeetingRef | undefined {
  for (let r = m.rank - 1; r >= 0; r--) if (chrono[r].meeting.kind === m.meeting.kind) return chrono[r];
  return m.rank > 0 ? chrono[m.rank - 1] : undefined;
}

export function compare(index: CorpusIndex, target: MeetingRef, against?: MeetingRef): Comparison {
  return runToEnd(compareSteps(index, target, against));
}

interface Side {
  file: IndexedFile;
  ref: MeetingRef;
  from: number;
  to: number;
}

export function* compareSteps(index: CorpusIndex, target: MeetingRef, against?: MeetingRef): Steps<Comparison> {
  const chrono = index.meetingsChronological();
  const other = against ?? predecessorOf(chrono, target);
  const sides: Side[] = [];
  for (const ref of other ? [target, other] : [target]) {
    const file = index.file(ref.uri);
    if (!file) continue;
    yield* file.flatSteps();
    const [from, to] = tokenRange(file, ref.meeting.span.start, ref.meeting.span.end);
    sides.push({ file, ref, from, to });
  }
  const complete = index.allFiles().every((f) => f.segmented);
  const items: CompareItem[] = [];
  const termTexts = new Set<string>();
  yield* termItems(index, target, other, items, termTexts);
  if (sides.length > 0) yield* phraseItems(index, sides, target, other, items, termTexts);
  items.sort(byRank);
  return { meeting: meetingInfo(target), against: other ? meetingInfo(other) : null, items, complete };
}

/** New and first in the corpus, then new, then dropped, then kept by the change in count. */
function byRank(a: CompareItem, b: CompareItem): number {
  const group = (i: CompareItem) => (i.status === 'new' ? (i.firstInCorpus ? 0 : 1) : i.status === 'dropped' ? 2 : 3);
  const kind = (i: CompareItem) => (i.kind === 'term' ? 0 : i.kind === 'candidate' ? 1 : 2);
  return (
    group(a) - group(b) ||
    (a.status === 'kept' ? Math.abs(b.count - b.againstCount) - Math.abs(a.count - a.againstCount) : 0) ||
    kind(a) - kind(b) ||
    Math.max(b.count, b.againstCount) - Math.max(a.count, a.againstCount) ||
    b.text.length - a.text.length ||
    (a.text < b.text ? -1 : a.text > b.text ? 1 : 0)
  );
}

function statusOf(count: number, againstCount: number): CompareStatus {
  return count > 0 && againstCount === 0 ? 'new' : count === 0 ? 'dropped' : 'kept';
}

/** Mentions of glossary and candidate terms in a document, by term index: their spans. */
export function mentionsIn(file: IndexedFile, span: Span): Map<number, Span[]> {
  const out = new Map<number, Span[]>();
  const from = firstAtLeast(file.mentionStart, span.start);
  for (let i = from; i < file.mentionStart.length && file.mentionStart[i] < span.end; i++) {
    if (file.mentionEnd[i] > span.end) continue;
    const t = file.mentionTerm[i];
    const spans = out.get(t) ?? [];
    spans.push({ start: file.mentionStart[i], end: file.mentionEnd[i] });
    out.set(t, spans);
  }
  return out;
}

function* termItems(index: CorpusIndex, target: MeetingRef, other: MeetingRef | undefined, items: CompareItem[], texts: Set<string>): Steps<void> {
  const table = index.terms();
  const targetFile = index.file(target.uri);
  const otherFile = other ? index.file(other.uri) : undefined;
  const inTarget = targetFile ? mentionsIn(targetFile, target.meeting.span) : new Map<number, Span[]>();
  const inOther = otherFile && other ? mentionsIn(otherFile, other.meeting.span) : new Map<number, Span[]>();
  let n = 0;
  for (const t of new Set([...inTarget.keys(), ...inOther.keys()])) {
    const term = table.terms[t];
    if (!term) continue;
    const here = inTarget.get(t) ?? [];
    const there = inOther.get(t) ?? [];
    const first = index.statsOf({ kind: 'term', term, span: { start: 0, end: 0 } }).first?.meeting?.rank;
    const status = statusOf(here.length, there.length);
    items.push({
      text: term.key,
      status,
      count: here.length,
      againstCount: there.length,
      kind: term.kind === 'candidate' ? 'candidate' : 'term',
      firstInCorpus: here.length > 0 && first !== undefined && first >= target.rank,
      uri: status === 'dropped' ? other!.uri : target.uri,
      spans: status === 'dropped' ? there : here,
    });
    for (const f of term.forms) texts.add(f);
    if (++n % STEP === 0) yield;
  }
}

/** Whether a token is a word of a clause (Han, Latin letters or digits), not punctuation or space. */
function isClauseWord(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xd800 && c <= 0xdbff) || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) continue;
    return false;
  }
  return end > start;
}

/** A run of words of one or both documents. */
interface Run {
  ids: number[];
  words: string[];
  text: string;
  /** Its occurrences in each document, by token index of its first word. */
  at: [number[], number[]];
  /** Starts and ends with a content word, 2+ words: a phrase if it recurs. */
  phrase: boolean;
  /** Occurs in two documents at least. */
  recurs?: boolean;
}

const keyOf = (ids: readonly number[]) => ids.join(',');

function* phraseItems(index: CorpusIndex, sides: Side[], target: MeetingRef, other: MeetingRef | undefined, items: CompareItem[], termTexts: Set<string>): Steps<void> {
  const freq = yield* corpusFrequencySteps(index);
  const content = new Map<string, boolean>();
  const isContent = (w: string) => {
    let c = content.get(w);
    if (c === undefined) content.set(w, (c = isContentWord(w)));
    return c;
  };
  // Every run of 2-8 adjacent clause words in the two documents, by length.
  const runs = new Map<string, Run>();
  const byLength: Run[][] = Array.from({ length: MAX_WORDS + 1 }, () => []);
  for (let s = 0; s < sides.length; s++) {
    const { file, from, to } = sides[s];
    const tokens = file.tokens;
    const tokenWord = file.tokenWord;
    if (!tokens || !tokenWord) continue;
    const { starts, ends } = tokens;
    const text = file.text;
    for (let i = from; i < to; i++) {
      if (!isClauseWord(text, starts[i], ends[i])) continue;
      const ids = [tokenWord[i]];
      const words = [text.slice(starts[i], ends[i])];
      for (let j = i + 1; j < to && j - i < MAX_WORDS && starts[j] === ends[j - 1] && isClauseWord(text, starts[j], ends[j]); j++) {
        ids.push(tokenWord[j]);
        words.push(text.slice(starts[j], ends[j]));
        const key = keyOf(ids);
        let run = runs.get(key);
        if (!run) {
          run = { ids: [...ids], words: [...words], text: words.join(''), at: [[], []], phrase: isContent(words[0]) && isContent(words[words.length - 1]) };
          runs.set(key, run);
          byLength[ids.length].push(run);
        }
        run.at[s].push(i);
      }
      if ((i - from) % STEP === STEP - 1) yield;
    }
  }
  // Recurrence, shortest runs first: a run is looked up only if both runs one word shorter recur.
  const ranks = sides.map((side) => side.ref.rank);
  const finder = new RunFinder(index, freq.totals);
  let looked = 0;
  for (let n = MIN_WORDS; n <= MAX_WORDS; n++) {
    for (const run of byLength[n]) {
      if (n > MIN_WORDS) {
        const prefix = runs.get(keyOf(run.ids.slice(0, -1)));
        const suffix = runs.get(keyOf(run.ids.slice(1)));
        if (prefix?.recurs === false || suffix?.recurs === false) {
          run.recurs = false;
          continue;
        }
      }
      run.recurs = recurs(finder, run, ranks);
      if (++looked % STEP === 0) yield;
    }
  }
  // Phrases that recur, merged in each document to the longest around each occurrence.
  const covered = new Map<Run, boolean[]>();
  for (const [s, side] of sides.entries()) markCovered(runs, side, s, covered);
  for (const run of runs.values()) {
    if (!run.phrase || !run.recurs || termTexts.has(run.text)) continue;
    // Left out where it is only ever part of a longer phrase; counted in full where it is listed.
    const standsAlone = (s: number) => run.at[s].length > 0 && !covered.get(run)?.[s];
    if (!standsAlone(0) && !standsAlone(1)) continue;
    const spansIn = (s: number) => (sides[s] ? run.at[s].map((i) => spanOfRun(sides[s].file, i, run.ids.length)) : []);
    const here = spansIn(0);
    const there = spansIn(1);
    const status = statusOf(here.length, there.length);
    items.push({
      text: run.text,
      status,
      count: here.length,
      againstCount: there.length,
      kind: 'phrase',
      firstInCorpus: here.length > 0 && !(there.length > 0 && ranks[1] < target.rank) && !saidBefore(finder, run, target.rank),
      uri: status === 'dropped' ? other!.uri : target.uri,
      spans: status === 'dropped' ? there : here,
    });
  }
}

function spanOfRun(file: IndexedFile, i: number, n: number): Span {
  const t = file.tokens!;
  return { start: t.starts[i], end: t.ends[i + n - 1] };
}

/** Marks in `covered` the runs whose every occurrence in document `s` lies inside a longer recurring phrase there. */
function markCovered(runs: Map<string, Run>, side: Side, s: number, covered: Map<Run, boolean[]>): void {
  // The longest recurring phrase at each start, then for each occurrence whether one covers it.
  const longest = new Map<number, number>();
  for (const run of runs.values()) {
    if (!run.phrase || !run.recurs) continue;
    for (const i of run.at[s]) longest.set(i, Math.max(longest.get(i) ?? 0, run.ids.length));
  }
  for (const run of runs.values()) {
    if (!run.phrase || !run.recurs || run.at[s].length === 0) continue;
    const n = run.ids.length;
    const inside = run.at[s].every((i) => {
      for (let k = Math.max(side.from, i - MAX_WORDS + 1); k <= i; k++) {
        const len = longest.get(k) ?? 0;
        if (k + len >= i + n && len > n) return true;
      }
      return false;
    });
    if (inside) {
      const flags = covered.get(run) ?? [false, false];
      flags[s] = true;
      covered.set(run, flags);
    }
  }
}

/** A word's tokens in one file: the file's arrays and the range of its postings. */
interface TokenRun {
  file: IndexedFile;
  tokenWord: Uint32Array;
  postings: Uint32Array;
  from: number;
  to: number;
  starts: Uint32Array;
  ends: Uint32Array;
}

/**
 * Finds the documents of the corpus that have a run, through the tokens of its rarest content word;
 * each word's files are listed once per comparison.
 */
class RunFinder {
  private readonly holders = new Map<string, TokenRun[]>();
  constructor(
    private readonly index: CorpusIndex,
    private readonly totals: ReadonlyMap<string, number>,
  ) {}

  /** Calls `seen` with the document rank of each occurrence until it returns true; false if it never did, undefined if the run has no content word. */
  find(run: Run, seen: (rank: number) => boolean): boolean | undefined {
    let pick = -1;
    let least = Infinity;
    for (let k = 0; k < run.words.length; k++) {
      const f = this.totals.get(run.words[k]);
      if (f !== undefined && f < least) {
        least = f;
        pick = k;
      }
    }
    if (pick < 0) return undefined;
    const n = run.ids.length;
    for (const h of this.tokensOf(run.words[pick])) {
      const { tokenWord, postings, starts, ends } = h;
      for (let k = h.from; k < h.to; k++) {
        const s0 = postings[k] - pick;
        if (s0 < 0 || s0 + n > tokenWord.length) continue;
        let ok = true;
        for (let j = 0; j < n && ok; j++) ok = tokenWord[s0 + j] === run.ids[j] && (j === 0 || starts[s0 + j] === ends[s0 + j - 1]);
        if (ok && seen(h.file.meetingAt(starts[s0])?.rank ?? Number.MAX_SAFE_INTEGER)) return true;
      }
    }
    return false;
  }

  private tokensOf(word: string): TokenRun[] {
    let list = this.holders.get(word);
    if (!list) {
      const out: TokenRun[] = [];
      this.index.forEachTokenRun(word, (file, tokenWord, postings, from, to) => {
        const t = file.tokens;
        if (t) out.push({ file, tokenWord, postings, from, to, starts: t.starts, ends: t.ends });
      });
      this.holders.set(word, (list = out));
    }
    return list;
  }
}

/** Whether `run` occurs in a document other than those of the comparison that have it. */
function recurs(finder: RunFinder, run: Run, ranks: number[]): boolean {
  if (run.at[0].length > 0 && run.at[1]?.length > 0) return true;
  const own = run.at[0].length > 0 ? ranks[0] : ranks[1];
  // A run of function words alone is no phrase, and every document has them.
  return finder.find(run, (rank) => rank !== own) ?? true;
}

/** Whether a document before `rank` has `run`. */
function saidBefore(finder: RunFinder, run: Run, rank: number): boolean {
  return finder.find(run, (r) => r < rank) ?? true;
}
