// Semantic tokens mark glossary terms (and undefined candidates) so themes can colour them.
// Where mentions overlap, the longest one is marked, as hover does. A term or candidate that the
// last document of the same kind did not mention carries `newFormulation` (what is new in a
// readout, while it is read). Phrases are left to the compare view: finding them costs a pass over
// the corpus per document, and a daily news file holds dozens of documents.

import { SemanticTokens, SemanticTokensBuilder, SemanticTokensLegend } from 'vscode-languageserver';
import { CorpusIndex, Occurrence } from '../core/corpusIndex';
import { Term } from '../core/terms';
import { mentionsIn, predecessorOf } from '../core/study/compare';

export const SEMANTIC_LEGEND: SemanticTokensLegend = {
  tokenTypes: ['policyTerm', 'policyTermPart', 'candidateTerm'],
  tokenModifiers: ['firstMention', 'newFormulation'],
};

const FIRST_MENTION = 1;
const NEW_FORMULATION = 2;

export function provideSemanticTokens(index: CorpusIndex, uri: string, options: { newFormulations?: boolean } = {}): SemanticTokens {
  const builder = new SemanticTokensBuilder();
  const file = index.file(uri);
  if (!file) return builder.build();
  const table = index.terms();
  // First mentions by term, computed once per term in this file: the count-only path, no occurrence lists.
  const firstOf = new Map<Term, Occurrence | undefined>();
  const isNew = options.newFormulations === false ? undefined : newTermsOf(index, uri);
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
    const modifiers = (first && first.uri === uri && first.start === start ? FIRST_MENTION : 0) | (isNew?.(start, file.mentionTerm[i]) ? NEW_FORMULATION : 0);
    // A semantic token may not span lines; terms never contain line breaks.
    const pos = file.lines.positionAt(start);
    builder.push(pos.line, pos.character, end - start, type, modifiers);
  }
  return builder.build();
}

/**
 * Whether the mention of term `t` at `offset` is new in its document: the latest earlier document
 * of the same kind (else the latest earlier one) does not mention the term.
 */
function newTermsOf(index: CorpusIndex, uri: string): ((offset: number, t: number) => boolean) | undefined {
  const file = index.file(uri);
  const chrono = index.meetingsChronological();
  if (!file || file.meetings.length === 0) return undefined;
  const before = file.meetings.map((m) => {
    const p = predecessorOf(chrono, m);
    const pf = p ? index.file(p.uri) : undefined;
    return p && pf ? new Set(mentionsIn(pf, p.meeting.span).keys()) : undefined;
  });
  return (offset, t) => {
    const m = file.meetingAt(offset);
    const known = m ? before[m.indexInFile] : undefined;
    return known !== undefined && !known.has(t);
  };
}
