// "Add 「X」 to the glossary": a WorkspaceEdit that appends an entry and touches nothing else.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeAction, TextEdit, WorkspaceEdit, CreateFile, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { parse } from 'yaml';
import { LspTestClient } from './lspClient';
import { tempCorpus, uriOf, positionAt, SEED } from './fixtures';

/** Applies single-insert text edits the way an editor would. */
function applyInserts(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  let out = text;
  for (const e of [...edits].reverse()) {
    const offset = lines.slice(0, e.range.start.line).reduce((n, l) => n + l.length + 1, 0) + e.range.start.character;
    out = out.slice(0, offset) + e.newText + out.slice(offset);
  }
  return out;
}

describe('glossary code action (stdio)', function () {
  let client: LspTestClient | undefined;
  let dir: string;
  afterEach(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('offers to add a candidate term, appending an entry at the end of the workspace glossary', async () => {
    dir = tempCorpus();
    const seed = path.join(dir, 'corpus', path.basename(SEED));
    const glossary = path.join(dir, 'corpus', 'glossary.yaml');
    const before = fs.readFileSync(glossary, 'utf8');
    client = await LspTestClient.start({ folder: dir });
    await client.waitForIndex();
    const text = fs.readFileSync(seed, 'utf8');
    const at = positionAt(text, text.indexOf('医务人员') + 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(seed) },
      range: { start: at, end: at },
      context: { diagnostics: [] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Add 「医务人员」 to the glossary');
    const edits = (actions[0].edit as WorkspaceEdit).changes![uriOf(glossary)];
    assert.equal(edits.length, 1);
    const after = applyInserts(before, edits);
    assert.ok(after.startsWith(before), 'nothing before the insertion changes');
    const added = (parse(after).terms as { term: string }[]).at(-1);
    assert.equal(added?.term, '医务人员');
    assert.equal(fs.readFileSync(glossary, 'utf8'), before, 'the server itself wrote nothing');
    // No action on a term the glossary already defines.
    const onTerm = positionAt(text, text.indexOf('联防联控'));
    const none = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(seed) }, range: { start: onTerm, end: onTerm }, context: { diagnostics: [] } });
    assert.equal(none.length, 0);
  });

  it('creates the workspace glossary when there is none, never editing the bundled one', async () => {
    dir = tempCorpus();
    fs.rmSync(path.join(dir, 'corpus', 'glossary.yaml'));
    const seed = path.join(dir, 'corpus', path.basename(SEED));
    client = await LspTestClient.start({ folder: dir });
    await client.waitForIndex();
    const edit = await client.request<WorkspaceEdit>('corpusStudy/glossaryEdit', { term: '医务人员' });
    const [create, insert] = edit.documentChanges as [CreateFile, TextDocumentEdit];
    assert.equal(create.kind, 'create');
    assert.equal(create.uri, uriOf(path.join(dir, 'corpus', 'glossary.yaml')));
    assert.equal(insert.textDocument.uri, create.uri);
    assert.equal(parse(insert.edits[0].newText).terms[0].term, '医务人员');
    assert.ok(fs.existsSync(seed));
  });

  it('offers no edit at all in an untrusted workspace', async () => {
    dir = tempCorpus();
    const seed = path.join(dir, 'corpus', path.basename(SEED));
    client = await LspTestClient.start({ folder: dir, initializationOptions: { trusted: false } });
    await client.waitForIndex();
    const text = fs.readFileSync(seed, 'utf8');
    const at = positionAt(text, text.indexOf('医务人员') + 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(seed) }, range: { start: at, end: at }, context: { diagnostics: [] } });
    assert.deepEqual(actions, []);
    assert.equal(await client.request('corpusStudy/glossaryEdit', { term: '医务人员' }), null);
  });
});
