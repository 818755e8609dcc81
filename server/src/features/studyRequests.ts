// Custom requests (corpusStudy/…) for views and other editors: candidates and the meeting list.

import { Connection } from 'vscode-languageserver';
import { CorpusService } from '../corpusService';

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

export function registerStudyRequests(connection: Connection, service: () => CorpusService): void {
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
}
