// Concordance (KWIC): every hit of a query with its left and right context, aligned on the hit.
// Sorting by the word to the left or right uses segmented words, not characters: the first
// key is the neighbouring token, then the rest of the context outward from the hit.

import { CorpusIndex, IndexedFile, Occurrence } from '../corpusIndex';
import { firstAtLeast } from '../positions';
import { meetingInfo, MeetingFilter, MeetingInfo, meetingPasses, QueryMatch, resolveQuerySteps } from './query';
import { runToEnd, sortedIndexes, Steps, STEP } from './slices';

export type ConcordanceSort = 'date' | 'left' | 'right';

export interface ConcordanceOptions extends MeetingFilter {
  match?: QueryMatch;
  sort?: ConcordanceSort;
  /** Characters of context on each side (default 30). Context never crosses the meeting's bounds. */
  width?: number;
  /** Paging over the sorted, filtered rows. */
  offset?: number;
  limit?: number;
}

export interface ConcordanceRow {
  uri: string;
  /** UTF-16 offsets of the hit in the file's text. */
  start: number;
  end: number;
  /** Context with line breaks shown as spaces. */
  left: string;
  hit: string;
  right: string;
  /** The segmented word just before and just after the hit ('' when there is none or the file is not segmented). */
  leftWord: string;
  rightWord: string;
  meeting: MeetingInfo | null;
}

export interface Concordance {
  query: string;
  matchedAs: 'term' | 'string' | 'word';
  term?: string;
  /** Rows after filtering, before paging. */
  total: number;
  /** Hits before filtering. */
  unfiltered: number;
  offset: number;
  rows: ConcordanceRow[];
}

const DEFAULT_WIDTH = 30;
// Made on first sort: creating a collator loads ICU's collation data (5-6 ms), which a start need not wait for.
let zhCollator: Intl.Collator | undefined;
const zh = () => (zhCollator ??= new Intl.Collator('zh'));
const flat = (s: string) => s.replace(/\r\n|\r|\n/g, ' ');

export function concordance(index: CorpusIndex, query: string, options: ConcordanceOptions = {}): Concordance {
  return runToEnd(concordanceSteps(index, query, options));
}

export function* concordanceSteps(index: CorpusIndex, query: string, options: ConcordanceOptions = {}): Steps<Concordance> {
  const resolved = yield* resolveQuerySteps(index, query, options.match);
  const width = Math.max(0, Math.min(500, options.width ?? DEFAULT_WIDTH));
  const kept = resolved.occurrences.filter((o) => meetingPasses(o.meeting, options));
  const files = new Map<string, IndexedFile | undefined>();
  const fileOf = (uri: string) => (files.has(uri) ? files.get(uri) : (files.set(uri, index.file(uri)), files.get(uri)));
  const sort = options.sort ?? 'date';
  const offset = Math.max(0, options.offset ?? 0);
  const limit = options.limit === undefined ? kept.length : Math.max(0, options.limit);
  // In date order the hits already are the rows' order: only the page needs its context cut out.
  const page = sort === 'date';
  const source = page ? kept.slice(offset, offset + limit) : kept;
  let rows: ConcordanceRow[] = [];
  for (let i = 0; i < source.length; i++) {
    rows.push(concordanceRow(fileOf(source[i].uri)!, source[i], width));
    if (i % STEP === STEP - 1) yield;
  }
  if (sort === 'left') {
    const collator = zh();
    const key: string[] = [];
    for (let i = 0; i < rows.length; i++) {
      key.push([...rows[i].left].reverse().join(''));
      if (i % STEP === STEP - 1) yield;
    }
    rows = yield* order(rows, (a, b) => collator.compare(rows[a].leftWord, rows[b].leftWord) || collator.compare(key[a], key[b]));
  } else if (sort === 'right') {
    const collator = zh();
    rows = yield* order(rows, (a, b) => collator.compare(rows[a].rightWord, rows[b].rightWord) || collator.compare(rows[a].right, rows[b].right));
  }
  return {
    query,
    matchedAs: resolved.matchedAs,
    term: resolved.term,
    total: kept.length,
    unfiltered: resolved.occurrences.length,
    offset,
    rows: page ? rows : rows.slice(offset, offset + limit),
  };
}

/** A stable sort of rows by index comparison (ties keep the chronological order). */
function* order<T>(rows: T[], compare: (a: number, b: number) => number): Steps<T[]> {
  const sorted = yield* sortedIndexes(rows.length, compare);
  return sorted.map((i) => rows[i]);
}

export function concordanceRow(file: IndexedFile, o: Occurrence, width: number): ConcordanceRow {
  const from = o.meeting ? o.meeting.meeting.span.start : 0;
  const to = o.meeting ? o.meeting.meeting.span.end : file.text.length;
  const text = file.text;
  const neighbours = neighbourWords(file, o.start, o.end);
  return {
    uri: o.uri,
    start: o.start,
    end: o.end,
    left: flat(text.slice(Math.max(from, o.start - width), o.start)),
    hit: flat(text.slice(o.start, o.end)),
    right: flat(text.slice(o.end, Math.min(to, o.end + width))),
    leftWord: neighbours.left,
    rightWord: neighbours.right,
    meeting: o.meeting ? meetingInfo(o.meeting) : null,
  };
}

/**
 * The words just outside [start, end). When the hit sits inside a longer token (联防联控 inside
 * 国务院联防联控机制), the neighbour is the part of that token outside the hit (国务院, 机制):
 * that is the word a reader sees next to the hit.
 */
function neighbourWords(file: IndexedFile, start: number, end: number): { left: string; right: string } {
  const t = file.tokens;
  if (!t) return { left: '', right: '' };
  const text = file.text;
  // Tokens are sorted and do not overlap: the last one starting before the hit is its left neighbour (or holds it).
  const li = firstAtLeast(t.starts, start) - 1;
  const ri = firstAtLeast(t.ends, end + 1);
  return {
    left: li >= 0 ? text.slice(t.starts[li], Math.min(t.ends[li], start)) : '',
    right: ri < t.starts.length ? text.slice(Math.max(t.starts[ri], end), t.ends[ri]) : '',
  };
}
