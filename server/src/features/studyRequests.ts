// Custom requests (corpusStudy/…) for the study views, other editors and scripts: candidates,
// meetings, outline, glossary overview, concordance, trend, distinctive terms, collocates and the
// CSV exports. The core computes in UTF-16 offsets; here they become LSP ranges.
// Parameters arrive as untrusted JSON: every field is checked and bad ones fall back to defaults.

import { Connection, Range, ResponseError, ErrorCodes } from 'vscode-languageserver';
import { CorpusService, normalizeUri } from '../corpusService';
import { CorpusIndex } from '../core/corpusIndex';
import { Span } from '../core/model';
import { concordance, Concordance, ConcordanceOptions, ConcordanceRow } from '../core/study/concordance';
import { trend, Trend, TrendSeries } from '../core/study/trend';
import { distinctiveTerms, DistinctiveTerms } from '../core/study/distinctive';
import { collocates, Collocates } from '../core/study/collocates';
import { concordanceCsv, frequencyTable, frequencyTableCsv, frequencyTableLongCsv, FrequencyTable } from '../core/study/frequencyTable';
import { corpusOutline, glossaryOverview, GlossaryCategory, OutlineMeeting, OutlineSection } from '../core/study/outline';
import { MeetingFilter, QueryMatch } from '../core/study/query';
import { toRange } from './lsp';

export interface CandidateRow {
  term: string;
  reasons: string[];
  count: number;
  meetings: number;
}

export interface MeetingRow {
  uri: string;
  indexInFile: number;
  title: string;
  date: string | null;
  dateSource: string;
  kind: string;
  line: number;
}

export type ConcordanceRowResult = ConcordanceRow & { range: Range };
export type ConcordanceResult = Omit<Concordance, 'rows'> & { rows: ConcordanceRowResult[] };
export type TrendResult = Omit<Trend, 'series'> & {
  series: (Omit<TrendSeries, 'dispersion'> & { dispersion: { position: number; uri: string; range: Range }[][] })[];
};
export type OutlineSectionResult = Omit<OutlineSection, 'nameSpan' | 'children'> & { range: Range; children: OutlineSectionResult[] };
export type OutlineMeetingResult = Omit<OutlineMeeting, 'titleSpan' | 'sections'> & { range: Range; sections: OutlineSectionResult[] };

// ---- parameter checking ------------------------------------------------------------------------

type Params = Record<string, unknown>;
const obj = (p: unknown): Params => (p && typeof p === 'object' && !Array.isArray(p) ? (p as Params) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : undefined);
function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T | undefined {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

function filterOf(p: Params): MeetingFilter & { match?: QueryMatch } {
  const dateFrom = str(p.dateFrom);
  const dateTo = str(p.dateTo);
  return {
    kinds: strings(p.kinds ?? p.kind),
    dateFrom: dateFrom && DATE.test(dateFrom) ? dateFrom : undefined,
    dateTo: dateTo && DATE.test(dateTo) ? dateTo : undefined,
    match: oneOf(p.match, ['auto', 'string', 'word'] as const),
  };
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new ResponseError(ErrorCodes.InvalidParams, `Missing parameter: ${name}`);
  return value;
}

// ---- conversions -------------------------------------------------------------------------------

function rangeIn(index: CorpusIndex, uri: string, span: Span): Range {
  const file = index.file(uri);
  return file ? toRange(file.lines, span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

export function concordanceResult(index: CorpusIndex, c: Concordance): ConcordanceResult {
  return { ...c, rows: c.rows.map((r) => ({ ...r, range: rangeIn(index, r.uri, r) })) };
}

function trendResult(index: CorpusIndex, t: Trend): TrendResult {
  return {
    meetings: t.meetings,
    series: t.series.map((s) => ({ ...s, dispersion: s.dispersion.map((hits) => hits.map((h) => ({ position: h.position, uri: h.uri, range: rangeIn(index, h.uri, h) }))) })),
  };
}

function outlineResult(index: CorpusIndex): OutlineMeetingResult[] {
  return corpusOutline(index).map(({ titleSpan, sections, ...m }) => {
    const section = ({ nameSpan, children, ...s }: OutlineSection): OutlineSectionResult => ({ ...s, range: rangeIn(index, m.uri, nameSpan), children: children.map(section) });
    return { ...m, range: rangeIn(index, m.uri, titleSpan), sections: sections.map(section) };
  });
}

/** Concordance options from request parameters. */
export function concordanceOptions(p: Params): ConcordanceOptions {
  return {
    ...filterOf(p),
    sort: oneOf(p.sort, ['date', 'left', 'right'] as const),
    width: num(p.width),
    offset: num(p.offset),
    limit: num(p.limit),
  };
}

// ---- registration ------------------------------------------------------------------------------

/** Longest wait for indexing before a study request answers with what there is. */
const READY_TIMEOUT_MS = 120000;

export function registerStudyRequests(connection: Connection, service: () => CorpusService): void {
  // Word-level views need the segmentation: wait for the first indexing run to end (bounded).
  const ready = async (): Promise<CorpusIndex> => {
    await Promise.race([service().whenReady(), new Promise((r) => setTimeout(r, READY_TIMEOUT_MS).unref())]);
    return service().index;
  };

  connection.onRequest('corpusStudy/candidates', (): CandidateRow[] =>
    service()
      .index.candidateTerms()
      .map((c) => ({ term: c.term.key, reasons: c.term.reasons, count: c.count, meetings: c.meetings })),
  );
  connection.onRequest('corpusStudy/meetings', (): MeetingRow[] => {
    const index = service().index;
    return index.meetingsChronological().map((m) => ({
      uri: m.uri,
      indexInFile: m.indexInFile,
      title: m.meeting.title,
      date: m.meeting.date.iso,
      dateSource: m.meeting.date.source,
      kind: m.meeting.kind,
      line: index.file(m.uri)?.lines.lineOf(m.meeting.titleSpan.start) ?? 0,
    }));
  });

  connection.onRequest('corpusStudy/outline', (): OutlineMeetingResult[] => outlineResult(service().index));
  connection.onRequest('corpusStudy/glossaryTerms', (): GlossaryCategory[] => glossaryOverview(service().index));

  connection.onRequest('corpusStudy/concordance', async (raw: unknown): Promise<ConcordanceResult> => {
    const p = obj(raw);
    const query = required(str(p.query), 'query');
    const index = await ready();
    return concordanceResult(index, concordance(index, query, concordanceOptions(p)));
  });

  connection.onRequest('corpusStudy/trend', async (raw: unknown): Promise<TrendResult> => {
    const p = obj(raw);
    const terms = (strings(p.terms) ?? strings(p.term) ?? []).filter((t) => t.length > 0);
    if (terms.length === 0) throw new ResponseError(ErrorCodes.InvalidParams, 'Missing parameter: terms');
    const index = await ready();
    return trendResult(index, trend(index, terms.slice(0, 20), filterOf(p)));
  });

  connection.onRequest('corpusStudy/distinctiveTerms', async (raw: unknown): Promise<DistinctiveTerms | null> => {
    const p = obj(raw);
    const uri = normalizeUri(required(str(p.uri), 'uri'));
    const index = await ready();
    return (
      distinctiveTerms(index, uri, Math.floor(num(p.meeting) ?? 0), {
        minFrequency: num(p.minFrequency),
        minG2: num(p.minG2),
        sort: oneOf(p.sort, ['g2', 'logRatio'] as const),
        limit: num(p.limit),
      }) ?? null
    );
  });

  connection.onRequest('corpusStudy/collocates', async (raw: unknown): Promise<Collocates> => {
    const p = obj(raw);
    const term = required(str(p.term) ?? str(p.query), 'term');
    const index = await ready();
    return collocates(index, term, {
      ...filterOf(p),
      window: num(p.window),
      minFrequency: num(p.minFrequency),
      sort: oneOf(p.sort, ['freq', 'mi', 'g2', 'logDice'] as const),
      limit: num(p.limit),
      includeStopwords: bool(p.includeStopwords),
    });
  });

  connection.onRequest('corpusStudy/frequencyTable', async (raw: unknown): Promise<FrequencyTable & { csv?: string }> => {
    const p = obj(raw);
    const index = await ready();
    const table = frequencyTable(index, { ...filterOf(p), terms: strings(p.terms), includeCandidates: bool(p.includeCandidates) });
    const format = oneOf(p.format, ['json', 'csv', 'csv-long'] as const) ?? 'json';
    if (format === 'json') return table;
    return { ...table, csv: format === 'csv' ? frequencyTableCsv(table) : frequencyTableLongCsv(table) };
  });

  connection.onRequest('corpusStudy/concordanceCsv', async (raw: unknown): Promise<{ csv: string; rows: number }> => {
    const p = obj(raw);
    const query = required(str(p.query), 'query');
    const index = await ready();
    const c = concordance(index, query, concordanceOptions(p));
    return { csv: concordanceCsv(c, (r) => rangeIn(index, r.uri, r).start), rows: c.rows.length };
  });
}
