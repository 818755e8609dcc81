// Conversions between the core's UTF-16 spans and LSP ranges, in one place.

import { Location, Range } from 'vscode-languageserver';
import { IndexedFile, Occurrence, CorpusIndex } from '../core/corpusIndex';
import { LineIndex } from '../core/positions';
import { Span } from '../core/model';

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

export function fileRange(file: IndexedFile, span: Span): Range {
  return toRange(file.lines, span);
}

export function occurrenceLocation(index: CorpusIndex, o: Occurrence): Location | undefined {
  const file = index.file(o.uri);
  return file ? { uri: o.uri, range: fileRange(file, o) } : undefined;
}

/** Text from the corpus, shown as text in Markdown: no links, images, HTML or emphasis can come through. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#|~<>&]/g, (c) => {
      if (c === '<') return '&lt;';
      if (c === '>') return '&gt;';
      if (c === '&') return '&amp;';
      return '\\' + c;
    })
    .replace(/\r?\n|\r/g, ' ');
}
