// The persisted index and indexing in the background, over stdio: requests sent while the corpus
// is being indexed are answered; a restart from the cache answers as the cold start did; a
// corrupt cache entry is ignored and rebuilt. No timings: speed is for `npm run bench`.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient } from './lspClient';
import { tempCorpus, uriOf, SEED, seedText, positionAt } from './fixtures';

const hoverText = (h: Hover | null) => (h ? (h.contents as MarkupContent).value : '');

describe('background indexing and the index cache (stdio)', function () {
  this.timeout(120000);
  let dir: string;
  let storage: string;
  const text = seedText();
  const names = Array.from({ length: 12 }, (_, i) => `copy${i}.txt`);

  before(() => {
    const files: Record<string, string> = {};
    // Copies with one change each, so every file has its own content hash.
    names.forEach((n, i) => (files[n] = text.replace('会议强调', `会议强调${'，'.repeat(i + 1)}`)));
    dir = tempCorpus(files);
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-study-storage-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(storage, { recursive: true, force: true });
  });

  const uri = () => uriOf(path.join(dir, 'corpus', path.basename(SEED)));
  const spots = [text.indexOf('四个意识') + 1, text.indexOf('医务人员') + 1, text.indexOf('联防联控') + 2, 5, text.length - 20];
  const hovers = (client: LspTestClient) =>
    Promise.all(spots.map((o) => client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri() }, position: positionAt(text, o) }).then(hoverText)));
  const status = (client: LspTestClient) => client.request<{ phase: string; files: number; cachedFiles?: number }>('corpusStudy/status', {});

  let cold: string[];

  it('answers requests sent while indexing, then reports the index ready', async () => {
    const client = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: storage } });
    try {
      const early = await Promise.all([
        client.request('textDocument/hover', { textDocument: { uri: uri() }, position: { line: 2, character: 3 } }),
        client.request('textDocument/documentSymbol', { textDocument: { uri: uri() } }),
        client.request('workspace/symbol', { query: '四个意识' }),
        status(client),
      ]);
      assert.equal(early.length, 4);
      await client.waitForIndex();
      const s = await status(client);
      assert.equal(s.phase, 'ready');
      assert.equal(s.files, names.length + 1);
      assert.equal(s.cachedFiles, 0);
      cold = await hovers(client);
      assert.ok(cold[0].includes('政治意识'));
    } finally {
      await client.stop();
    }
    assert.ok(fs.existsSync(path.join(storage, 'index-cache')));
    assert.deepEqual(fs.readdirSync(path.join(dir, 'corpus')).sort(), [...names, path.basename(SEED), 'glossary.yaml'].sort());
  });

  it('a restart reads every file from the cache and answers the same', async () => {
    const client = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: storage } });
    try {
      await client.waitForIndex();
      assert.equal((await status(client)).cachedFiles, names.length + 1);
      assert.deepEqual(await hovers(client), cold);
    } finally {
      await client.stop();
    }
  });

  it('a corrupt cache entry is ignored, the file segmented again, the answers the same', async () => {
    const cacheDir = path.join(storage, 'index-cache', fs.readdirSync(path.join(storage, 'index-cache'))[0]);
    const entries = fs.readdirSync(cacheDir);
    for (const e of entries) {
      const p = path.join(cacheDir, e);
      const b = fs.readFileSync(p);
      b[b.length - 3] ^= 0xff;
      fs.writeFileSync(p, b);
    }
    const client = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: storage } });
    try {
      await client.waitForIndex();
      assert.equal((await status(client)).cachedFiles, 0);
      assert.deepEqual(await hovers(client), cold);
    } finally {
      await client.stop();
    }
  });
});
