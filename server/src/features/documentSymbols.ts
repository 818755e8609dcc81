// The Outline: one symbol per meeting (name = full title, detail = date · kind · where the date came from), sections inside.

import { DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import { CorpusIndex, IndexedFile } from '../core/corpusIndex';
import { Section } from '../core/model';
import { fileRange } from './lsp';
import { dateSourceText, Language, labelOf, meetingDateText, translate } from '../l10n';

const SECTION_KIND: Record<Section['kind'], SymbolKind> = {
  part: SymbolKind.Module,
  heading: SymbolKind.Namespace,
  subheading: SymbolKind.Class,
  item: SymbolKind.Field,
  point: SymbolKind.String,
  headline: SymbolKind.Event,
};

function sectionSymbol(file: IndexedFile, s: Section): DocumentSymbol {
  return {
    name: s.name || s.marker || '…',
    kind: SECTION_KIND[s.kind],
    range: fileRange(file, s.span),
    selectionRange: fileRange(file, s.nameSpan),
    children: s.children.map((c) => sectionSymbol(file, c)),
  };
}

export function provideDocumentSymbols(index: CorpusIndex, uri: string, language: Language = 'en'): DocumentSymbol[] {
  const file = index.file(uri);
  if (!file) return [];
  return file.meetings.map(({ meeting }) => ({
    name: meeting.title || translate(language, 'meeting.untitled'),
    detail: `${meetingDateText(language, meeting.date)} · ${labelOf(language, 'kind', meeting.kind)} · ${translate(language, 'date.label', dateSourceText(language, meeting))}`,
    kind: SymbolKind.Event,
    range: fileRange(file, meeting.span),
    selectionRange: fileRange(file, meeting.titleSpan),
    children: meeting.sections.map((s) => sectionSymbol(file, s)),
  }));
}
