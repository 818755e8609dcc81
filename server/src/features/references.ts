// References: every mention of the term (any form, inside longer terms too) or word, in chronological order.
// A long list is built a chunk at a time: other requests are answered in between, and a request
// the client cancelled stops at the next chunk.

import { CancellationToken, LSPErrorCodes, Location, Position, ResponseError } from 'vscode-languageserver';
import { CorpusIndex } from '../core/corpusIndex';
import { occurrenceLocation } from './lsp';
import { yieldToRequests } from '../yieldToRequests';

let lastReferences: { index: CorpusIndex; key: string; locations: Location[] } | undefined;

/** Locations converted per turn of the event loop. */
const CHUNK = 4096;

const cancelledError = () => new ResponseError<void>(LSPErrorCodes.RequestCancelled, 'Request cancelled');

export async function provideReferences(index: CorpusIndex, uri: string, position: Position, token?: CancellationToken): Promise<Location[] | ResponseError<void>> {
  // The index may change while the list is built between turns: then it starts over (twice at
  // most; the third time it is built in one go).
  for (let attempt = 0; ; attempt++) {
    const file = index.file(uri);
    if (!file) return [];
    const target = index.targetAt(uri, file.lines.offsetAt(position));
    if (!target) return [];
    // The same target again on an unchanged index (the reference view asks more than once): the same
    // list, not thousands of new Location objects to be promoted and collected.
    const version = index.indexVersion;
    const key = `${version}\0${target.kind === 'term' ? `t\0${target.term.key}` : `w\0${target.word}`}`;
    if (lastReferences?.index === index && lastReferences.key === key) return lastReferences.locations;
    const occurrences = index.occurrencesOf(target);
    if (token?.isCancellationRequested) return cancelledError();
    const out: Location[] = [];
    const chunked = attempt < 2 && occurrences.length > CHUNK;
    let stale = false;
    for (let i = 0; i < occurrences.length; i++) {
      if (chunked && i > 0 && i % CHUNK === 0) {
        await yieldToRequests();
        if (token?.isCancellationRequested) return cancelledError();
        if (index.indexVersion !== version) {
          stale = true;
          break;
        }
      }
      const loc = occurrenceLocation(index, occurrences[i]);
      if (loc) out.push(loc);
    }
    if (stale) continue;
    lastReferences = { index, key, locations: out };
    return out;
  }
}
