// What a study query means, in one place: a term key stands for every mention of the term (all
// its forms, inside longer terms too); a segmented word for its tokens; anything else for its
// plain string occurrences. Every view (concordance, trend, collocates) resolves queries here.

import { firstAtLeast } from '../positions';
import { CorpusIndex, IndexedFile, MeetingRef, Occurrence } from '../corpusIndex';
import { MeetingKind } from '../model';
import { runToEnd, Steps } from './slices';

export type QueryMatch =
  /** A term key if there is one, else the plain string. */
  | 'auto'
  /** Always the plain string (no term resolution). */
  | 'string'
  /** The segmented word: only whole tokens equal to the query. */
  | 'word';

export interface ResolvedQuery {
  query: string;
  /** How the query was matched in the end. */
  matchedAs: 'term' | 'string' | 'word';
  /** The term key, when the query named a term. */
  term?: string;
  /** The surface forms that count as a hit. */
  forms: string[];
  /** In chronological order (meeting date, then file, then offset). */
  occurrences: Occurrence[];
}

export function resolveQuery(index: CorpusIndex, query: string, match: QueryMatch = 'auto'): ResolvedQuery {
  return runToEnd(resolveQuerySteps(index, query, match));
}

/** `resolveQuery` in steps: a plain string is searched a file at a time. */
export function* resolveQuerySteps(index: CorpusIndex, query: string, match: QueryMatch = 'auto'): Steps<ResolvedQuery> {
  if (match === 'auto') {
    const term = index.term(query);
    if (term) return { query, matchedAs: 'term', term: term.key, forms: term.forms, occurrences: index.mentionsOf(term) };
  }
  if (match === 'word') return { query, matchedAs: 'word', forms: [query], occurrences: index.occurrencesOfWord(query) };
  return { query, matchedAs: 'string', forms: [query], occurrences: yield* stringOccurrenceSteps(index, query) };
}

/** Non-overlapping occurrences of a plain string, like a search in the editor would find them. */
export function stringOccurrences(index: CorpusIndex, needle: string): Occurrence[] {
  return runToEnd(stringOccurrenceSteps(index, needle));
}

function* stringOccurrenceSteps(index: CorpusIndex, needle: string): Steps<Occurrence[]> {
  if (needle.length === 0) return [];
  index.meetingsChronological(); // brings meetingAt() up to date
  // Hits of one meeting in one file are already in order: sorting these runs, not every hit, gives
  // the chronological order (a frequent string has hundreds of thousands of hits, but few runs).
  const NONE = Number.MAX_SAFE_INTEGER;
  const runs: { rank: number; uri: string; start: number; hits: Occurrence[] }[] = [];
  for (const f of index.allFiles()) {
    let run: Occurrence[] | undefined;
    let runMeeting: MeetingRef | undefined;
    for (let i = f.text.indexOf(needle); i >= 0; i = f.text.indexOf(needle, i + needle.length)) {
      const meeting = f.meetingAt(i);
      if (!run || meeting !== runMeeting) {
        run = [];
        runMeeting = meeting;
        runs.push({ rank: meeting?.rank ?? NONE, uri: f.uri, start: i, hits: run });
      }
      run.push({ uri: f.uri, start: i, end: i + needle.length, meeting });
    }
    yield;
  }
  runs.sort((a, b) => a.rank - b.rank || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.start - b.start));
  const out: Occurrence[] = [];
  for (const r of runs) for (const o of r.hits) out.push(o);
  return out;
}

/** A meeting as the views show it: plain data, no spans. */
export interface MeetingInfo {
  uri: string;
  /** Index of the meeting in its file, from 0. */
  index: number;
  /** Position in chronological order, from 0. */
  rank: number;
  date: string | null;
  title: string;
  kind: MeetingKind;
  chars: number;
}

export function meetingInfo(m: MeetingRef): MeetingInfo {
  return { uri: m.uri, index: m.indexInFile, rank: m.rank, date: m.meeting.date.iso, title: m.meeting.title, kind: m.meeting.kind, chars: m.chars };
}

export interface MeetingFilter {
  /** Meeting kinds to keep (any of them); empty or absent keeps all. */
  kinds?: readonly string[];
  /** Inclusive ISO date bounds; a prefix (`2020-02`) works as a bound too. Undated meetings fail any date bound. */
  dateFrom?: string;
  dateTo?: string;
  /**
   * Facets to keep (a dataset record's fields): every name given must have one of its values.
   * A document without that facet fails it; a name with no values keeps all.
   */
  facets?: Readonly<Record<string, readonly string[]>>;
}

/** Whether the filter leaves anything out. */
export function filters(filter: MeetingFilter): boolean {
  return meetingPasses(undefined, filter) === false;
}

export function meetingPasses(m: MeetingRef | undefined, filter: MeetingFilter): boolean {
  const { kinds, dateFrom, dateTo, facets } = filter;
  const facetNames = facets ? Object.keys(facets).filter((k) => facets[k].length > 0) : [];
  if (!m) return !(kinds?.length || dateFrom || dateTo || facetNames.length);
  if (kinds && kinds.length > 0 && !kinds.includes(m.meeting.kind)) return false;
  for (const name of facetNames) {
    const value = m.meeting.facets?.[name];
    if (value === undefined || !facets![name].includes(value)) return false;
  }
  const iso = m.meeting.date.iso;
  if (dateFrom && (!iso || iso < dateFrom)) return false;
  // A bound such as 2020-02 covers the whole month: compare on the bound's own length.
  if (dateTo && (!iso || iso.slice(0, dateTo.length) > dateTo)) return false;
  return true;
}

/** Token indexes [from, to) of the word tokens that lie inside [start, end). */
export function tokenRange(file: IndexedFile, start: number, end: number): [number, number] {
  const t = file.tokens;
  if (!t) return [0, 0];
  const from = firstAtLeast(t.starts, start);
  let to = firstAtLeast(t.starts, end);
  while (to > from && t.ends[to - 1] > end) to--;
  return [from, to];
}

/** The meeting with `index` in file `uri`. */
export function findMeeting(index: CorpusIndex, uri: string, meetingIndex: number): MeetingRef | undefined {
  index.meetingsChronological();
  return index.file(uri)?.meetings[meetingIndex];
}
