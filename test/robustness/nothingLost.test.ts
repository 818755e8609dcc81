// A full session (indexing, opening, many edits, every kind of query, the glossary code action,
// closing) leaves every corpus file byte-identical and writes nothing into the workspace.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeAction, DocumentSymbol, Hover, Location } from 'vscode-languageserver-protocol';
import { tempCorpus, seedText, uriOf, positionAt, SEED } from '../protocol/fixtures';
import { snapshot, startWatched, waitReady } from './harness';

describe('nothing lost: a session leaves the corpus as it found it', function () {
  this.timeout(120000);

  it('every file byte-identical, no file added, no edit applied by the server', async function () {
    const seed = seedText();
    const dir = tempCorpus({
      'second.txt': '中共中央政治局召开会议 研究测试工作\r\n\r\n中共中央政治局3月9日召开会议。会议强调，要坚持联防联控，做好“六稳”工作。\r\n',
      'gb.txt': fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'unit', 'fixtures', 'seed.gb18030.txt')),
      'binary.txt': Buffer.from([0, 1, 2, 3, 0, 0, 0xff]),
    });
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-study-storage-'));
    const before = snapshot(dir);
    const server = await startWatched({ folder: dir, initializationOptions: { storagePath: storage } });
    const c = server.client;
    const applied: unknown[] = [];
    c.connection.onRequest('workspace/applyEdit', (p: unknown) => {
      applied.push(p);
      return { applied: false };
    });
    try {
      await c.waitForIndex();
      await waitReady(c);
      const seedUri = uriOf(path.join(dir, 'corpus', path.basename(SEED)));
      const glossaryUri = uriOf(path.join(dir, 'corpus', 'glossary.yaml'));
      const glossaryText = fs.readFileSync(path.join(dir, 'corpus', 'glossary.yaml'), 'utf8');
      await c.open(seedUri, seed);
      await c.open(glossaryUri, glossaryText, 'yaml');
      let text = seed;
      let queries = 0;
      for (let i = 0; i < 300; i++) {
        const off = (i * 7919) % text.length;
        const pos = positionAt(text, off);
        const ins = i % 3 === 0 ? '坚持联防联控，𠮷' : i % 3 === 1 ? '\n' : '“新提法”';
        await c.change(seedUri, [{ range: { start: pos, end: pos }, text: ins }]);
        text = text.slice(0, off) + ins + text.slice(off);
        if (i % 10 === 0) {
          const at = positionAt(text, text.indexOf('联防联控') + 1);
          const p = { textDocument: { uri: seedUri }, position: at };
          await c.request<Hover>('textDocument/hover', p);
          await c.request<Location>('textDocument/definition', p);
          await c.request<Location[]>('textDocument/references', { ...p, context: { includeDeclaration: true } });
          await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: seedUri } });
          await c.request('textDocument/foldingRange', { textDocument: { uri: seedUri } });
          await c.request('textDocument/semanticTokens/full', { textDocument: { uri: seedUri } });
          await c.request('workspace/symbol', { query: '联防' });
          await c.request('corpusStudy/candidates', {});
          await c.request('corpusStudy/meetings', {});
          const nw = positionAt(text, text.indexOf('新提法') + 1);
          await c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: seedUri }, range: { start: nw, end: nw }, context: { diagnostics: [] } });
          await c.request('corpusStudy/glossaryEdit', { term: '新提法' });
          queries += 11;
        }
      }
      // An edit of the open glossary, then close everything without saving.
      await c.change(glossaryUri, [{ text: glossaryText + '  - term: 新提法\n    zh: 测试。\n    en: Test.\n' }]);
      await c.request('textDocument/hover', { textDocument: { uri: seedUri }, position: { line: 2, character: 3 } });
      await c.close(glossaryUri);
      await c.close(seedUri);
      await c.request('corpusStudy/status', {});
      server.assertHealthy();
      this.test!.title += ` [300 edits, ${queries} queries, ${before.size} entries compared]`;
    } finally {
      await server.stop();
    }
    assert.deepEqual(applied, [], 'the server never asks the client to apply an edit');
    assert.deepEqual([...snapshot(dir)], [...before], 'workspace unchanged (names, sizes, hashes, mtimes)');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });
});
