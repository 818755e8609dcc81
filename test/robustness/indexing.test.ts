// Indexing under stress: a 50 MB file, and files deleted, renamed and rewritten while indexing.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, Hover } from 'vscode-languageserver-protocol';
import { tempCorpus, uriOf, positionAt } from '../protocol/fixtures';
import { assertSeedAnswers, diagnosticsOf, eventually, hoverText, ServedCorpus, SEED_TEXT, SEED_MEETINGS, startWatched, waitReady } from './harness';

describe('bad input while indexing: huge files and files that move', function () {
  this.timeout(180000);
  const ctx = new ServedCorpus();
  afterEach(() => ctx.stop());

  it('a 50 MB file: indexed or refused with one diagnostic; the seed answers while it is being read', async function () {
    const bytes = Buffer.byteLength(SEED_TEXT);
    const copies = Math.ceil((50 * 1048576) / bytes);
    ctx.dir = tempCorpus({ 'big.txt': SEED_TEXT.repeat(copies) });
    ctx.corpus = path.join(ctx.dir, 'corpus');
    const t0 = Date.now();
    ctx.server = await startWatched({ folder: ctx.dir });
    // Requests are answered while the big file is read and segmented.
    const slowest: number[] = [];
    let ready = false;
    const ticker = (async () => {
      while (!ready) {
        const t = Date.now();
        await ctx.server!.client.request('corpusStudy/status', {});
        slowest.push(Date.now() - t);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const failed = () => ctx.server!.client.logs.find((l) => /failed/i.test(l));
    const status = await eventually(() => ctx.server!.client.request<{ phase: string }>('corpusStudy/status', {}), (s) => s.phase === 'ready' || !!failed() || !!ctx.server!.exit, 170000);
    ready = true;
    assert.equal(failed(), undefined, 'indexing failed');
    assert.equal(status.phase, 'ready');
    await ticker;
    const ms = Date.now() - t0;
    const d = diagnosticsOf(ctx.server.client, path.join(ctx.corpus, 'big.txt'));
    const s = await ctx.symbols(path.join(ctx.corpus, 'big.txt'));
    assert.ok(s.length === SEED_MEETINGS * copies || d.length === 1, `${s.length} meetings, diagnostics ${JSON.stringify(d)}`);
    await ctx.stillUp(s.length > 0 ? 1 + copies : 1);
    // Word hovers need the segmenter: it must still work after the big file.
    const uri = uriOf(path.join(ctx.corpus, 'after.txt'));
    const doc = '中共中央政治局召开会议 测试\n\n中共中央政治局3月9日召开会议。会议强调，医务人员要做好防护。\n';
    await ctx.server.client.open(uri, doc);
    // A word (not a term) answers once the opened document is segmented, in a worker: waited for, bounded.
    const h = await eventually(
      () => ctx.server!.client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(doc, doc.indexOf('医务人员') + 1) }),
      (x) => hoverText(x).includes('医务人员'),
      30000,
    );
    assert.ok(hoverText(h).includes('医务人员'), 'word hover after the big file');
    ctx.server.assertHealthy();
    this.test!.title += ` [ready in ${ms} ms, slowest status reply ${Math.max(...slowest)} ms]`;
  });

  it('files deleted, renamed and rewritten while indexing: the index settles on what is on disk', async function () {
    const head = SEED_TEXT.slice(0, SEED_TEXT.indexOf('\n', 1500) + 1);
    const files: Record<string, string> = {};
    const N = 300;
    for (let i = 0; i < N; i++) files[`m${String(i).padStart(3, '0')}.txt`] = head;
    ctx.dir = tempCorpus(files);
    ctx.corpus = path.join(ctx.dir, 'corpus');
    ctx.server = await startWatched({ folder: ctx.dir });
    const c = ctx.server.client;
    // Wait until discovery is over and files are being read.
    await eventually(async () => c.progress.some((p) => /Indexing ctx.corpus \d+\//.test(p.value.message ?? '')), (v) => v, 30000);
    const during = c.progress.filter((p) => /Indexing ctx.corpus \d+\//.test(p.value.message ?? '')).length;
    const changes: { uri: string; type: FileChangeType }[] = [];
    const name = (i: number) => path.join(ctx.corpus, `m${String(i).padStart(3, '0')}.txt`);
    const deleted: string[] = [];
    const renamed: [string, string][] = [];
    const rewritten: string[] = [];
    for (let i = N - 1; i >= 0; i -= 3) {
      const f = name(i);
      if (i % 9 === 2) {
        fs.rmSync(f);
        deleted.push(f);
        changes.push({ uri: uriOf(f), type: FileChangeType.Deleted });
      } else if (i % 9 === 5) {
        const to = f.replace(/\.txt$/, '-renamed.txt');
        fs.renameSync(f, to);
        renamed.push([f, to]);
        changes.push({ uri: uriOf(f), type: FileChangeType.Deleted }, { uri: uriOf(to), type: FileChangeType.Created });
      } else {
        fs.writeFileSync(f, '中共中央政治局召开会议 重写之后的标题\n\n中共中央政治局3月9日召开会议。会议强调，坚持联防联控。\n');
        rewritten.push(f);
        changes.push({ uri: uriOf(f), type: FileChangeType.Changed });
      }
    }
    await c.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
    await c.waitForIndex();
    await waitReady(c);
    // Let the watched-file handling finish, then compare with the disk.
    await eventually(async () => (await ctx.symbols(rewritten[rewritten.length - 1]))[0]?.name, (n) => n === '中共中央政治局召开会议 重写之后的标题');
    for (const f of deleted) {
      assert.deepEqual(await ctx.symbols(f), [], f);
      assert.deepEqual(diagnosticsOf(c, f), [], `no diagnostic left on deleted ${f}`);
    }
    for (const [from, to] of renamed) {
      assert.deepEqual(await ctx.symbols(from), [], from);
      assert.deepEqual(diagnosticsOf(c, from), [], `no diagnostic left on renamed-away ${from}`);
      assert.equal((await ctx.symbols(to)).length, 1, to);
    }
    for (const f of rewritten) assert.equal((await ctx.symbols(f))[0]?.name, '中共中央政治局召开会议 重写之后的标题', f);
    const status = await c.request<{ files: number }>('corpusStudy/status', {});
    const onDisk = fs.readdirSync(ctx.corpus).filter((n) => n.endsWith('.txt')).length;
    assert.equal(status.files, onDisk, 'files in the index = .txt files on disk');
    ctx.server.assertHealthy();
    // The seed: 24 of its own + one 联防联控 per rewritten file + those in the 1500-character heads.
    const perHead = head.split('联防联控').length - 1;
    await assertSeedAnswers(c, ctx.corpus, 24 + rewritten.length + perHead * (N - deleted.length - rewritten.length));
    this.test!.title += ` [${N} files; ${deleted.length} deleted, ${renamed.length} renamed, ${rewritten.length} rewritten after ${during} progress reports]`;
  });
});
