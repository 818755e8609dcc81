// The term × meeting frequency table, for export to spreadsheets, R or pandas; and the CSV forms
// of the study results. Counts are mentions as the hover counts them (all forms of a term).

import { CorpusIndex } from '../corpusIndex';
import { Concordance } from './concordance';
import { CsvCell, csvSteps } from './csv';
import { meetingInfo, MeetingFilter, MeetingInfo, meetingPasses, resolveQuerySteps } from './query';
import { runToEnd, Steps, STEP } from './slices';
import { per10k } from './trend';

export interface FrequencyTableOptions extends MeetingFilter {
  /** Queries for the rows; by default every glossary term (and formula part) mentioned at least once. */
  terms?: readonly string[];
  /** Add the candidate terms to the default rows. */
  includeCandidates?: boolean;
}

export interface FrequencyRow {
  term: string;
  /** 'glossary' | 'part' | 'candidate' for terms, 'string' or 'word' for other queries. */
  kind: string;
  category: string;
  total: number;
  /** Parallel to the table's meetings. */
  counts: number[];
}

export interface FrequencyTable {
  meetings: MeetingInfo[];
  rows: FrequencyRow[];
}

export function frequencyTable(index: CorpusIndex, options: FrequencyTableOptions = {}): FrequencyTable {
  return runToEnd(frequencyTableSteps(index, options));
}

/** `frequencyTable` in steps, a row (term) at a time. */
export function* frequencyTableSteps(index: CorpusIndex, options: FrequencyTableOptions = {}): Steps<FrequencyTable> {
  const chrono = index.meetingsChronological().filter((m) => meetingPasses(m, options));
  const column = new Map(chrono.map((m, i) => [m, i]));
  const table = index.terms();
  const queries = options.terms ?? table.terms.filter((t) => t.kind !== 'candidate' || options.includeCandidates).map((t) => t.key);
  const rows: FrequencyRow[] = [];
  for (const q of queries) {
    const r = yield* resolveQuerySteps(index, q);
    const counts = new Array<number>(chrono.length).fill(0);
    for (let i = 0; i < r.occurrences.length; i++) {
      const o = r.occurrences[i];
      const col = o.meeting ? column.get(o.meeting) : undefined;
      if (col !== undefined) counts[col]++;
      if (i % (16 * STEP) === 16 * STEP - 1) yield;
    }
    const total = counts.reduce((a, b) => a + b, 0);
    yield;
    if (!options.terms && total === 0) continue;
    const term = r.term ? table.get(r.term) : undefined;
    rows.push({ term: q, kind: term?.kind ?? r.matchedAs, category: term?.entry?.category ?? '', total, counts });
  }
  if (!options.terms) rows.sort((a, b) => b.total - a.total || a.term.localeCompare(b.term));
  return { meetings: chrono.map(meetingInfo), rows };
}

/** A column label for a meeting that stays unique when two meetings share a date. */
export function meetingLabel(m: MeetingInfo): string {
  return `${m.date ?? 'undated'} ${m.title}`;
}

/** Wide form: one row per term, one column per meeting (the shape of a spreadsheet). */
export function frequencyTableCsv(t: FrequencyTable): string {
  return runToEnd(frequencyTableCsvSteps(t));
}

export function frequencyTableCsvSteps(t: FrequencyTable): Steps<string> {
  const header: CsvCell[] = ['term', 'kind', 'category', 'total', ...t.meetings.map(meetingLabel)];
  return csvSteps([header, ...t.rows.map((r) => [r.term, r.kind, r.category, r.total, ...r.counts])]);
}

/** Long ("tidy") form: one row per term and meeting, the shape R and pandas prefer. */
export function frequencyTableLongCsv(t: FrequencyTable): string {
  return runToEnd(frequencyTableLongCsvSteps(t));
}

export function frequencyTableLongCsvSteps(t: FrequencyTable): Steps<string> {
  // Terms × meetings rows: made as they are written, not all held at once first.
  function* rows(): Generator<CsvCell[]> {
    yield ['term', 'kind', 'category', 'date', 'title', 'meeting_kind', 'uri', 'meeting_index', 'count', 'chars', 'per10k'];
    for (const r of t.rows) {
      for (let i = 0; i < t.meetings.length; i++) {
        const m = t.meetings[i];
        yield [r.term, r.kind, r.category, m.date, m.title, m.kind, m.uri, m.index, r.counts[i], m.chars, per10k(r.counts[i], m.chars)];
      }
    }
  }
  return csvSteps(rows());
}

export function concordanceCsv(c: Concordance, location?: (row: Concordance['rows'][number]) => { line: number; character: number }): string {
  return runToEnd(concordanceCsvSteps(c, location));
}

export function concordanceCsvSteps(c: Concordance, location?: (row: Concordance['rows'][number]) => { line: number; character: number }): Steps<string> {
  function* rows(): Generator<CsvCell[]> {
    yield ['date', 'title', 'meeting_kind', 'uri', 'meeting_index', 'line', 'character', 'left', 'hit', 'right', 'left_word', 'right_word'];
    for (const r of c.rows) {
      const at = location?.(r);
      yield [r.meeting?.date, r.meeting?.title, r.meeting?.kind, r.uri, r.meeting?.index, at ? at.line + 1 : '', at ? at.character + 1 : '', r.left, r.hit, r.right, r.leftWord, r.rightWord];
    }
  }
  return csvSteps(rows());
}
