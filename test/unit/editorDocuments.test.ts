// The editor's change notifications, as the protocol library receives them: the stretch each one
// changed must cover all its changes, so that the index, comparing only inside it, finds what
// comparing the whole texts finds.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Connection, DidChangeTextDocumentParams, DidOpenTextDocumentParams, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { editorDocuments } from '../../server/src/editorDocuments';
import { changedStretch, LineIndex } from '../../server/src/core/positions';

/** The protocol library's document handlers, registered on a stand-in for the connection. */
function listening() {
  const handlers: { open?: (p: DidOpenTextDocumentParams) => void; change?: (p: DidChangeTextDocumentParams) => void } = {};
  const none = () => ({ dispose() {} });
  const connection = {
    onDidOpenTextDocument: (h: (p: DidOpenTextDocumentParams) => void) => ((handlers.open = h), none()),
    onDidChangeTextDocument: (h: (p: DidChangeTextDocumentParams) => void) => ((handlers.change = h), none()),
    onDidCloseTextDocument: none,
    onWillSaveTextDocument: none,
    onWillSaveTextDocumentWaitUntil: none,
    onDidSaveTextDocument: none,
  } as unknown as Connection;
  const tracked = editorDocuments();
  tracked.documents.listen(connection);
  return { ...tracked, handlers };
}

const URI = 'file:///c/a.txt';

/** An offset moved off the middle of a CRLF or a surrogate pair: no editor position lies there. */
const snap = (text: string, at: number) => ((text[at - 1] === '\r' && text[at] === '\n') || /[\udc00-\udfff]/.test(text[at] ?? '') ? at - 1 : at);

describe('editor documents: where a change notification changed the text', () => {
  it('gives the text before it and a stretch that finds what comparing the whole texts finds, over notifications of several changes (𠮷, CRLF)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.record({ a: fc.nat(), b: fc.nat(20), insert: fc.constantFrom('', '年', '𠮷', '\r\n', '四个意识，') }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (notifications) => {
          const { documents, takeChange, handlers } = listening();
          let text = '会议强调，𠮷要增强“四个意识”。\r\n第二段\n联防联控';
          handlers.open!({ textDocument: { uri: URI, languageId: 'corpus-text', version: 1, text } });
          let version = 1;
          for (const changes of notifications) {
            const before = text;
            const events: TextDocumentContentChangeEvent[] = [];
            for (const c of changes) {
              const start = snap(text, c.a % (text.length + 1));
              const end = snap(text, Math.min(text.length, start + c.b));
              const lines = new LineIndex(text);
              events.push({ range: { start: lines.positionAt(start), end: lines.positionAt(end) }, text: c.insert });
              text = text.slice(0, start) + c.insert + text.slice(end);
            }
            handlers.change!({ textDocument: { uri: URI, version: ++version }, contentChanges: events });
            const document = documents.get(URI)!;
            assert.equal(document.getText(), text);
            const change = takeChange(document)!;
            assert.equal(change.before, before);
            assert.deepEqual(changedStretch(before, text, change.stretch), changedStretch(before, text));
            // Taken once.
            assert.equal(takeChange(document), undefined);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives no stretch for a notification that replaces the whole text', () => {
    const { documents, takeChange, handlers } = listening();
    handlers.open!({ textDocument: { uri: URI, languageId: 'corpus-text', version: 1, text: '联防联控' } });
    handlers.change!({ textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '年' }, { text: '复工复产' }] });
    assert.equal(documents.get(URI)!.getText(), '复工复产');
    assert.equal(takeChange(documents.get(URI)!), undefined);
  });
});
