// Study requests on a corpus large enough that they run in many slices, over stdio: a request sent
// behind one is answered before it ends, a cancelled one answers RequestCancelled (-32800) and the
// server goes on answering; uncancelled, the sliced answers are the ones the text gives.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import { LspTestClient } from './lspClient';
import { seedText, tempCorpus } from './fixtures';

interface Row {
  uri: string;
  start: number;
  end: number;
  left: string;
  hit: string;
  right: string;
  leftWord: string;
  rightWord: string;
}
interface Concordance {
  total: number;
  unfiltered: number;
  rows: Row[];
}

/** Copies of the seed besides the seed itself: ~2.7 MB, about 14,000 hits of 的. */
const COPIES = 24;

describe('study requests in slices: cancellable, and never holding the server (stdio)', function () {
  this.timeout(120000);
  const text = seedText();
  let dir: string;
  let client: LspTestClient;

  before(async () => {
    const files: Record<string, string> = {};
    // One change in each copy, so that no two files are alike.
    for (let i = 0; i < COPIES; i++) files[`copy${String(i).padStart(2, '0')}.txt`] = text.replace('会议强调', `会议强调${'，'.repeat(i + 1)}`);
    dir = tempCorpus(files);
    client = await LspTestClient.start({ folder: dir });
  });
  after(async () => {
    await client?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const isCancelled = (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled;
  /** Sends a request that can be cancelled; `settled` tells whether its answer has arrived. */
  function cancellable<R>(method: string, params: unknown) {
    const source = new CancellationTokenSource();
    const state = { settled: false };
    const answer = client.connection.sendRequest(method, params, source.token).finally(() => (state.settled = true)) as Promise<R>;
    return { answer, state, cancel: () => source.cancel() };
  }
  /**
   * Sends a long request, then a status request behind it: the server reads messages in order, so
   * when the status answer arrives the long request has started, and it is still running only if it
   * let the status request through between two slices. Then cancels it: RequestCancelled.
   */
  async function answersBehindThenCancels(method: string, params: unknown): Promise<void> {
    const r = cancellable(method, params);
    await client.request('corpusStudy/status', {});
    assert.equal(r.state.settled, false, 'the request sent behind it waited for its end');
    r.cancel();
    await assert.rejects(r.answer, isCancelled);
  }
  const totalHits = () => text.split('的').length - 1 + COPIES * (text.split('的').length - 1);

  it('a study request cancelled while the corpus is still being indexed answers RequestCancelled without waiting for the index', async () => {
    // Sent at once after initialization: the first indexing run has only begun.
    const status = await client.request<{ phase: string }>('corpusStudy/status', {});
    assert.notEqual(status.phase, 'ready');
    const r = cancellable('corpusStudy/trend', { terms: ['发展'] });
    r.cancel();
    await assert.rejects(r.answer, isCancelled);
    const after = await client.request<{ phase: string }>('corpusStudy/status', {});
    assert.notEqual(after.phase, 'ready', 'the answer came before indexing ended');
    await client.waitForIndex();
  });

  // Each of these runs for many slices on this corpus.
  const long: [string, Record<string, unknown>][] = [
    ['corpusStudy/concordance', { query: '的', match: 'string', sort: 'left', width: 100, limit: 20 }],
    ['corpusStudy/frequencyTable', { format: 'csv-long', includeCandidates: true }],
  ];
  for (const [method, params] of long) {
    it(`${method} ${JSON.stringify(params)}: a request sent behind it is answered first; cancelled, it answers RequestCancelled; the server goes on`, async () => {
      await client.waitForIndex();
      await answersBehindThenCancels(method, params);
      // Still serving: the cheap request, and the same request to its end.
      const status = await client.request<{ phase: string }>('corpusStudy/status', {});
      assert.equal(status.phase, 'ready');
      const again = await client.request<unknown>(method, params);
      assert.ok(again);
    });
  }

  it('uncancelled, the sliced concordance has every hit of the text, pages as the full list does and sorts as a stable sort by its keys', async () => {
    await client.waitForIndex();
    const byDate = await client.request<Concordance>('corpusStudy/concordance', { query: '的', match: 'string' });
    assert.equal(byDate.total, totalHits());
    assert.equal(byDate.rows.length, byDate.total);
    const texts = new Map<string, string>();
    const textOf = (uri: string) => {
      if (!texts.has(uri)) texts.set(uri, fs.readFileSync(new URL(uri), 'utf8'));
      return texts.get(uri)!;
    };
    for (const r of byDate.rows) {
      assert.equal(textOf(r.uri).slice(r.start, r.end), '的');
      assert.equal(r.hit, '的');
    }
    assert.equal(texts.size, COPIES + 1);

    const page = await client.request<Concordance>('corpusStudy/concordance', { query: '的', match: 'string', offset: 5000, limit: 100 });
    assert.deepEqual(page.rows, byDate.rows.slice(5000, 5100));

    const collator = new Intl.Collator('zh');
    const reversed = (s: string) => [...s].reverse().join('');
    const at = new Map(byDate.rows.map((r, i) => [`${r.uri}#${r.start}`, i]));
    const order = (rows: Row[]) => rows.map((r) => at.get(`${r.uri}#${r.start}`));
    const left = await client.request<Concordance>('corpusStudy/concordance', { query: '的', match: 'string', sort: 'left' });
    const right = await client.request<Concordance>('corpusStudy/concordance', { query: '的', match: 'string', sort: 'right' });
    // Array.prototype.sort is stable: ties keep the date order, as the server promises.
    const expectedLeft = [...byDate.rows].sort((a, b) => collator.compare(a.leftWord, b.leftWord) || collator.compare(reversed(a.left), reversed(b.left)));
    const expectedRight = [...byDate.rows].sort((a, b) => collator.compare(a.rightWord, b.rightWord) || collator.compare(a.right, b.right));
    assert.deepEqual(order(left.rows), order(expectedLeft));
    assert.deepEqual(order(right.rows), order(expectedRight));

    const csv = await client.request<{ csv: string; rows: number }>('corpusStudy/concordanceCsv', { query: '的', match: 'string', sort: 'left' });
    assert.equal(csv.rows, totalHits());
    assert.equal(csv.csv.split('\r\n').filter(Boolean).length, totalHits() + 1);
  });

  it('CodeLens (the distinctive terms over every meeting title): a request sent behind it is answered first; cancelled, it answers RequestCancelled; after an edit the lenses follow', async () => {
    await client.waitForIndex();
    const uri = pathToFileURL(path.join(dir, 'corpus', 'copy00.txt')).toString();
    const params = { textDocument: { uri } };
    // Its first computation counts every word of the corpus, a slice at a time.
    await answersBehindThenCancels('textDocument/codeLens', params);
    type Lens = { range: { start: { line: number } }; command: { title: string; arguments: unknown[] } };
    // The distinctive-terms lenses; the compare lens beside each is resolved only when shown.
    const distinctive = async () => (await client.request<Lens[]>('textDocument/codeLens', params)).filter((l) => l.command);
    const lenses = await distinctive();
    assert.equal(lenses.length, 12);
    assert.ok(lenses.every((l) => l.command.title.startsWith('Distinctive: ')));
    // An edit that puts a new line above the first title: every lens moves down one line.
    const file = fs.readFileSync(new URL(uri), 'utf8');
    await client.open(uri, file);
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }]);
    const moved = await distinctive();
    assert.deepEqual(moved.map((l) => l.range.start.line), lenses.map((l) => l.range.start.line + 1));
    assert.deepEqual(moved.map((l) => l.command.title), lenses.map((l) => l.command.title));
    // Back to the text on disk before closing, so that the file is as the other tests expect it.
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
    await client.close(uri);
  });
});
