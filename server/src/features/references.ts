// References: every mention of the term (any form, inside longer terms too) or word, in chronological order.

import { CancellationToken, LSPErrorCodes, Location, Position, ResponseError } from 'vscode-languageserver';
import { CorpusIndex } from '../core/corpusIndex';
import { occurrenceLocation } from './lsp';

let lastReferences: { index: CorpusIndex; key: string; locations: Location[] } | undefined;

export function provideReferences(index: CorpusIndex, uri: string, position: Position, token?: CancellationToken): Location[] | ResponseError<void> {
  const file = index.file(uri);
  if (!file) return [];
  const target = index.targetAt(uri, file.lines.offsetAt(position));
  if (!target) return [];
  // The same target again on an unchanged index (the reference view asks more than once): the same
  // list, not thousands of new Location objects to be promoted and collected.
  const key = `${index.indexVersion}\0${target.kind === 'term' ? `t\0${target.term.key}` : `w\0${target.word}`}`;
  if (lastReferences?.index === index && lastReferences.key === key) return lastReferences.locations;
  const out: Location[] = [];
  const occurrences = index.occurrencesOf(target);
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  for (const o of occurrences) {
    const loc = occurrenceLocation(index, o);
    if (loc) out.push(loc);
  }
  lastReferences = { index, key, locations: out };
  return out;
}
