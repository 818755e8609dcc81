// The editor's open documents (the protocol library's `TextDocuments`), and for each change
// notification where it changed the text: the editor sends its changes as ranges, and the index
// then compares only what lies inside them, not two texts of millions of characters.

import { TextDocumentContentChangeEvent, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ChangedStretch, stretchOfChanges, TextChange } from './core/positions';

/** A document's text before its latest change notification, and where that notification changed it. */
export interface EditorChange {
  before: string;
  stretch: ChangedStretch;
}

export function editorDocuments(): { documents: TextDocuments<TextDocument>; takeChange(document: TextDocument): EditorChange | undefined } {
  const changes = new WeakMap<TextDocument, EditorChange>();
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update(document, events, version) {
      const before = document.getText();
      const spans: TextChange[] = [];
      let whole = false;
      // One at a time, as `update` applies them: each range is in the text the ones before it made.
      for (const e of events) {
        if (TextDocumentContentChangeEvent.isIncremental(e)) spans.push({ start: document.offsetAt(e.range.start), end: document.offsetAt(e.range.end), inserted: e.text.length });
        else whole = true;
        document = TextDocument.update(document, [e], version);
      }
      const stretch = whole ? undefined : stretchOfChanges(spans);
      if (stretch) changes.set(document, { before, stretch });
      else changes.delete(document);
      return document;
    },
  });
  return {
    documents,
    takeChange(document) {
      const change = changes.get(document);
      changes.delete(document);
      return change;
    },
  };
}
