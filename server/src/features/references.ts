// References: every mention of the term (any form, inside longer terms too) or word, in chronological order.

import { Location, Position } from 'vscode-languageserver';
import { CorpusIndex } from '../core/corpusIndex';
import { occurrenceLocation } from './lsp';

export function provideReferences(index: CorpusIndex, uri: string, position: Position): Location[] {
  const file = index.file(uri);
  if (!file) return [];
  const target = index.targetAt(uri, file.lines.offsetAt(position));
  if (!target) return [];
  const out: Location[] = [];
  for (const o of index.occurrencesOf(target)) {
    const loc = occurrenceLocation(index, o);
    if (loc) out.push(loc);
  }
  return out;
}
