// Semantic tokens mark glossary terms (and undefined candidates) so themes can colour them.
// Where mentions overlap, the longest one is marked, as hover does.

import { SemanticTokens, SemanticTokensBuilder, SemanticTokensLegend } from 'vscode-languageserver';
import { CorpusIndex, Occurrence } from '../core/corpusIndex';
import { Term } from '../core/terms';

export const SEMANTIC_LEGEND: SemanticTokensLegend = {
  tokenTypes: ['policyTerm', 'policyTermPart', 'candidateTerm'],
  tokenModifiers: ['firstMention'],
};

export function provideSemanticTokens(index: CorpusIndex, uri: string): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  const file = index.file(uri);
  if (!file) return builder.build();
  const table = index.terms();
  // First mentions by term, computed once per term in this file: the count-only path, no occurrence lists.
  const firstOf = new Map<Term, Occurrence | undefined>();
  let coveredTo = 0;
  for (let i = 0; i < file.mentionStart.length; i++) {
    const start = file.mentionStart[i];
    const end = file.mentionEnd[i];
    // Sorted by start, longest first: anything starting inside the last marked mention is nested in it.
    if (start < coveredTo) continue;
    coveredTo = end;
    const term = table.terms[file.mentionTerm[i]];
    const type = term.kind === 'glossary' ? 0 : term.kind === 'part' ? 1 : 2;
    if (!firstOf.has(term)) firstOf.set(term, index.firstOccurrenceOf({ kind: 'term', term, span: { start, end } }));
    const first = firstOf.get(term);
    const modifiers = first && first.uri === uri && first.start === start ? 1 : 0;
    // A semantic token may not span lines; terms never contain line breaks.
    const pos = file.lines.positionAt(start);
    builder.push(pos.line, pos.character, end - start, type, modifiers);
  }
  return builder.build();
}
