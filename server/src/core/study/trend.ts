// Trends: mentions per meeting in date order, raw and per 10,000 characters, for one or
// several queries; and dispersion: where inside each meeting the hits fall.

import { CorpusIndex } from '../corpusIndex';
import { meetingInfo, MeetingFilter, MeetingInfo, meetingPasses, QueryMatch, resolveQuerySteps } from './query';
import { runToEnd, Steps, STEP } from './slices';

export interface TrendOptions extends MeetingFilter {
  match?: QueryMatch;
}

export interface DispersionHit {
  uri: string;
  start: number;
  end: number;
  /** Position of the hit's start in its meeting, from 0 (the title) to 1 (the last character). */
  position: number;
}

export interface TrendSeries {
  query: string;
  matchedAs: 'term' | 'string' | 'word';
  term?: string;
  /** Parallel to `meetings`. */
  counts: number[];
  per10k: number[];
  total: number;
  /** Parallel to `meetings`: the hits in each meeting, in text order. */
  dispersion: DispersionHit[][];
}

export interface Trend {
  /** The meetings that pass the filter, in chronological order. */
  meetings: MeetingInfo[];
  series: TrendSeries[];
}

export function trend(index: CorpusIndex, queries: readonly string[], options: TrendOptions = {}): Trend {
  return runToEnd(trendSteps(index, queries, options));
}

export function* trendSteps(index: CorpusIndex, queries: readonly string[], options: TrendOptions = {}): Steps<Trend> {
  const chrono = index.meetingsChronological().filter((m) => meetingPasses(m, options));
  const column = new Map(chrono.map((m, i) => [m, i]));
  const meetings = chrono.map(meetingInfo);
  const series: TrendSeries[] = [];
  for (const q of queries) {
    const r = yield* resolveQuerySteps(index, q, options.match);
    const counts = new Array<number>(chrono.length).fill(0);
    const dispersion: DispersionHit[][] = chrono.map(() => []);
    for (let i = 0; i < r.occurrences.length; i++) {
      if (i % STEP === STEP - 1) yield;
      const o = r.occurrences[i];
      const col = o.meeting ? column.get(o.meeting) : undefined;
      if (col === undefined) continue;
      counts[col]++;
      const span = o.meeting!.meeting.span;
      const length = Math.max(1, span.end - span.start);
      dispersion[col].push({ uri: o.uri, start: o.start, end: o.end, position: (o.start - span.start) / length });
    }
    series.push({
      query: q,
      matchedAs: r.matchedAs,
      term: r.term,
      counts,
      per10k: counts.map((n, i) => per10k(n, chrono[i].chars)),
      total: counts.reduce((a, b) => a + b, 0),
      dispersion,
    });
    yield;
  }
  return { meetings, series };
}

/** Rate per 10,000 characters, rounded to 3 decimals so that exports stay readable. */
export function per10k(count: number, chars: number): number {
  return chars > 0 ? Math.round((count / chars) * 10000 * 1000) / 1000 : 0;
}
