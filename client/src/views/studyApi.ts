// The study requests as the client calls them. Result types come from the server's feature module
// (type-only imports: nothing of the server is bundled into the client).

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { ConcordanceResult, TrendResult, MeetingRow, CandidateRow, CandidatePage, OutlineMeetingResult, ComparisonResult } from '../../../server/src/features/studyRequests';
import type { Collocates } from '../../../server/src/core/study/collocates';
import type { DistinctiveTerms } from '../../../server/src/core/study/distinctive';
import type { GlossaryCategory } from '../../../server/src/core/study/outline';

export type { ConcordanceResult, TrendResult, MeetingRow, CandidateRow, CandidatePage, OutlineMeetingResult, Collocates, DistinctiveTerms, GlossaryCategory, ComparisonResult };

/** Candidate terms a page of the sidebar or the quick pick shows; more on demand. */
export const CANDIDATE_PAGE = 100;

export interface ConcordanceQuery {
  query: string;
  sort: 'date' | 'left' | 'right';
  kinds: string[];
  dateFrom: string;
  dateTo: string;
  /** Collocation window, words each side. */
  window: number;
}

/** Rows a concordance view shows at once; the CSV export has them all. */
export const VIEW_ROW_LIMIT = 2000;

export class StudyApi {
  constructor(private readonly client: () => LanguageClient | undefined) {}

  private request<R>(method: string, params: unknown = {}): Promise<R> {
    const c = this.client();
    if (!c) return Promise.reject(new Error(vscode.l10n.t('The Corpus Study language server is not running.')));
    return c.sendRequest<R>(method, params);
  }

  private static filter(q: ConcordanceQuery) {
    return { kinds: q.kinds, dateFrom: q.dateFrom || undefined, dateTo: q.dateTo || undefined };
  }

  concordance(q: ConcordanceQuery, limit?: number): Promise<ConcordanceResult> {
    return this.request('corpusStudy/concordance', { query: q.query, sort: q.sort, ...StudyApi.filter(q), limit });
  }
  concordanceCsv(q: ConcordanceQuery): Promise<{ csv: string; rows: number }> {
    return this.request('corpusStudy/concordanceCsv', { query: q.query, sort: q.sort, ...StudyApi.filter(q) });
  }
  collocates(q: ConcordanceQuery): Promise<Collocates> {
    return this.request('corpusStudy/collocates', { term: q.query, window: q.window, ...StudyApi.filter(q), limit: 200 });
  }
  trend(terms: string[]): Promise<TrendResult> {
    return this.request('corpusStudy/trend', { terms });
  }
  distinctiveTerms(uri: string, meeting: number, minFrequency?: number): Promise<DistinctiveTerms | null> {
    return this.request('corpusStudy/distinctiveTerms', { uri, meeting, minFrequency, limit: 200 });
  }
  compare(uri: string, meeting: number, against?: { uri: string; meeting: number }): Promise<ComparisonResult | null> {
    return this.request('corpusStudy/compare', { uri, meeting, against });
  }
  frequencyTableCsv(long: boolean): Promise<{ csv: string }> {
    return this.request('corpusStudy/frequencyTable', { format: long ? 'csv-long' : 'csv' });
  }
  meetings(): Promise<MeetingRow[]> {
    return this.request('corpusStudy/meetings');
  }
  outline(): Promise<OutlineMeetingResult[]> {
    return this.request('corpusStudy/outline');
  }
  glossaryTerms(): Promise<GlossaryCategory[]> {
    return this.request('corpusStudy/glossaryTerms');
  }
  /** A page of the ranked candidate terms, best first. */
  candidates(offset = 0, limit = CANDIDATE_PAGE): Promise<CandidatePage> {
    return this.request('corpusStudy/candidates', { offset, limit });
  }
}
