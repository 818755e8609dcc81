// Ctrl+T: meetings by title words and dates, sections, and glossary terms by Chinese or English.

import { CancellationToken, LSPErrorCodes, ResponseError, SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { CorpusIndex } from '../core/corpusIndex';
import { LineIndex } from '../core/positions';
import { searchSymbols, SymbolHitKind } from '../core/symbolSearch';
import { toRange } from './lsp';

const KIND: Record<SymbolHitKind, SymbolKind> = { meeting: SymbolKind.Event, section: SymbolKind.Namespace, term: SymbolKind.Constant };

export function provideWorkspaceSymbols(index: CorpusIndex, query: string, linesOf: (uri: string) => LineIndex | undefined, token?: CancellationToken): SymbolInformation[] | ResponseError<void> {
  const out: SymbolInformation[] = [];
  const hits = searchSymbols(index, query);
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  for (const hit of hits) {
    const lines = linesOf(hit.uri);
    if (!lines) continue;
    out.push({ name: hit.name, kind: KIND[hit.kind], containerName: hit.detail, location: { uri: hit.uri, range: toRange(lines, hit.span) } });
  }
  return out;
}
