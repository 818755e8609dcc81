// Folding: each meeting and each section folds to its first line.

import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver';
import { CorpusIndex } from '../core/corpusIndex';
import { Section, Span } from '../core/model';

export function provideFoldingRanges(index: CorpusIndex, uri: string): FoldingRange[] {
  const file = index.file(uri);
  if (!file) return [];
  const out: FoldingRange[] = [];
  const add = (span: Span, kind?: FoldingRangeKind) => {
    const startLine = file.lines.lineOf(span.start);
    const endLine = file.lines.lineOf(Math.max(span.start, span.end - 1));
    if (endLine > startLine) out.push({ startLine, endLine, kind });
  };
  const visit = (sections: Section[]) => {
    for (const s of sections) {
      add(s.span);
      visit(s.children);
    }
  };
  for (const { meeting } of file.meetings) {
    add(meeting.span, FoldingRangeKind.Region);
    visit(meeting.sections);
  }
  return out;
}
