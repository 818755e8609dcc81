// Word and term frequencies per meeting, the ground the keyness and collocation measures stand on.
// Built once per index version and kept in a WeakMap beside the index (the index itself is not ours
// to extend), so CodeLenses on every meeting title cost one pass over the tokens, not one per lens.

import { CorpusIndex, IndexedFile, MeetingRef } from '../corpusIndex';
import { isContentWord } from './stopwords';
import { lowerBound, tokenRange } from './query';
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
  /** Over all meetings. */
  totals: Map<string, number>;
  tokens: number;
  /** Items that are glossary terms (or parts of numbered formulas), with their category. */
  termCategory: Map<string, string>;
  /** False while some file still waits for segmentation: word counts are then incomplete. */
  complete: boolean;
}

const cache = new WeakMap<CorpusIndex, CorpusFrequencies>();

export function corpusFrequencies(index: CorpusIndex): CorpusFrequencies {
  return runToEnd(corpusFrequencySteps(index));
}

/** `corpusFrequencies` in steps, a meeting at a time; the result goes to the same cache. */
export function* corpusFrequencySteps(index: CorpusIndex): Steps<CorpusFrequencies> {
  const chrono = index.meetingsChronological();
  const cached = cache.get(index);
  if (cached && cached.version === index.indexVersion) return cached;
  const table = index.terms();
  const termCategory = new Map<string, string>();
  const termIds: number[] = [];
  table.terms.forEach((t, i) => {
    if (t.kind === 'candidate') return;
    termCategory.set(t.key, t.entry?.category ?? 'part');
    termIds[i] = 1;
  });
  // A word that is a form of a glossary term is counted through the term, not twice.
  const isTermForm = (w: string) => {
    const t = table.ofForm(w);
    return t !== undefined && t.kind !== 'candidate';
  };
  const totals = new Map<string, number>();
  let tokens = 0;
  let complete = true;
  const meetings: MeetingFrequencies[] = [];
  for (const m of chrono) {
    const file = index.file(m.uri)!;
    if (!file.tokens) complete = false;
    const counts = new Map<string, number>();
    const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
    const [from, to] = tokenRange(file, m.meeting.span.start, m.meeting.span.end);
    for (let i = from; i < to; i++) {
      const w = file.text.slice(file.tokens!.starts[i], file.tokens!.ends[i]);
      if (isContentWord(w) && !isTermForm(w)) add(w);
      // A government work report is one meeting of tens of thousands of tokens.
      if ((i - from) % (16 * STEP) === 16 * STEP - 1) yield;
    }
    forEachMention(file, m, (termIndex) => {
      if (termIds[termIndex]) add(table.terms[termIndex].key);
    });
    for (const [k, n] of counts) totals.set(k, (totals.get(k) ?? 0) + n);
    tokens += to - from;
    meetings.push({ meeting: m, tokens: to - from, counts });
    yield;
  }
  const result: CorpusFrequencies = { version: index.indexVersion, meetings, totals, tokens, termCategory, complete };
  cache.set(index, result);
  return result;
}

/** Calls `f` with the term index of every mention inside the meeting. */
export function forEachMention(file: IndexedFile, m: MeetingRef, f: (termIndex: number, start: number, end: number) => void): void {
  const { start, end } = m.meeting.span;
  for (let i = lowerBound(file.mentionStart, start); i < file.mentionStart.length && file.mentionStart[i] < end; i++) {
    f(file.mentionTerm[i], file.mentionStart[i], file.mentionEnd[i]);
  }
}
