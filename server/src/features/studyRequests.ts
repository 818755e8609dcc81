// Custom requests (corpusStudy/…) for the study views, other editors and scripts: candidates,
// meetings, outline, glossary overview, concordance, trend, distinctive terms, collocates and the
// CSV exports. The core computes in UTF-16 offsets; here they become LSP ranges.
// Parameters arrive as untrusted JSON: every field is checked and bad ones fall back to defaults.
// The computations that can take long on a large corpus run a slice at a time: requests behind
// them are answered in between, and a cancelled request stops at the next slice.

import { CancellationToken, Connection, Disposable, ErrorCodes, LSPErrorCodes, Range, ResponseError } from 'vscode-languageserver';
import { CorpusService, normalizeUri } from '../corpusService';
import { CorpusIndex } from '../core/corpusIndex';
import { Span } from '../core/model';
import { Concordance, ConcordanceOptions, ConcordanceRow, concordanceSteps } from '../core/study/concordance';
import { Trend, TrendSeries, trendSteps } from '../core/study/trend';
import { DistinctiveTerms, distinctiveTermSteps } from '../core/study/distinctive';
import { collocateSteps, Collocates } from '../core/study/collocates';
import { concordanceCsvSteps, frequencyTableCsvSteps, frequencyTableLongCsvSteps, FrequencyTable, frequencyTableSteps } from '../core/study/frequencyTable';
import { runInSlices, runToEnd, Steps, STEP } from '../core/study/slices';
import { corpusOutline, glossaryOverview, GlossaryCategory, OutlineMeeting, OutlineSection } from '../core/study/outline';
import { findMeeting, MeetingFilter, QueryMatch } from '../core/study/query';
import { Comparison, CompareItem, compareSteps } from '../core/study/compare';
import { toRange } from './lsp';
import { yieldToRequests } from '../yieldToRequests';

export interface CandidateRow {
  term: string;
  reasons: string[];
  /** Places the finder's shapes proposed it at. */
  count: number;
  /** Meetings (documents) with such a place. */
  meetings: number;
  /** Distinct months (or years) of those meetings. */
  periods: number;
  /** How term-like it is (candidateRanking.ts): the list is in this order. */
  score: number;
}

/** A page of the ranked candidate terms: `total` of them are terms of the table, of `found` forms proposed. */
export interface CandidatePage {
  items: CandidateRow[];
  total: number;
  found: number;
}

/** Candidate rows a page holds when the request does not say. */
const CANDIDATE_PAGE = 200;

/**
 * The ranked candidate terms: `{offset?, limit?}` gives a page; a call with no parameters (older
 * clients) every candidate term of the table, as a bare list. From the counts the index keeps: no
 * text is read.
 */
function candidatesResult(index: CorpusIndex, raw: unknown): CandidatePage | CandidateRow[] {
  const ranked = index.candidateTerms();
  const row = (c: (typeof ranked)[number]): CandidateRow => ({ term: c.term.key, reasons: c.reasons, count: c.count, meetings: c.meetings, periods: c.periods, score: Math.round(c.score * 1000) / 1000 });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || CancellationToken.is(raw)) return ranked.map(row);
  const p = obj(raw);
  const offset = Math.max(0, Math.floor(num(p.offset) ?? 0));
  const limit = Math.max(0, Math.floor(num(p.limit) ?? CANDIDATE_PAGE));
  return { items: ranked.slice(offset, offset + limit).map(row), total: ranked.length, found: index.candidatesFound() };
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
export type CompareItemResult = Omit<CompareItem, 'spans'> & { ranges: Range[] };
export type ComparisonResult = Omit<Comparison, 'items'> & { items: CompareItemResult[] };

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

/** `{name: value | value[]}`: each value a string, or a number or boolean as its string (`{year: 2020}`). */
function facetsOf(v: unknown): Record<string, string[]> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, string[]> = {};
  for (const [name, raw] of Object.entries(v as Params)) {
    const values = (Array.isArray(raw) ? raw : [raw]).filter((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean').map(String);
    if (values.length > 0) out[name] = values;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function filterOf(p: Params): MeetingFilter & { match?: QueryMatch } {
  const dateFrom = str(p.dateFrom);
  const dateTo = str(p.dateTo);
  return {
    kinds: strings(p.kinds ?? p.kind),
    dateFrom: dateFrom && DATE.test(dateFrom) ? dateFrom : undefined,
    dateTo: dateTo && DATE.test(dateTo) ? dateTo : undefined,
    facets: facetsOf(p.facets),
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
  return runToEnd(concordanceResultSteps(index, c));
}

function* concordanceResultSteps(index: CorpusIndex, c: Concordance): Steps<ConcordanceResult> {
  const rows: ConcordanceRowResult[] = [];
  for (let i = 0; i < c.rows.length; i++) {
    rows.push({ ...c.rows[i], range: rangeIn(index, c.rows[i].uri, c.rows[i]) });
    if (i % STEP === STEP - 1) yield;
  }
  return { ...c, rows };
}

function* trendResultSteps(index: CorpusIndex, t: Trend): Steps<TrendResult> {
  const series: TrendResult['series'] = [];
  for (const s of t.series) {
    const dispersion: TrendResult['series'][number]['dispersion'] = [];
    for (const hits of s.dispersion) {
      dispersion.push(hits.map((h) => ({ position: h.position, uri: h.uri, range: rangeIn(index, h.uri, h) })));
      yield;
    }
    series.push({ ...s, dispersion });
  }
  return { meetings: t.meetings, series };
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

// ---- slicing and cancellation ------------------------------------------------------------------

/**
 * Synchronous work per slice. A request that arrives behind a study computation waits at most
 * this long, plus the time to send an answer (a concordance of 18,000 rows is 9 MB of JSON).
 */
const SLICE_MS = 10;

const cancelledError = () => new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'Request cancelled');
const INDEX_CHANGED = new Error('index changed');

/**
 * Runs a study computation a slice at a time, with a few turns of the event loop in between: other
 * messages are read and answered, a cancellation among them. A request cancelled before it starts
 * is not computed at all. An index that changes between slices (an edit, new segmentation) makes
 * the computation start again, so that no answer mixes two states of the corpus; after two such
 * restarts it runs in one go.
 */
export async function computeInSlices<T>(index: CorpusIndex, token: CancellationToken, steps: () => Steps<T>, sliceMs = SLICE_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    if (token.isCancellationRequested) throw cancelledError();
    // Reading the index may first commit pending term-table work, which bumps the version: done
    // here, it cannot pass for a change between slices.
    index.meetingsChronological();
    const version = index.indexVersion;
    if (attempt >= 2) return runToEnd(steps());
    const pause = async () => {
      await yieldToRequests();
      if (token.isCancellationRequested) throw cancelledError();
      if (index.indexVersion !== version) throw INDEX_CHANGED;
    };
    try {
      return await runInSlices(steps(), pause, sliceMs);
    } catch (e) {
      if (e !== INDEX_CHANGED) throw e;
    }
  }
}

/**
 * The parameters and the token of a request. A request sent without parameters gets the token as
 * its only argument.
 */
function requestArgs(raw: unknown, token: CancellationToken | undefined): [Params, CancellationToken] {
  if (token === undefined && CancellationToken.is(raw)) return [{}, raw];
  return [obj(raw), token ?? CancellationToken.None];
}

// ---- registration ------------------------------------------------------------------------------

/** Longest wait for indexing before a study request answers with what there is. */
const READY_TIMEOUT_MS = 120000;

export function registerStudyRequests(connection: Connection, service: () => CorpusService): void {
  // Word-level views need the segmentation: wait for the first indexing run to end (bounded). A
  // request cancelled meanwhile stops waiting.
  const ready = async (token: CancellationToken): Promise<CorpusIndex> => {
    if (token.isCancellationRequested) throw cancelledError();
    let timer: NodeJS.Timeout | undefined;
    let subscription: Disposable | undefined;
    try {
      await Promise.race([
        service().whenReady(),
        new Promise((r) => (timer = setTimeout(r, READY_TIMEOUT_MS))),
        new Promise((r) => (subscription = token.onCancellationRequested(r))),
      ]);
    } finally {
      clearTimeout(timer);
      subscription?.dispose();
    }
    if (token.isCancellationRequested) throw cancelledError();
    return service().index;
  };

  connection.onRequest('corpusStudy/candidates', (raw: unknown): CandidatePage | CandidateRow[] => candidatesResult(service().index, raw));
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

  connection.onRequest('corpusStudy/concordance', async (raw: unknown, t?: CancellationToken): Promise<ConcordanceResult> => {
    const [p, token] = requestArgs(raw, t);
    const query = required(str(p.query), 'query');
    const index = await ready(token);
    const options = concordanceOptions(p);
    return computeInSlices(index, token, function* () {
      return yield* concordanceResultSteps(index, yield* concordanceSteps(index, query, options));
    });
  });

  connection.onRequest('corpusStudy/trend', async (raw: unknown, t?: CancellationToken): Promise<TrendResult> => {
    const [p, token] = requestArgs(raw, t);
    const terms = (strings(p.terms) ?? strings(p.term) ?? []).filter((t) => t.length > 0);
    if (terms.length === 0) throw new ResponseError(ErrorCodes.InvalidParams, 'Missing parameter: terms');
    const index = await ready(token);
    return computeInSlices(index, token, function* () {
      return yield* trendResultSteps(index, yield* trendSteps(index, terms.slice(0, 20), filterOf(p)));
    });
  });

  connection.onRequest('corpusStudy/distinctiveTerms', async (raw: unknown, t?: CancellationToken): Promise<DistinctiveTerms | null> => {
    const [p, token] = requestArgs(raw, t);
    const uri = normalizeUri(required(str(p.uri), 'uri'));
    const index = await ready(token);
    const options = {
      ...filterOf(p),
      minFrequency: num(p.minFrequency),
      minG2: num(p.minG2),
      sort: oneOf(p.sort, ['g2', 'logRatio'] as const),
      limit: num(p.limit),
    };
    const found = await computeInSlices(index, token, () => distinctiveTermSteps(index, uri, Math.floor(num(p.meeting) ?? 0), options));
    return found ?? null;
  });

  connection.onRequest('corpusStudy/compare', async (raw: unknown, t?: CancellationToken): Promise<ComparisonResult | null> => {
    const [p, token] = requestArgs(raw, t);
    const uri = normalizeUri(required(str(p.uri), 'uri'));
    const index = await ready(token);
    const against = obj(p.against);
    const againstUri = str(against.uri);
    return computeInSlices(index, token, function* (): Steps<ComparisonResult | null> {
      const target = findMeeting(index, uri, Math.floor(num(p.meeting) ?? 0));
      if (!target) return null;
      const other = againstUri ? findMeeting(index, normalizeUri(againstUri), Math.floor(num(against.meeting) ?? 0)) : undefined;
      if (againstUri && !other) throw new ResponseError(ErrorCodes.InvalidParams, 'No such document to compare with');
      const c = yield* compareSteps(index, target, other);
      return { ...c, items: c.items.map(({ spans, ...i }) => ({ ...i, ranges: spans.map((s) => rangeIn(index, i.uri, s)) })) };
    });
  });

  connection.onRequest('corpusStudy/collocates', async (raw: unknown, t?: CancellationToken): Promise<Collocates> => {
    const [p, token] = requestArgs(raw, t);
    const term = required(str(p.term) ?? str(p.query), 'term');
    const index = await ready(token);
    const options = {
      ...filterOf(p),
      window: num(p.window),
      minFrequency: num(p.minFrequency),
      sort: oneOf(p.sort, ['freq', 'mi', 'g2', 'logDice'] as const),
      limit: num(p.limit),
      includeStopwords: bool(p.includeStopwords),
    };
    return computeInSlices(index, token, () => collocateSteps(index, term, options));
  });

  connection.onRequest('corpusStudy/frequencyTable', async (raw: unknown, t?: CancellationToken): Promise<FrequencyTable & { csv?: string }> => {
    const [p, token] = requestArgs(raw, t);
    const index = await ready(token);
    const format = oneOf(p.format, ['json', 'csv', 'csv-long'] as const) ?? 'json';
    const options = { ...filterOf(p), terms: strings(p.terms), includeCandidates: bool(p.includeCandidates) };
    return computeInSlices(index, token, function* (): Steps<FrequencyTable & { csv?: string }> {
      const table = yield* frequencyTableSteps(index, options);
      if (format === 'json') return table;
      return { ...table, csv: yield* (format === 'csv' ? frequencyTableCsvSteps(table) : frequencyTableLongCsvSteps(table)) };
    });
  });

  connection.onRequest('corpusStudy/concordanceCsv', async (raw: unknown, t?: CancellationToken): Promise<{ csv: string; rows: number }> => {
    const [p, token] = requestArgs(raw, t);
    const query = required(str(p.query), 'query');
    const index = await ready(token);
    const options = concordanceOptions(p);
    return computeInSlices(index, token, function* () {
      const c = yield* concordanceSteps(index, query, options);
      return { csv: yield* concordanceCsvSteps(c, (r) => rangeIn(index, r.uri, r).start), rows: c.rows.length };
    });
  });
}
