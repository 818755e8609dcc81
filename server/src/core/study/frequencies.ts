// Word and term frequencies per meeting, the ground the keyness and collocation measures stand on.
// Kept in a WeakMap beside the index (the index itself is not ours to extend): CodeLenses on every
// meeting title cost one pass over the tokens, not one per lens, and from one index version to the
// next only the files and meetings that changed are counted again.

import { CorpusIndex, IndexedFile, MeetingRef } from '../corpusIndex';
import type { TermTable } from '../terms';
import { isContentWord } from './stopwords';
import { firstAtLeast } from '../positions';
import { tokenRange } from './query';
import { runToEnd, Steps, STEP } from './slices';

export interface MeetingFrequencies {
  meeting: MeetingRef;
  /** Word tokens in the meeting (all of them, stopwords too: the denominator). */
  tokens: number;
  /** Content words and glossary terms → count in this meeting. */
  counts: Map<string, number>;
}

export interface CorpusFrequencies {
  version: number;
  /** Chronological, parallel to `meetingsChronological()`. */
  meetings: MeetingFrequencies[];
  /** Over all meetings. The kept sum, which the next version's computation changes: read it while the index is at `version`. */
  totals: Map<string, number>;
  tokens: number;
  /** Items that are glossary terms (or parts of numbered formulas), with their category. */
  termCategory: Map<string, string>;
  /** False while some file still waits for segmentation: word counts are then incomplete. */
  complete: boolean;
}

/** One file's share: its meetings' counts (by index in the file) and their sum. */
interface FileCounts {
  uri: string;
  // The file version and tokens these counts were made from (either replaced, they go), held
  // weakly: a document edited since would otherwise stay in memory, text and all, until the next count.
  file: WeakRef<IndexedFile>;
  tokens: WeakRef<object> | undefined;
  mentions: Int32Array;
  /** The words of those tokens (ids in the index's vocabulary, never reused). */
  tokenWord: Uint32Array | undefined;
  meetings: MeetingCounts[];
  totals: Map<string, number>;
  tokenCount: number;
}

/** A meeting's counts, and where its tokens and mentions are in its file version's arrays. */
interface MeetingCounts {
  tokens: number;
  counts: Map<string, number>;
  from: number;
  to: number;
  mentionFrom: number;
  mentionTo: number;
}

/**
 * What is kept between index versions, for one term table: each file's counts, and their sum
 * (always the sum of exactly the file counts kept: a file's are swapped in one go, with no yield
 * between taking its old share out and putting its new one in). An edit then costs the edited
 * file, not the corpus.
 */
interface Kept {
  table: TermTable;
  termCategory: Map<string, string>;
  termIds: Uint8Array;
  files: Map<string, FileCounts>;
  totals: Map<string, number>;
  tokens: number;
  result?: CorpusFrequencies;
  /**
   * Per word id (the index never reuses one): the key its tokens are counted under, or null when
   * they are not counted (not a content word, or a form of a glossary term). Asked once per word,
   * not once per token.
   */
  wordKeys: (string | null)[];
}

const cache = new WeakMap<CorpusIndex, Kept>();

export function corpusFrequencies(index: CorpusIndex): CorpusFrequencies {
  return runToEnd(corpusFrequencySteps(index));
}

function keptFor(index: CorpusIndex, table: TermTable): Kept {
  const kept = cache.get(index);
  if (kept && kept.table === table) return kept;
  const termCategory = new Map<string, string>();
  const termIds = new Uint8Array(table.terms.length);
  table.terms.forEach((t, i) => {
    if (t.kind === 'candidate') return;
    termCategory.set(t.key, t.entry?.category ?? 'part');
    termIds[i] = 1;
  });
  const fresh: Kept = { table, termCategory, termIds, files: new Map(), totals: new Map(), tokens: 0, wordKeys: [] };
  cache.set(index, fresh);
  return fresh;
}

/** `corpusFrequencies` in steps, a meeting at a time; files unchanged since the last time are not counted again. */
export function* corpusFrequencySteps(index: CorpusIndex): Steps<CorpusFrequencies> {
  const chrono = index.meetingsChronological();
  const table = index.terms();
  const kept = keptFor(index, table);
  if (kept.result && kept.result.version === index.indexVersion) return kept.result;
  const version = index.indexVersion;
  // The files whose counts are missing or stale, counted (this part yields).
  const counted: FileCounts[] = [];
  const current = index.allFiles();
  for (const file of current) {
    const known = kept.files.get(file.uri);
    if (known && upToDate(known, file)) continue;
    counted.push(yield* countFile(file, kept, known));
  }
  // Then in one go: each file's old share out, its new one in; files gone from the index out.
  for (const fc of counted) swap(kept, fc.uri, fc);
  if (kept.files.size > current.length) {
    const live = new Set(current.map((f) => f.uri));
    for (const uri of [...kept.files.keys()]) if (!live.has(uri)) swap(kept, uri, undefined);
  }
  let complete = true;
  const meetings: MeetingFrequencies[] = [];
  for (const m of chrono) {
    const fc = kept.files.get(m.uri);
    if (!index.file(m.uri)?.segmented) complete = false;
    const mf = fc?.meetings[m.indexInFile];
    meetings.push({ meeting: m, tokens: mf?.tokens ?? 0, counts: mf?.counts ?? new Map() });
  }
  const result: CorpusFrequencies = { version, meetings, totals: kept.totals, tokens: kept.tokens, termCategory: kept.termCategory, complete };
  // Kept only if the index did not change while files were counted (a sliced caller starts again then).
  if (index.indexVersion === version && counted.every((fc) => upToDate(fc, index.file(fc.uri)))) kept.result = result;
  return result;
}

function upToDate(fc: FileCounts, file: IndexedFile | undefined): boolean {
  return file !== undefined && fc.file.deref() === file && fc.tokens?.deref() === file.tokensIdentity && fc.mentions === file.mentionTerm;
}

function swap(kept: Kept, uri: string, next: FileCounts | undefined): void {
  const old = kept.files.get(uri);
  if (old) {
    for (const [k, n] of old.totals) {
      const left = (kept.totals.get(k) ?? 0) - n;
      if (left > 0) kept.totals.set(k, left);
      else kept.totals.delete(k);
    }
    kept.tokens -= old.tokenCount;
  }
  if (next) {
    for (const [k, n] of next.totals) kept.totals.set(k, (kept.totals.get(k) ?? 0) + n);
    kept.tokens += next.tokenCount;
    kept.files.set(uri, next);
  } else kept.files.delete(uri);
}

/**
 * The counts of each of a file's meetings: content words (not forms of a glossary term) by token,
 * glossary terms by mention. A meeting whose words and terms are those of a meeting of `before`
 * (the file's previous version: the same place from the start, or from the end) keeps its counts:
 * an edit in one meeting of a long document counts that meeting again, not the document.
 */
function* countFile(file: IndexedFile, kept: Kept, before?: FileCounts): Steps<FileCounts> {
  const { table, termIds, wordKeys } = kept;
  // A word that is a form of a glossary term is counted through the term, not twice.
  const isTermForm = (w: string) => {
    const t = table.ofForm(w);
    return t !== undefined && t.kind !== 'candidate';
  };
  // An edited document's tokens, carried since it was segmented, are read whole below: made flat in steps first.
  yield* file.flatSteps();
  const identity = file.tokensIdentity;
  const fc: FileCounts = { uri: file.uri, file: new WeakRef(file), tokens: identity && new WeakRef(identity), mentions: file.mentionTerm, tokenWord: file.tokenWord, meetings: [], totals: new Map(), tokenCount: 0 };
  const n = file.meetings.length;
  for (const m of file.meetings) {
    const [from, to] = tokenRange(file, m.meeting.span.start, m.meeting.span.end);
    const mentionFrom = firstAtLeast(file.mentionStart, m.meeting.span.start);
    const mentionTo = firstAtLeast(file.mentionStart, m.meeting.span.end);
    const at = { from, to, mentionFrom, mentionTo };
    const k = m.indexInFile;
    let counts = before && (sameContent(fc, at, before, before.meetings[k]) ?? sameContent(fc, at, before, before.meetings[before.meetings.length - n + k]));
    if (!counts) {
      const fresh = new Map<string, number>();
      const add = (key: string) => fresh.set(key, (fresh.get(key) ?? 0) + 1);
      const ids = file.tokenWord;
      for (let i = from; i < to; i++) {
        const id = ids && i < ids.length ? ids[i] : -1;
        let key = id >= 0 ? wordKeys[id] : undefined;
        if (key === undefined) {
          const w = file.text.slice(file.tokens!.starts[i], file.tokens!.ends[i]);
          key = isContentWord(w) && !isTermForm(w) ? w : null;
          if (id >= 0) wordKeys[id] = key;
        }
        if (key !== null) add(key);
        // A government work report is one meeting of tens of thousands of tokens.
        if ((i - from) % (16 * STEP) === 16 * STEP - 1) yield;
      }
      for (let i = mentionFrom; i < mentionTo; i++) if (termIds[file.mentionTerm[i]]) add(table.terms[file.mentionTerm[i]].key);
      counts = fresh;
    }
    for (const [key, c] of counts) fc.totals.set(key, (fc.totals.get(key) ?? 0) + c);
    fc.tokenCount += to - from;
    fc.meetings[k] = { tokens: to - from, counts, ...at };
    yield;
  }
  return fc;
}

/** `old`'s counts when the meeting at `at` in `fc` has the same words and terms, in the same order. */
function sameContent(fc: FileCounts, at: Omit<MeetingCounts, 'tokens' | 'counts'>, before: FileCounts, old: MeetingCounts | undefined): Map<string, number> | undefined {
  if (!old || !fc.tokenWord || !before.tokenWord) return undefined;
  if (at.to - at.from !== old.to - old.from || at.mentionTo - at.mentionFrom !== old.mentionTo - old.mentionFrom) return undefined;
  for (let i = at.from, j = old.from; i < at.to; i++, j++) if (fc.tokenWord[i] !== before.tokenWord[j]) return undefined;
  for (let i = at.mentionFrom, j = old.mentionFrom; i < at.mentionTo; i++, j++) if (fc.mentions[i] !== before.mentions[j]) return undefined;
  return old.counts;
}
