// What changed between a document and an earlier one (by default the latest earlier document of
// the same kind): the formulations that are new in it, dropped from it, or kept.
//
// A formulation is a glossary term, a candidate term, or a recurring phrase. A phrase is a run of
// 2-8 segmented words inside one clause (never across punctuation), starting and ending with a
// content word (so never made only of function words), that occurs in at least two documents of
// the corpus. Nested phrases are merged to the longest that still recurs: a phrase every
// occurrence of which continues into the same longer phrase is that longer phrase
// (国家战略 inside 强化国家战略科技力量 when it never occurs elsewhere).
//
// Recurrence is counted over the corpus by following each first word's tokens to their neighbours
// along a trie of the two documents' runs: the work is the corpus frequency of the two documents'
// distinct first words, not the corpus's size.

import { CorpusIndex, IndexedFile, MeetingRef } from '../corpusIndex';
import type { Span } from '../model';
import { firstAtLeast } from '../positions';
import { isContentWord } from './stopwords';
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

/** A trie node of word runs: its counts over the corpus. */
interface RunNode {
  children?: Map<number, RunNode>;
  /** Occurrences in the corpus, distinct documents, the last document counted, the earliest one. */
  count: number;
  docs: number;
  lastDoc: number;
  minRank: number;
  /** The run's text, its length in words, and where it occurs in each of the two documents. */
  text: string;
  words: number;
  /** The run ends with a content word and has 2+ words: a phrase if it recurs. */
  phrase: boolean;
  inTarget: Span[];
  inAgainst: Span[];
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

function* phraseItems(index: CorpusIndex, sides: Side[], target: MeetingRef, other: MeetingRef | undefined, items: CompareItem[], termTexts: Set<string>): Steps<void> {
  // The trie of every run of 2-8 clause words that starts with a content word, in both documents.
  const roots = new Map<number, RunNode>();
  const firstWords = new Map<number, string>();
  const content = new Map<number, boolean>();
  const isContent = (id: number, w: string) => {
    let c = content.get(id);
    if (c === undefined) content.set(id, (c = isContentWord(w)));
    return c;
  };
  for (let s = 0; s < sides.length; s++) {
    const { file, from, to } = sides[s];
    const tokens = file.tokens;
    const tokenWord = file.tokenWord;
    if (!tokens || !tokenWord) continue;
    const { starts, ends } = tokens;
    const text = file.text;
    for (let i = from; i < to; i++) {
      if (!isClauseWord(text, starts[i], ends[i])) continue;
      const first = tokenWord[i];
      if (!isContent(first, text.slice(starts[i], ends[i]))) continue;
      let node: RunNode | undefined = roots.get(first);
      if (!node) {
        node = newNode(text.slice(starts[i], ends[i]), 1, false);
        roots.set(first, node);
        firstWords.set(first, node.text);
      }
      // Tokens need not cover the text (spaces, line breaks): a run is of adjacent tokens only.
      for (let j = i + 1; j < to && j - i < MAX_WORDS && starts[j] === ends[j - 1] && isClauseWord(text, starts[j], ends[j]); j++) {
        const id = tokenWord[j];
        const children: Map<number, RunNode> = (node.children ??= new Map());
        let child: RunNode | undefined = children.get(id);
        if (!child) {
          const w = text.slice(starts[j], ends[j]);
          child = newNode(node.text + w, node.words + 1, node.words + 1 >= MIN_WORDS && isContent(id, w));
          children.set(id, child);
        }
        node = child;
        if (node.phrase) (s === 0 ? node.inTarget : node.inAgainst).push({ start: starts[i], end: ends[j] });
      }
      if ((i - from) % STEP === STEP - 1) yield;
    }
  }
  // Every node's counts over the corpus: each first word's tokens, followed along the trie.
  for (const [id, root] of roots) {
    const word = firstWords.get(id)!;
    index.forEachTokenRun(word, (f, tokenWord, postings, from, to) => {
      const { starts, ends } = f.tokens!;
      for (let k = from; k < to; k++) {
        const i = postings[k];
        let rank = -1;
        let node: RunNode | undefined = root;
        for (let j = i + 1; node?.children && j < tokenWord.length && j - i < MAX_WORDS && starts[j] === ends[j - 1]; j++) {
          node = node.children.get(tokenWord[j]);
          if (!node) break;
          if (rank < 0) rank = f.meetingAt(starts[i])?.rank ?? Number.MAX_SAFE_INTEGER;
          node.count++;
          if (node.lastDoc !== rank) {
            node.docs++;
            node.lastDoc = rank;
          }
          if (rank < node.minRank) node.minRank = rank;
        }
      }
    });
    yield;
  }
  // Phrases that recur, merged to the longest: a phrase is dropped when a longer one (to the right
  // in its own branch, or one word to the left in another) has as many occurrences.
  const kept: RunNode[] = [];
  const leftExtended = new Set<RunNode>();
  for (const root of roots.values()) markLeftExtensions(root, roots, leftExtended);
  for (const root of roots.values()) collect(root, leftExtended, kept);
  for (const node of kept) {
    if (termTexts.has(node.text)) continue;
    const count = node.inTarget.length;
    const againstCount = node.inAgainst.length;
    if (count === 0 && againstCount === 0) continue;
    const status = statusOf(count, againstCount);
    items.push({
      text: node.text,
      status,
      count,
      againstCount,
      kind: 'phrase',
      firstInCorpus: count > 0 && node.minRank >= target.rank,
      uri: status === 'dropped' ? other!.uri : target.uri,
      spans: status === 'dropped' ? node.inAgainst : node.inTarget,
    });
  }
}

function newNode(text: string, words: number, phrase: boolean): RunNode {
  return { count: 0, docs: 0, lastDoc: -1, minRank: Number.MAX_SAFE_INTEGER, text, words, phrase, inTarget: [], inAgainst: [] };
}

/** Phrases of the trie that recur and are not contained, as often, in a longer recurring phrase to their right. Returns the largest count of a recurring phrase below `node`. */
function collect(node: RunNode, leftExtended: Set<RunNode>, out: RunNode[]): number {
  let longest = 0;
  if (node.children) for (const c of node.children.values()) longest = Math.max(longest, collect(c, leftExtended, out));
  const recurs = node.phrase && node.docs >= 2;
  if (recurs && longest < node.count && !leftExtended.has(node)) out.push(node);
  return recurs ? Math.max(longest, node.count) : longest;
}

/**
 * Marks the phrases that always follow the same word: `w + p` is itself a recurring phrase of the
 * trie (under root `w`) with as many occurrences as `p`.
 */
function markLeftExtensions(root: RunNode, roots: Map<number, RunNode>, marked: Set<RunNode>): void {
  if (!root.children) return;
  for (const [secondId, second] of root.children) {
    // `second` is root's word + a word; the run without root's word starts at roots.get(secondId).
    walkParallel(second, roots.get(secondId), marked);
  }
}

/** Walks `longer` (a run) and `shorter` (the same run without its first word) in step. */
function walkParallel(longer: RunNode, shorter: RunNode | undefined, marked: Set<RunNode>): void {
  if (!shorter) return;
  if (longer.phrase && longer.docs >= 2 && shorter.phrase && shorter.count === longer.count) marked.add(shorter);
  if (!longer.children || !shorter.children) return;
  for (const [id, next] of longer.children) walkParallel(next, shorter.children.get(id), marked);
}
