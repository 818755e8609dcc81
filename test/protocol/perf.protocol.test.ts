// The persisted index and indexing in the background, over stdio: requests sent while the corpus
// is being indexed are answered; a restart from the cache answers as the cold start did; a
// corrupt cache entry is ignored and rebuilt. No timings: speed is for `npm run bench`.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient } from './lspClient';
import { CODE_CACHE_ARG } from '../../server/src/codeCache';
import { STORAGE_ARG } from '../../server/src/snapshotReadAhead';
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
  // Mentions (references of terms and of a word), the outline and the document's symbols: what the
  // cache now holds besides tokens must answer as a cold start does.
  const answers = async (client: LspTestClient) => {
    const refs = await Promise.all(
      ['四个意识', '联防联控', '脱贫攻坚', '医务人员'].map((w) =>
        client.request<Location[]>('textDocument/references', { textDocument: { uri: uri() }, position: positionAt(text, text.indexOf(w)), context: { includeDeclaration: true } }),
      ),
    );
    const outline = await client.request('corpusStudy/outline', {});
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: uri() } });
    // Lines of text around every hit: a restart reads them from texts it put back undecoded.
    const concordance = await client.request('corpusStudy/concordance', { query: '联防联控' });
    return JSON.stringify({ hovers: await hovers(client), refs: refs.map((r) => (r ?? []).map((l) => `${l.uri}:${l.range.start.line}:${l.range.start.character}`).sort()), outline, symbols, concordance });
  };
  const status = (client: LspTestClient) =>
    client.request<{ phase: string; files: number; cachedFiles?: number; restoredFiles?: number; termRebuildMs?: number; codeCache: string; codeCacheSaved?: boolean | 'pending'; snapshotReadAhead?: boolean }>('corpusStudy/status', {});
  // As the extension's client starts the server: with a folder for V8's code cache.
  const codeCacheArgs = () => [CODE_CACHE_ARG + path.join(storage, 'code-cache')];

  let cold: string[];
  let coldAnswers: string;

  it('answers requests sent while indexing, then reports the index ready', async () => {
    const client = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: storage }, args: codeCacheArgs() });
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
      // The seed proposes candidate terms: the index ends with one term-table rebuild, and says how long it took.
      assert.equal(typeof s.termRebuildMs, 'number');
      cold = await hovers(client);
      assert.ok(cold[0].includes('政治意识'));
      coldAnswers = await answers(client);
      // No code cache yet: the server compiled from source, and saves V8's code once its first indexing is over.
      assert.equal(s.codeCache, 'none');
      const deadline = Date.now() + 30000;
      let saved = s.codeCacheSaved;
      // Polled with pauses, as an editor is quiet between bursts: the work after an indexing (and the
      // save after it) waits until the client has sent nothing for 150 ms.
      while (saved !== true && saved !== false && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        saved = (await status(client)).codeCacheSaved;
      }
      assert.equal(saved, true);
      assert.equal(fs.readdirSync(path.join(storage, 'code-cache')).filter((f) => f.endsWith('.v8cache')).length, 1);
    } finally {
      await client.stop();
    }
    assert.ok(fs.existsSync(path.join(storage, 'index-cache')));
    assert.deepEqual(fs.readdirSync(path.join(dir, 'corpus')).sort(), [...names, path.basename(SEED), 'glossary.yaml'].sort());
  });

  it('a restart puts every file back from the index snapshot and answers the same (the server compiled from the code cache, the snapshot read while it loaded)', async () => {
    // As the extension starts it: the workspace storage folder in the arguments too.
    const client = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: storage }, args: [...codeCacheArgs(), STORAGE_ARG + storage] });
    try {
      await client.waitForIndex();
      const s = await status(client);
      assert.equal(s.codeCache, 'used');
      assert.equal(s.snapshotReadAhead, true);
      assert.equal(s.cachedFiles, names.length + 1);
      assert.equal(s.restoredFiles, names.length + 1);
      assert.deepEqual(await hovers(client), cold);
      assert.equal(await answers(client), coldAnswers);
    } finally {
      await client.stop();
    }
  });

  it('a server shut down as soon as its index is ready still leaves V8\'s code for the next start', async () => {
    const codeCache = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-study-code-cache-'));
    try {
      const args = [CODE_CACHE_ARG + codeCache];
      const first = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: storage }, args });
      await first.waitForIndex();
      await first.stop();
      assert.deepEqual(fs.readdirSync(codeCache).map((f) => f.replace(/-[0-9a-f]+\.v8cache$/, '')), ['serverMain']);
      const second = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: storage }, args });
      try {
        await second.waitForIndex();
        assert.equal((await status(second)).codeCache, 'used');
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(codeCache, { recursive: true, force: true });
    }
  });

  it('a hover while the corpus is being indexed gives the definition and leaves the counts for the index; once ready, the counts', async () => {
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-study-storage-'));
    const client = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: own } });
    try {
      let ready = false;
      const indexed = client.waitForIndex().then(() => (ready = true));
      const during: string[] = [];
      while (!ready) {
        const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri() }, position: positionAt(text, text.indexOf('联防联控') + 1) });
        // An answer that came before the index was ready (the progress end is seen before a later answer).
        if (h && !ready) during.push(hoverText(h));
        await new Promise((r) => setTimeout(r, 2));
      }
      await indexed;
      assert.ok(during.length > 0, 'some hover was answered while indexing');
      for (const h of during) {
        assert.match(h, /联防联控/);
        assert.match(h, /Counts of mentions come once the corpus is indexed/);
      }
      const after = hoverText(await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri() }, position: positionAt(text, text.indexOf('联防联控') + 1) }));
      assert.match(after, /mentions? in \*\*\d+\*\* of \d+ meetings/);
    } finally {
      await client.stop();
      fs.rmSync(own, { recursive: true, force: true });
    }
  });

  it('a server shut down as soon as its first indexing is ready still leaves the index snapshot for the next start', async () => {
    // Its own workspace storage: nothing stored before this first indexing.
    const own = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-study-storage-'));
    try {
      const first = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: own } });
      // A client that is never quiet (a hover every few ms until ready, then the shutdown at once):
      // the work that waits for a quiet moment after an indexing (listing words, the snapshot) never had one.
      let ready = false;
      const indexed = first.waitForIndex().then(() => (ready = true));
      while (!ready) {
        await first.request('textDocument/hover', { textDocument: { uri: uri() }, position: { line: 2, character: 3 } });
        await new Promise((r) => setTimeout(r, 5));
      }
      await indexed;
      await first.stop();
      const second = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: own } });
      try {
        await second.waitForIndex();
        assert.equal((await status(second)).restoredFiles, names.length + 1);
        assert.deepEqual(await hovers(second), cold);
        assert.equal(await answers(second), coldAnswers);
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(own, { recursive: true, force: true });
    }
  });

  it('a document the editor reopens as the server starts comes back from the snapshot too', async () => {
    const client = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: storage } });
    try {
      // As VS Code does with the tabs it restores: didOpen right after the handshake, before indexing.
      await client.open(uri(), text);
      await client.waitForIndex();
      const s = await status(client);
      assert.equal(s.restoredFiles, names.length + 1);
      assert.deepEqual(await hovers(client), cold);
      assert.equal(await answers(client), coldAnswers);
    } finally {
      await client.stop();
    }
  });

  it('a file changed and one deleted while the server was away: the rest come from the snapshot, the changed one is indexed afresh', async () => {
    const changed = path.join(dir, 'corpus', names[0]);
    const deleted = path.join(dir, 'corpus', names[1]);
    const changedBefore = fs.readFileSync(changed, 'utf8');
    const deletedBefore = fs.readFileSync(deleted, 'utf8');
    fs.writeFileSync(changed, changedBefore.replace('四个意识', '四个意识、两个维护'));
    fs.rmSync(deleted);
    try {
      const client = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: storage } });
      try {
        await client.waitForIndex();
        const s = await status(client);
        assert.equal(s.files, names.length);
        assert.equal(s.restoredFiles, names.length - 1);
        const at = changedBefore.indexOf('四个意识') + 6;
        const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(changed) }, position: positionAt(changedBefore, at) });
        assert.ok(hoverText(h).includes('两个维护'), hoverText(h));
        const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: uri() }, position: positionAt(text, text.indexOf('联防联控')), context: { includeDeclaration: true } });
        assert.ok(!refs.some((l) => l.uri === uriOf(deleted)));
      } finally {
        await client.stop();
      }
    } finally {
      fs.writeFileSync(changed, changedBefore);
      fs.writeFileSync(deleted, deletedBefore);
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
      assert.equal(await answers(client), coldAnswers);
    } finally {
      await client.stop();
    }
  });

  it('a changed glossary makes every entry stale: the restart segments again and answers with the new glossary', async () => {
    const glossary = path.join(dir, 'corpus', 'glossary.yaml');
    const before = fs.readFileSync(glossary, 'utf8');
    // A new alias: a new dictionary word and a new mention form.
    fs.writeFileSync(glossary, before.replace('  - term: 四个意识\n', '  - term: 四个意识\n    aliases: [会议强调]\n'));
    try {
      const client = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: storage } });
      try {
        await client.waitForIndex();
        assert.equal((await status(client)).cachedFiles, 0);
        const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri() }, position: positionAt(text, text.indexOf('会议强调') + 1) });
        assert.ok(hoverText(h).includes('四个意识'), hoverText(h));
      } finally {
        await client.stop();
      }
      // And from the cache of that glossary, the same again.
      const client2 = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: storage } });
      try {
        await client2.waitForIndex();
        assert.equal((await status(client2)).cachedFiles, names.length + 1);
        const h = await client2.request<Hover | null>('textDocument/hover', { textDocument: { uri: uri() }, position: positionAt(text, text.indexOf('会议强调') + 1) });
        assert.ok(hoverText(h).includes('四个意识'), hoverText(h));
      } finally {
        await client2.stop();
      }
    } finally {
      fs.writeFileSync(glossary, before);
    }
  });
});
