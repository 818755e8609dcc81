// Distinctive terms of a meeting: the words and glossary terms most over-represented in it against
// the rest of the corpus. G² says how sure we are; log ratio says how big the difference is.
// Only over-representation counts (a word a meeting avoids is not what it is about).

import { CorpusIndex, MeetingRef } from '../corpusIndex';
import { corpusFrequencySteps, MeetingFrequencies } from './frequencies';
import { keyness, round } from './measures';
import { filters, findMeeting, MeetingFilter, meetingInfo, MeetingInfo, meetingPasses } from './query';
import { runToEnd, Steps, STEP } from './slices';

/** A filter (kinds, dates, facets) narrows the rest of the corpus the meeting is compared with. */
export interface DistinctiveOptions extends MeetingFilter {
  /** Least count in the meeting (default 3). */
  minFrequency?: number;
  /** Least G² (default 3.84, p < 0.05). */
  minG2?: number;
  /** Rank by significance (default) or by effect size. */
  sort?: 'g2' | 'logRatio';
  /** Rows returned (default 50). */
  limit?: number;
}

export interface DistinctiveItem {
  text: string;
  /** 'term' for glossary terms (and parts of numbered formulas), counted through all their forms. */
  kind: 'term' | 'word';
  category?: string;
  /** Count in the meeting, and in the rest of the corpus. */
  count: number;
  rest: number;
  /** Per 10,000 word tokens, in the meeting and in the rest. */
  rate: number;
  restRate: number;
  g2: number;
  logRatio: number;
}

export interface DistinctiveTerms {
  meeting: MeetingInfo;
  /** Word tokens in the meeting and in the rest of the corpus. */
  tokens: number;
  restTokens: number;
  /** False while segmentation is still running: results may change. */
  complete: boolean;
  items: DistinctiveItem[];
}

export function distinctiveTerms(index: CorpusIndex, uri: string, meetingIndex: number, options: DistinctiveOptions = {}): DistinctiveTerms | undefined {
  return runToEnd(distinctiveTermSteps(index, uri, meetingIndex, options));
}

/** `distinctiveTerms` in steps: the corpus frequencies (built once per index version) take them. */
export function* distinctiveTermSteps(index: CorpusIndex, uri: string, meetingIndex: number, options: DistinctiveOptions = {}): Steps<DistinctiveTerms | undefined> {
  const ref = findMeeting(index, uri, meetingIndex);
  if (!ref) return undefined;
  const freq = yield* corpusFrequencySteps(index);
  const mf = freq.meetings[ref.rank];
  const minFrequency = options.minFrequency ?? 3;
  const minG2 = options.minG2 ?? 3.84;
  const c = mf.tokens;
  // Against the meetings the filter keeps, when there is one (this meeting left out either way).
  const rest = filters(options) ? yield* filteredRest(index.meetingsChronological(), freq.meetings, ref.rank, options) : undefined;
  const d = rest ? rest.tokens : freq.tokens - c;
  const items: DistinctiveItem[] = [];
  if (c > 0 && d > 0) {
    for (const [text, a] of mf.counts) {
      if (a < minFrequency) continue;
      const b = rest ? (rest.totals.get(text) ?? 0) : (freq.totals.get(text) ?? a) - a;
      if (a / c <= b / d) continue;
      const k = keyness(a, b, c, d);
      if (k.g2 < minG2) continue;
      const category = freq.termCategory.get(text);
      items.push({
        text,
        kind: category ? 'term' : 'word',
        category,
        count: a,
        rest: b,
        rate: round((a / c) * 10000, 2),
        restRate: round((b / d) * 10000, 2),
        g2: round(k.g2),
        logRatio: round(k.logRatio),
      });
    }
  }
  const bySig = (x: DistinctiveItem, y: DistinctiveItem) => y.g2 - x.g2 || y.logRatio - x.logRatio || x.text.localeCompare(y.text);
  const byEffect = (x: DistinctiveItem, y: DistinctiveItem) => y.logRatio - x.logRatio || y.g2 - x.g2 || x.text.localeCompare(y.text);
  items.sort(options.sort === 'logRatio' ? byEffect : bySig);
  return {
    meeting: meetingInfo(ref),
    tokens: c,
    restTokens: d,
    complete: freq.complete,
    items: items.slice(0, Math.max(0, options.limit ?? 50)),
  };
}

/** Counts and tokens of the meetings that pass `filter`, but the one at `rank`. */
function* filteredRest(chrono: readonly MeetingRef[], meetings: readonly MeetingFrequencies[], rank: number, filter: MeetingFilter): Steps<{ totals: Map<string, number>; tokens: number }> {
  const totals = new Map<string, number>();
  let tokens = 0;
  for (let i = 0; i < meetings.length; i++) {
    if (i === rank || !meetingPasses(chrono[i], filter)) continue;
    tokens += meetings[i].tokens;
    for (const [k, n] of meetings[i].counts) totals.set(k, (totals.get(k) ?? 0) + n);
    if (i % STEP === STEP - 1) yield;
  }
  return { totals, tokens };
}
