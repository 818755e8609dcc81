// Go to definition: the first mention in chronological order; on the first mention itself, the glossary entry.

import { Location, Position } from 'vscode-languageserver';
import { CorpusIndex } from '../core/corpusIndex';
import { occurrenceLocation } from './lsp';
import { LineIndex } from '../core/positions';

export function provideDefinition(index: CorpusIndex, uri: string, position: Position, glossaryLines: (uri: string) => LineIndex | undefined): Location | null {
  const file = index.file(uri);
  if (!file) return null;
  const offset = file.lines.offsetAt(position);
  const target = index.targetAt(uri, offset);
  if (!target) return null;
  const first = index.firstOccurrenceOf(target);
  if (!first) return null;
  const onFirst = first.uri === uri && first.start <= offset && offset <= first.end;
  if (onFirst && target.kind === 'term') {
    const entry = target.term.entry ?? (target.term.partOf[0] ? index.term(target.term.partOf[0])?.entry : undefined);
    const lines = entry && glossaryLines(entry.source.path);
    if (entry && lines) {
      return { uri: entry.source.path, range: { start: lines.positionAt(entry.source.span.start), end: lines.positionAt(entry.source.span.end) } };
    }
  }
  return occurrenceLocation(index, first) ?? null;
}
