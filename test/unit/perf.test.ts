// Correctness of the performance machinery: the index cache is never trusted when stale or
// corrupt; worker segmentation equals in-process segmentation; the index answers the same
// whatever the order tokens arrive in. No timings here: speed claims come from `npm run bench`.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeTokens, CorpusIndex, joinSegmented, joinSegmentedSteps, placeSegmented, SegmentedText, WordInterner } from '../../server/src/core/corpusIndex';
import { JiebaSegmenter, MAX_PIECE, measuredCut, measuresWordsInPlace, partStarts, pieceEnds } from '../../server/src/core/segmenter';
import { loadGovReports } from './fixtures/govReports';
import { Glossary, parseGlossary } from '../../server/src/core/glossary';
import { decodeEntry, encodeEntry, IndexCache } from '../../server/src/indexCache';
import { cutToUtf16, SegmenterPool } from '../../server/src/segmenterPool';
import { fillPages, nonZeroPages, PAGE, pruneJiebaImages, storedRuns } from '../../server/src/jiebaImageFile';
import { Checksum, hashText } from '../../server/src/checksum';
import { provideReferences } from '../../server/src/features/references';
import fc from 'fast-check';
import { findCandidates, listMatches } from '../../server/src/core/candidates';

const REPO = path.resolve(__dirname, '..', '..', '..');
const seed = fs.readFileSync(path.join(REPO, 'corpus', '000_0e5442cdf73d87c8.txt'), 'utf8');
const glossaryText = fs.readFileSync(path.join(REPO, 'corpus', 'glossary.yaml'), 'utf8');
const glossary = () => new Glossary([parseGlossary(glossaryText, 'file:///glossary.yaml')]);
const dictionary = () => {
  const g = glossary();
  return [...g.forms(), ...g.entries.flatMap((e) => e.parts)];
};

/**
 * A jieba of its own, loaded from a copy of jieba-wasm's files (the bundle's loader when
 * `patched`), with nothing added yet. The module's own jieba is shared by every test of this
 * process, and jieba sets a word's frequency from the dictionary as it is when the word is added:
 * words added again to that shared jieba are weighted otherwise than in a worker, which adds each once.
 */
function freshJieba(patched: boolean): { module: object; dir: string } {
  const pkg = path.dirname(require.resolve('jieba-wasm'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jieba-copy-'));
  const glue = fs.readFileSync(path.join(pkg, 'jieba_rs_wasm.js'), 'utf8');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { patchJiebaGlue } = require(path.join(REPO, 'scripts', 'patch-jieba-glue.cjs')) as { patchJiebaGlue(source: string): string };
  fs.writeFileSync(path.join(dir, 'jieba_rs_wasm.js'), patched ? patchJiebaGlue(glue) : glue);
  fs.copyFileSync(path.join(pkg, 'jieba_rs_wasm_bg.wasm'), path.join(dir, 'jieba_rs_wasm_bg.wasm'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return { module: require(path.join(dir, 'jieba_rs_wasm.js')) as object, dir };
}

describe('index cache', () => {
  const segmenter = new JiebaSegmenter();
  segmenter.addWords(dictionary());
  const seg = analyzeTokens(seed, segmenter.segment(seed));

  it('round-trips an entry', () => {
    const back = decodeEntry(encodeEntry(seg, seed), seed);
    assert.deepEqual(back.tokens.starts, seg.tokens.starts);
    assert.deepEqual(back.tokens.ends, seg.tokens.ends);
    assert.deepEqual(back.words, seg.words);
    assert.deepEqual(back.wordOfToken, seg.wordOfToken);
    assert.deepEqual(back.candidates, seg.candidates);
  });

  const table: { name: string; spoil: (b: Buffer) => Buffer; text?: string }[] = [
    { name: 'a flipped payload byte', spoil: (b) => (b[100] ^= 1, b) },
    { name: 'a truncated file', spoil: (b) => b.subarray(0, b.length - 7) },
    { name: 'an empty file', spoil: () => Buffer.alloc(0) },
    { name: 'another format version', spoil: (b) => (b.writeUInt32LE(999, 4), b) },
    { name: 'a text of another length', spoil: (b) => b, text: seed + '。' },
    { name: 'a text of the same length but other words', spoil: (b) => b, text: seed.replace(/发展/g, '进步') },
  ];
  for (const c of table) {
    it(`rejects ${c.name}`, () => {
      assert.throws(() => decodeEntry(c.spoil(Buffer.from(encodeEntry(seg, seed))), c.text ?? seed));
    });
  }

  it('rejects a consistent-looking entry whose tokens overlap (checksum recomputed)', () => {
    const bad = { ...seg, tokens: { starts: seg.tokens.starts.slice(), ends: seg.tokens.ends.slice() } };
    bad.tokens.starts[5] = bad.tokens.starts[4];
    assert.throws(() => decodeEntry(encodeEntry(bad, seed), seed));
  });

  it('rejects a consistent-looking entry whose token is not as long as its word, or whose word index is out of range (checksum recomputed)', () => {
    const longer = { ...seg, tokens: { starts: seg.tokens.starts, ends: seg.tokens.ends.slice() } };
    // A later token of a word one character longer than the word (its next token starts later still).
    const i = seg.wordOfToken.findIndex((w, k) => k > 0 && seg.wordOfToken.indexOf(w) < k && seg.tokens.starts[k + 1] > seg.tokens.ends[k]);
    assert.ok(i > 0);
    longer.tokens.ends[i] += 1;
    assert.throws(() => decodeEntry(encodeEntry(longer, seed), seed));
    const wordOfToken = seg.wordOfToken.slice();
    wordOfToken[3] = seg.words.length + 5;
    assert.throws(() => decodeEntry(encodeEntry({ ...seg, wordOfToken }, seed), seed));
  });

  it('words come from the text: each decoded word is the text at its tokens', () => {
    const back = decodeEntry(encodeEntry(seg, seed), seed);
    for (let k = 0; k < back.wordOfToken.length; k += 97) assert.equal(back.words[back.wordOfToken[k]], seed.slice(back.tokens.starts[k], back.tokens.ends[k]));
  });

  it('stores a glossary parse by path and text; a corrupt, foreign or other-text entry is not used', async () => {
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-test-'));
    try {
      const cache = IndexCache.open(storage)!;
      const parsed = parseGlossary(glossaryText, 'file:///g.yaml');
      const key = cache.glossaryKey('file:///g.yaml', glossaryText);
      cache.saveGlossary(key, parsed);
      await cache.flush();
      const back = cache.loadGlossary(key, 'file:///g.yaml');
      assert.deepEqual(back, JSON.parse(JSON.stringify(parsed)));
      assert.deepEqual(new Glossary([back!]).forms(), new Glossary([parsed]).forms());
      assert.notEqual(cache.glossaryKey('file:///g.yaml', glossaryText + '\n'), key);
      assert.notEqual(cache.glossaryKey('file:///h.yaml', glossaryText), key);
      assert.equal(cache.loadGlossary(key, 'file:///h.yaml'), undefined);
      const file = path.join(cache.dir, `${key}.bin`);
      const b = fs.readFileSync(file);
      b[b.length - 10] ^= 1;
      fs.writeFileSync(file, b);
      assert.equal(cache.loadGlossary(key, 'file:///g.yaml'), undefined);
      assert.equal(cache.loadGlossary(cache.glossaryKey('file:///x.yaml', 'x'), 'file:///x.yaml'), undefined);
    } finally {
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });

  it('a file read while matching is deferred gets its mentions with the rebuild, the same as matched at once', () => {
    const plain = new CorpusIndex();
    plain.setGlossary(glossary());
    plain.upsertFile({ uri: 'file:///a.txt', path: '/a.txt', text: seed });
    const deferred = new CorpusIndex();
    deferred.setGlossary(glossary());
    deferred.holdTermTable(true);
    deferred.deferMatching(true);
    deferred.upsertFile({ uri: 'file:///a.txt', path: '/a.txt', text: seed });
    assert.ok(deferred.termTableStale);
    const job = deferred.startTermRebuild();
    while (!job.step(Infinity));
    assert.ok(job.commit());
    deferred.deferMatching(false);
    deferred.holdTermTable(false);
    const a = plain.file('file:///a.txt')!;
    const b = deferred.file('file:///a.txt')!;
    assert.deepEqual(Array.from(b.mentionStart), Array.from(a.mentionStart));
    assert.deepEqual(Array.from(b.mentionTerm), Array.from(a.mentionTerm));
    assert.ok(a.mentionStart.length > 0);
  });

  it('misses on another text, dictionary or corrupt file, and writes only in its folder', async () => {
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-test-'));
    const cache = IndexCache.open(storage)!;
    const key = cache.key(hashText(seed), 'dict-a');
    cache.save(key, seg, seed);
    await cache.flush();
    assert.ok(await cache.load(key, seed));
    assert.equal(await cache.load(cache.key(hashText(seed), 'dict-b'), seed), undefined);
    assert.equal(await cache.load(cache.key(hashText(seed + 'x'), 'dict-a'), seed + 'x'), undefined);
    const file = path.join(cache.dir, `${key}.bin`);
    fs.writeFileSync(file, Buffer.from('not an entry'));
    assert.equal(await cache.load(key, seed), undefined);
    assert.ok(cache.dir.startsWith(storage));
    fs.rmSync(storage, { recursive: true, force: true });
  });

  it('a prune after a start keeps the entries of texts the start used or kept (restored from the snapshot), and removes the rest and other formats\' folders', async () => {
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'cache-prune-'));
    try {
      const texts = [seed, seed + 'x', seed + 'y'];
      const before = IndexCache.open(storage)!;
      for (const t of texts) before.save(before.key(hashText(t), 'dict'), seg, t);
      await before.flush();
      // The next start: one text loaded, one kept (its file came back from the snapshot), one gone.
      const after = IndexCache.open(storage)!;
      assert.ok(await after.load(after.key(hashText(texts[0]), 'dict'), texts[0]));
      after.keep(hashText(texts[1]), 'dict');
      // An older extension's cache format, beside this one: never read again.
      const older = path.join(storage, 'index-cache', 'v1');
      fs.mkdirSync(older, { recursive: true });
      fs.writeFileSync(path.join(older, 'snapshot.idx'), 'old');
      // A snapshot being written by this process stays; one a dead process left goes.
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
      const writing = `snapshot.idx.${process.pid}.abc.part`;
      fs.writeFileSync(path.join(after.dir, writing), 'x');
      fs.writeFileSync(path.join(after.dir, `snapshot.idx.${dead}.abc.part`), 'x');
      fs.writeFileSync(path.join(after.dir, `${after.key(hashText(texts[2]), 'dict')}.bin.${dead}.xyz.tmp`), 'x');
      await after.prune();
      assert.deepEqual(fs.readdirSync(path.join(storage, 'index-cache')), [path.basename(after.dir)]);
      const left = fs.readdirSync(after.dir).sort();
      assert.deepEqual(left, [...[after.key(hashText(texts[0]), 'dict'), after.key(hashText(texts[1]), 'dict')].map((k) => `${k}.bin`), writing].sort());
    } finally {
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });
});

describe('segmentation in pieces (jieba traps on tens of megabytes)', () => {
  it('cuts after the last line break, 。 or ， of each window, never inside a surrogate pair, pieces at most MAX_PIECE', () => {
    const texts = [seed.repeat(4), '𠮷'.repeat(MAX_PIECE), 'a'.repeat(MAX_PIECE * 2 + 3), '甲'.repeat(MAX_PIECE - 1) + '𠮷' + '乙'.repeat(10)];
    for (const text of texts) {
      const ends = pieceEnds(text);
      assert.equal(ends[ends.length - 1], text.length);
      let start = 0;
      for (const end of ends) {
        assert.ok(end > start && end - start <= MAX_PIECE);
        const c = text.charCodeAt(end - 1);
        assert.ok(!(c >= 0xd800 && c <= 0xdbff), 'no cut between the halves of a surrogate pair');
        start = end;
      }
    }
    for (const end of pieceEnds(seed.repeat(4)).slice(0, -1)) assert.ok('\n。，'.includes(seed.repeat(4)[end - 1]));
  });

  it('tokens of the pieces equal jieba over the whole text (seed, government reports)', function () {
    this.timeout(120000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jieba = require('jieba-wasm') as { cut(t: string, hmm: boolean): string[] };
    const segmenter = new JiebaSegmenter();
    segmenter.addWords(dictionary());
    const texts = [seed, ...loadGovReports().map((r) => r.text)];
    let pieces = 0;
    for (const text of texts) {
      pieces += pieceEnds(text).length;
      const whole = cutToUtf16(text, jieba.cut(text, true));
      assert.ok(whole);
      const inPieces = segmenter.segment(text);
      assert.deepEqual(inPieces.starts, whole.starts);
      assert.deepEqual(inPieces.ends, whole.ends);
    }
    assert.ok(pieces > texts.length, 'some texts were cut');
  });
});

/** A segmentation joined from parts is the one of the whole text: tokens, words, word numbers, and (at least `minCandidates`) candidates. */
function assertSameSegmentation(joined: SegmentedText, whole: SegmentedText, minCandidates = 0): void {
  assert.deepEqual(joined.tokens.starts, whole.tokens.starts);
  assert.deepEqual(joined.tokens.ends, whole.tokens.ends);
  assert.deepEqual(joined.words, whole.words);
  assert.deepEqual(joined.wordOfToken, whole.wordOfToken);
  // Each part lists its candidates kind by kind: the same hits, in another order.
  const key = (c: { form: string; reason: string; start: number }) => `${c.start}:${c.form}:${c.reason}`;
  assert.deepEqual(joined.candidates.map(key).sort(), whole.candidates.map(key).sort());
  assert.ok(whole.candidates.length >= minCandidates, `${whole.candidates.length} candidates`);
}

describe('segmentation in workers', () => {
  it('cut-based offsets equal tokenize-based offsets (astral characters, CRLF, Latin)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jieba = require('jieba-wasm') as { cut(t: string, hmm: boolean): string[] };
    const segmenter = new JiebaSegmenter();
    segmenter.addWords(dictionary());
    for (const text of [seed, '𠮷野家的四个意识\r\nabc 123 两个维护。', '']) {
      const a = segmenter.segment(text);
      const b = cutToUtf16(text, jieba.cut(text, true));
      assert.ok(b);
      assert.deepEqual(b.starts, a.starts);
      assert.deepEqual(b.ends, a.ends);
    }
  });

  it("the bundle's jieba loader measures words where they lie in wasm memory: the same tokens as from word strings", function () {
    this.timeout(60000);
    // The loader as the bundle has it (scripts/patch-jieba-glue.cjs), as a second jieba in this process.
    const { module: patched, dir } = freshJieba(true);
    const plain = freshJieba(false);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      assert.equal(measuresWordsInPlace(require('jieba-wasm') as object), false);
      assert.equal(measuresWordsInPlace(patched), true);
      const measured = new JiebaSegmenter(patched);
      const fromStrings = new JiebaSegmenter(plain.module);
      measured.addWords(dictionary());
      fromStrings.addWords(dictionary());
      const reports = loadGovReports().slice(0, 12).map((r) => r.text);
      // The placeholders' table slots are released although `cut` leaves out its array: the table does not grow per word.
      const table = (patched as { __wasm?: { __wbindgen_export_2?: { length: number } } }).__wasm?.__wbindgen_export_2;
      measured.segment(seed);
      const slotsAfterOne = table?.length ?? 0;
      for (const text of [seed, ...reports, '𠮷野家的四个意识\r\nabc 123 两个维护。', 'x\ud842y 会议\udfb7', '  \n\n', 'ABC 2020年3月6日']) {
        const a = measured.segment(text);
        const b = fromStrings.segment(text);
        assert.deepEqual(a.starts, b.starts, text.slice(0, 20));
        assert.deepEqual(a.ends, b.ends, text.slice(0, 20));
        // Measured, not fallen back to strings: every piece of the text adds up.
        let start = 0;
        for (const end of pieceEnds(text)) {
          assert.ok(measuredCut(patched, text.slice(start, end)), `measured: ${text.slice(start, start + 20)}`);
          start = end;
        }
      }
      assert.ok(table && table.length <= slotsAfterOne + 64, `table slots ${table?.length} after ${slotsAfterOne}`);
      // Without the hook, the patched loader's cut gives jieba's words, as the original does.
      assert.deepEqual((patched as { cut(t: string, hmm: boolean): string[] }).cut(seed.slice(0, 400), true), (plain.module as { cut(t: string, hmm: boolean): string[] }).cut(seed.slice(0, 400), true));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(plain.dir, { recursive: true, force: true });
    }
  });

  it('the pool falls back to in-process segmentation when no worker script exists', async () => {
    const inProcess = new JiebaSegmenter();
    inProcess.addWords(dictionary());
    const pool = new SegmenterPool(inProcess, { size: 2, workerScript: path.join(os.tmpdir(), 'no-such-worker.js') });
    assert.equal(pool.threads, 0);
    const r = await pool.segment(seed);
    assert.deepEqual(r.tokens.starts, inProcess.segment(seed).starts);
    await pool.close();
  });

  const bundled = path.join(REPO, 'server', 'out', 'segmentWorker.js');
  /** Two workers of the bundle, and a jieba in this thread, each with the glossary's words in its dictionary. */
  const poolWithGlossary = () => {
    const inProcess = new JiebaSegmenter(freshJieba(false).module);
    const pool = new SegmenterPool(inProcess, { size: 2, workerScript: bundled });
    const words = dictionary();
    inProcess.addWords(words);
    pool.addWords(words);
    return { inProcess, pool };
  };
  (fs.existsSync(bundled) ? it : it.skip)('worker results equal in-process results, with the glossary dictionary', async function () {
    this.timeout(30000);
    const { inProcess, pool } = poolWithGlossary();
    const texts = [seed, seed.slice(1000, 5000), '四个意识𠮷两个维护\n“六稳”、“六保”', seed.slice(5000), seed.slice(0, 3000), seed.slice(20000)];
    const results = await Promise.all(texts.map((t) => pool.segment(t)));
    // The second worker started from the first one's copy of jieba's dictionary, and the texts it segmented agree too.
    assert.equal(pool.workersFromImage, 1);
    texts.forEach((t, i) => {
      // From a worker (its vocabulary is the source), not from this thread after a worker failed.
      assert.ok(results[i].source, `text ${i} segmented in a worker`);
      const here = analyzeTokens(t, inProcess.segment(t));
      assert.deepEqual(results[i].tokens.starts, here.tokens.starts);
      assert.deepEqual(results[i].tokens.ends, here.tokens.ends);
      assert.deepEqual(results[i].words, here.words);
      assert.deepEqual(results[i].candidates, here.candidates);
    });
    await pool.close();
  });

  (fs.existsSync(bundled) ? it : it.skip)('texts that reach a worker together are one batch: each gives what it gives alone, and words sent after a text do not reach it', async function () {
    this.timeout(60000);
    const { inProcess, pool } = poolWithGlossary();
    try {
      // A text handed to a worker that is still busy (or still starting), then a word for jieba's
      // dictionary: the text waits in the worker's batch when the word arrives, and is cut without it.
      // Made up, so that no other test's text holds it: this process's jieba keeps it.
      const fresh = '甲乙丙丁戊';
      const long = seed.repeat(2);
      const busy = [pool.segment(long), pool.segment(`${long}。`)];
      const usesFresh = (k: number) => `${seed.slice(k * 1000, k * 1000 + 2000)}\n要${fresh}，推进${fresh}。`;
      const before = pool.segment(usesFresh(0));
      pool.addWords([fresh]);
      const after = pool.segment(usesFresh(1));
      const expectBefore = analyzeTokens(usesFresh(0), inProcess.segment(usesFresh(0)));
      assert.ok(!expectBefore.words.includes(fresh), 'jieba alone splits the new word');
      assertSameSegmentation(await before, expectBefore, 0);
      await Promise.all(busy);
      inProcess.addWords([fresh]);
      const expectAfter = analyzeTokens(usesFresh(1), inProcess.segment(usesFresh(1)));
      assert.ok(expectAfter.words.includes(fresh));
      assertSameSegmentation(await after, expectAfter, 0);
      // Many texts at once, of uneven lengths: the workers hold several each and take them as batches.
      const texts = Array.from({ length: 60 }, (_, i) => seed.slice(i * 500, i * 500 + 800 + (i % 7) * 400) + (i % 9 === 0 ? '\n𠮷四个意识' : ''));
      const results = await Promise.all(texts.map((t) => pool.segment(t)));
      texts.forEach((t, i) => {
        assert.ok(results[i].source, `text ${i} segmented in a worker`);
        assertSameSegmentation(results[i], analyzeTokens(t, inProcess.segment(t)), 0);
      });
    } finally {
      await pool.close();
    }
  });

  (fs.existsSync(bundled) ? it : it.skip)('a long text is segmented in a part per worker, joined to the tokens, words and candidates of one segmentation', async function () {
    this.timeout(60000);
    const long = loadGovReports()
      .map((r) => `${r.title}\n\n${r.text}`)
      .join('\n\n');
    const { inProcess, pool } = poolWithGlossary();
    try {
      const [joined, short] = await Promise.all([pool.segment(long), pool.segment(seed)]);
      // Joined from parts of two vocabularies: no single source; a short text keeps its worker's.
      assert.equal(joined.source, undefined);
      assert.ok(short.source);
      assertSameSegmentation(joined, analyzeTokens(long, inProcess.segment(long)), 100);
    } finally {
      await pool.close();
    }
  });

  it('parts segmented apart, each placed where it begins and joined, give the tokens, words and candidates of one segmentation', () => {
    const inProcess = new JiebaSegmenter();
    inProcess.addWords(dictionary());
    const text = seed + '\n𠮷四个意识\n' + seed.slice(0, 8000);
    const here = analyzeTokens(text, inProcess.segment(text));
    for (const n of [2, 3, 5]) {
      const starts = partStarts(text, n);
      assert.equal(starts.length, n);
      // Each part with a vocabulary of its own, as in separate workers.
      const parts = starts.map((s, k) => {
        const part = text.slice(s, starts[k + 1] ?? text.length);
        return placeSegmented(analyzeTokens(part, inProcess.segment(part), new WordInterner()), s);
      });
      assertSameSegmentation(joinSegmented(parts), here, 20);
    }
  });

  it('a long text is cut into parts just after line breaks, near equal; a text without one near the aim is not cut there', () => {
    const text = '第一行。\n'.repeat(1000);
    const starts = partStarts(text, 3);
    assert.equal(starts.length, 3);
    for (const s of starts.slice(1)) assert.equal(text[s - 1], '\n');
    assert.ok(Math.abs(starts[1] - text.length / 3) < 10 && Math.abs(starts[2] - (2 * text.length) / 3) < 10);
    assert.deepEqual(partStarts('无换行'.repeat(1000), 2), [0]);
    assert.deepEqual(partStarts('长'.repeat(900) + '\n' + '短'.repeat(100), 2), [0]);
  });

  (fs.existsSync(bundled) ? it : it.skip)('a worker given a jieba copy that does not segment the probe text alike refuses it', async function () {
    this.timeout(30000);
    const worker = new Worker(bundled, { workerData: { awaitImage: true } });
    try {
      const reply = new Promise((resolve) => worker.once('message', resolve));
      // All zeros: the size of a real memory image, none of its contents.
      const image = { memory: new SharedArrayBuffer(64 * 65536 * 16), tableLength: 0, probe: 'x' };
      worker.postMessage({ type: 'image', image });
      assert.deepEqual(await reply, { type: 'image-rejected' });
    } finally {
      await worker.terminate();
    }
  });

  it('pruning the image folder removes other builds\' images and abandoned partial writes, and keeps a live recent write', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jieba-prune-'));
    try {
      const keep = path.join(dir, 'jieba-1-aaaaaaaaaaaaaaaa.img');
      const names = {
        keep,
        otherBuild: path.join(dir, 'jieba-1-bbbbbbbbbbbbbbbb.img'),
        // A writer that is gone (pid 2^22 + 1 is above Linux's pid_max default and in use nowhere here).
        deadWriter: path.join(dir, `jieba-1-bbbbbbbbbbbbbbbb.img.${2 ** 22 + 1}.abc123.part`),
        // This process, writing right now.
        liveWriter: path.join(dir, `jieba-1-aaaaaaaaaaaaaaaa.img.${process.pid}.def456.part`),
        // This process too, but untouched for an hour: abandoned.
        staleWriter: path.join(dir, `jieba-1-aaaaaaaaaaaaaaaa.img.${process.pid}.ghi789.part`),
        unrelated: path.join(dir, 'notes.txt'),
      };
      for (const f of Object.values(names)) fs.writeFileSync(f, 'x');
      const hourAgo = new Date(Date.now() - 3600_000);
      fs.utimesSync(names.staleWriter, hourAgo, hourAgo);
      await pruneJiebaImages(keep);
      const left = new Set(fs.readdirSync(dir).map((n) => path.join(dir, n)));
      assert.deepEqual([...left].sort(), [names.keep, names.liveWriter, names.unrelated].sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a jieba image keeps only pages that are not all zero; a restore zeroes the pages it leaves out below the grown part, and does not touch the grown part', () => {
    const pages = 9;
    const image = new Uint8Array(pages * PAGE);
    // Pages 1, 2, 5 and 8 hold something (one of them a single byte at its end); the rest are zero.
    for (const p of [1, 2, 5]) image.fill(p + 1, p * PAGE + 100, p * PAGE + 200);
    image[9 * PAGE - 1] = 7;
    const map = nonZeroPages(image);
    assert.deepEqual(storedRuns(map, pages), [[1, 3], [5, 6], [8, 9]]);
    const stored = Buffer.concat(storedRuns(map, pages).map(([a, b]) => image.subarray(a * PAGE, b * PAGE)));
    const read = (target: Uint8Array, at: number) => {
      target.set(stored.subarray(at, at + target.byteLength));
      return true;
    };
    for (const freshFrom of [0, 4 * PAGE, 6 * PAGE, pages * PAGE]) {
      // Below freshFrom: an instance's own data (to be overwritten or zeroed). From it on: grown, zero.
      const memory = new Uint8Array(pages * PAGE);
      memory.fill(0xaa, 0, freshFrom);
      const sum = new Checksum();
      assert.ok(fillPages(memory, map, freshFrom, read, sum));
      assert.ok(Buffer.from(memory).equals(Buffer.from(image)), `freshFrom ${freshFrom / PAGE} pages`);
      assert.ok(sum.digest().equals(new Checksum().update(stored).digest()), 'the checksum covers the stored bytes in order');
    }
    // A page grown but not zero would betray a wrong assumption: it is left as it is (not read, not zeroed).
    const memory = new Uint8Array(pages * PAGE);
    memory[7 * PAGE] = 1;
    assert.ok(fillPages(memory, map, 4 * PAGE, read, new Checksum()));
    assert.equal(memory[7 * PAGE], 1);
    assert.equal(fillPages(new Uint8Array(pages * PAGE), map, 0, () => false, new Checksum()), false, 'a failed read fails the fill');
  });

  (fs.existsSync(bundled) ? it : it.skip)('jieba\'s built dictionary is kept on disk: the next pool starts every worker from it and segments alike', async function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jieba-image-'));
    // An image of another jieba build: replaced, not kept beside the new one.
    fs.writeFileSync(path.join(dir, 'jieba-1-0123456789abcdef.img'), 'old');
    const words = dictionary();
    const texts = [seed, seed.slice(3000, 9000), '四个意识𠮷两个维护\n“六稳”、“六保”', seed.slice(9000)];
    const run = async () => {
      const pool = new SegmenterPool(new JiebaSegmenter(), { size: 2, workerScript: bundled, imageDir: dir });
      pool.addWords(words);
      try {
        const results = await Promise.all(texts.map((t) => pool.segment(t)));
        await pool.flushImage();
        return { results, fromImage: pool.workersFromImage, fromDisk: pool.imageFromDisk };
      } finally {
        await pool.close();
      }
    };
    try {
      const first = await run();
      assert.equal(first.fromDisk, false);
      assert.equal(first.fromImage, 1, 'one worker built the dictionary, the other started from its copy');
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.img'));
      assert.equal(files.length, 1);
      const second = await run();
      assert.equal(second.fromDisk, true);
      assert.equal(second.fromImage, 2, 'both workers started from the image on disk');
      const inProcess = new JiebaSegmenter();
      inProcess.addWords(words);
      texts.forEach((t, i) => {
        assert.deepEqual(second.results[i].tokens.starts, inProcess.segment(t).starts);
        assert.deepEqual(second.results[i].words, first.results[i].words);
      });
      // A damaged image is refused by every worker (each replaced by one that builds its own
      // dictionary) and removed, so that the next start writes a good one.
      const file = path.join(dir, files[0]);
      const bytes = fs.readFileSync(file);
      bytes[bytes.length >> 1] ^= 0x40;
      fs.writeFileSync(file, bytes);
      const third = await run();
      assert.equal(third.fromImage, 0);
      texts.forEach((t, i) => assert.deepEqual(third.results[i].tokens.starts, inProcess.segment(t).starts));
      assert.equal(fs.existsSync(file), false);
      const fourth = await run();
      assert.equal(fourth.fromImage, 1);
      assert.ok(fs.existsSync(file));
      // Zero pages are left out of the file (a fifth of jieba's memory).
      const good = fs.readFileSync(file);
      const memBytes = good.readUInt32LE(8);
      assert.ok(good.length < memBytes * 0.9, `${good.length} bytes on disk for ${memBytes} of memory`);
      // The page map is under the checksum too: a page marked stored that was not is refused.
      const probeBytes = good.readUInt32LE(16);
      const mapAt = 64 + probeBytes;
      const runs = storedRuns(good.subarray(mapAt, mapAt + Math.ceil(memBytes / PAGE / 8)), memBytes / PAGE);
      assert.ok(runs.length > 1, 'the image has a zero page between stored ones');
      const zeroPage = runs[0][1];
      const badMap = Buffer.from(good);
      badMap[mapAt + (zeroPage >> 3)] |= 1 << (zeroPage & 7);
      badMap.writeUInt32LE(good.readUInt32LE(20) + 1, 20);
      fs.writeFileSync(file, Buffer.concat([badMap, Buffer.alloc(PAGE)]));
      const fifth = await run();
      assert.equal(fifth.fromImage, 0);
      texts.forEach((t, i) => assert.deepEqual(fifth.results[i].tokens.starts, inProcess.segment(t).starts));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // Linux keeps a nice value per thread: the workers' threads run below the server thread's priority.
  const niceOf = (tid: string) => Number(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[16]);
  (fs.existsSync(bundled) && process.platform === 'linux' ? it : it.skip)('segmentation workers run below the priority of the thread that answers requests', async function () {
    this.timeout(30000);
    const pool = new SegmenterPool(new JiebaSegmenter(), { size: 2, workerScript: bundled });
    const before = new Set(fs.readdirSync('/proc/self/task'));
    try {
      await Promise.all([pool.segment(seed), pool.segment(seed.slice(100))]);
      const main = niceOf(String(process.pid));
      const lowered = fs.readdirSync('/proc/self/task').filter((t) => !before.has(t) && niceOf(t) === Math.min(19, main + 10));
      assert.equal(lowered.length, 2, 'one lowered thread per worker');
      assert.equal(os.getPriority(), main, 'the main thread keeps its priority');
    } finally {
      await pool.close();
    }
  });
});

describe('index: tokens from elsewhere, held term table', () => {
  const segmenter = new JiebaSegmenter();
  const build = (viaAnalyze: boolean, hold: boolean) => {
    const index = new CorpusIndex(segmenter);
    index.setGlossary(glossary());
    if (hold) index.holdTermTable(true);
    const half = seed.indexOf('\n', seed.length >> 1);
    const texts = { 'file:///a.txt': seed.slice(0, half), 'file:///b.txt': seed.slice(half + 1) };
    for (const [uri, text] of Object.entries(texts)) index.upsertFile({ uri, path: uri.slice(7), text });
    for (const uri of Object.keys(texts).reverse()) {
      const f = index.file(uri)!;
      index.applyTokens(f, viaAnalyze ? analyzeTokens(f.text, segmenter.segment(f.text)) : segmenter.segment(f.text));
    }
    if (hold) {
      const job = index.startTermRebuild();
      while (!job.step(performance.now() + 1));
      assert.ok(job.commit());
      index.holdTermTable(false);
    }
    return index;
  };
  const summary = (index: CorpusIndex) => {
    const words = ['医务人员', '发展', '疫情'].map((w) => index.occurrencesOfWord(w).map((o) => `${o.uri}:${o.start}:${o.meeting?.rank}`));
    const terms = index.terms().terms.map((t) => `${t.key}:${index.mentionsOf(t).map((o) => `${o.uri}:${o.start}`).join(',')}`);
    return { words, terms, candidates: index.candidateTerms().map((c) => `${c.term.key}:${c.count}`) };
  };

  it('the same answers from token arrays, analyzed tokens, and a held then sliced term-table rebuild', () => {
    const plain = summary(build(false, false));
    assert.deepEqual(summary(build(true, false)), plain);
    assert.deepEqual(summary(build(true, true)), plain);
    assert.ok(plain.candidates.length > 0);
  });

  it('tokens stored while word lists are deferred (a full indexing) answer word queries as if listed at once, also after an edit', () => {
    const inSteps = (defer: boolean) => {
      const index = new CorpusIndex(segmenter);
      index.setGlossary(glossary());
      index.deferWordLists(defer);
      const half = seed.indexOf('\n', seed.length >> 1);
      const texts = { 'file:///a.txt': seed.slice(0, half), 'file:///b.txt': seed.slice(half + 1) };
      for (const [uri, text] of Object.entries(texts)) index.upsertFile({ uri, path: uri.slice(7), text });
      for (const uri of Object.keys(texts)) {
        const f = index.file(uri)!;
        const job = index.applyTokensInSteps(f, analyzeTokens(f.text, segmenter.segment(f.text)));
        while (!job.step(performance.now() + 1));
        job.commit();
      }
      index.deferWordLists(false);
      return index;
    };
    const listed = inSteps(false);
    const deferred = inSteps(true);
    assert.ok(listed.allFiles().every((f) => !f.wordsPending));
    assert.ok(deferred.allFiles().every((f) => f.wordsPending), 'not listed yet');
    const wordStats = (index: CorpusIndex) => ['发展', '疫情', '医务人员'].map((w) => JSON.stringify(index.statsOf({ kind: 'word', word: w, span: { start: 0, end: 0 } })));
    assert.deepEqual(wordStats(deferred), wordStats(listed));
    assert.deepEqual(summary(deferred), summary(listed));
    assert.ok(deferred.allFiles().every((f) => !f.wordsPending), 'listed by the first word query');
    // An edit of a file that was still waiting to be listed: its new version is listed, the old one never.
    const again = inSteps(true);
    for (const index of [listed, again]) {
      const f = index.file('file:///a.txt')!;
      const text = f.text.replace('疫情', '疫情防控发展');
      index.upsertFile({ uri: f.uri, path: f.path, text });
      index.applyTokens(index.file(f.uri)!, segmenter.segment(text));
    }
    assert.deepEqual(summary(again), summary(listed));
    assert.deepEqual(wordStats(again), wordStats(listed));
  });

  it('a long file is listed under its words as it is stored even in a full indexing; put back from a snapshot, a step at a time, and a word query or an edit between the steps gets the lists right', () => {
    // More tokens than one step takes (TOKEN_STEP, 262,144): two-character tokens over a long text.
    const unit = '经济发展社会稳定人民生活改革开放';
    const text = unit.repeat(40000);
    const tokensOf = (t: string) => ({ starts: Uint32Array.from({ length: t.length >> 1 }, (_, i) => 2 * i), ends: Uint32Array.from({ length: t.length >> 1 }, (_, i) => 2 * i + 2) });
    const uri = 'file:///long.txt';
    const make = (defer: boolean) => {
      const index = new CorpusIndex(segmenter);
      index.setGlossary(glossary());
      index.deferWordLists(defer);
      index.upsertFile({ uri, path: '/long.txt', text });
      const job = index.applyTokensInSteps(index.file(uri)!, analyzeTokens(text, tokensOf(text)));
      while (!job.step(performance.now() + 5));
      job.commit();
      index.deferWordLists(false);
      return index;
    };
    const words = ['发展', '稳定', '改革'];
    const answers = (index: CorpusIndex) => words.map((w) => index.occurrencesOfWord(w).map((o) => o.start).join(','));
    const listed = make(false);
    const expected = answers(listed);
    // A full indexing lists a long file in the steps that store it: the first word query or edit after it would list it in one piece.
    assert.equal(make(true).file(uri)!.wordsPending, false);
    // Put back from a snapshot: listed later, a step at a time.
    const snap = listed.exportSnapshot()!;
    const restored = () => {
      const index = new CorpusIndex(segmenter);
      index.setGlossary(glossary());
      assert.ok(index.beginRestore(snap));
      const f = snap.files[0];
      assert.ok(index.restoreFile({ uri: f.uri, path: f.path, text: f.text }, f));
      index.endRestore();
      assert.equal(index.file(uri)!.wordsPending, true);
      return index;
    };
    const stepped = restored();
    let calls = 1;
    while (!stepped.listPendingWords(0)) calls++;
    assert.ok(calls >= 3, `${calls} calls`);
    assert.deepEqual(answers(stepped), expected);
    // A word query between two steps finishes the listing first.
    const queried = restored();
    assert.equal(queried.listPendingWords(0), false);
    assert.deepEqual(answers(queried), expected);
    // An edit between two steps: the new version is listed, the old one never.
    const edited = restored();
    assert.equal(edited.listPendingWords(0), false);
    const next = `改革${text.slice(2, -2)}开放`;
    for (const index of [edited, listed]) {
      index.upsertFile({ uri, path: '/long.txt', text: next });
      index.applyTokens(index.file(uri)!, tokensOf(next));
    }
    while (!edited.listPendingWords(0));
    assert.deepEqual(answers(edited), answers(listed));
  });

  it('occurrences come in chronological order (meeting rank, then offset)', () => {
    const index = build(true, false);
    const occ = index.occurrencesOfWord('疫情');
    for (let i = 1; i < occ.length; i++) {
      const a = occ[i - 1];
      const b = occ[i];
      assert.ok(a.meeting!.rank < b.meeting!.rank || (a.meeting!.rank === b.meeting!.rank && a.start < b.start));
    }
  });

  it('count-only stats (hover, definition) equal the stats of the occurrence list, also after a file is segmented again', () => {
    const index = build(true, false);
    const check = () => {
      const targets = [
        ...['医务人员', '发展', '疫情', '不存在的词'].map((word) => ({ kind: 'word' as const, word, span: { start: 0, end: 0 } })),
        ...index.terms().terms.slice(0, 40).map((term) => ({ kind: 'term' as const, term, span: { start: 0, end: 0 } })),
      ];
      for (const t of targets) {
        const fromList = index.stats(index.occurrencesOf(t));
        const counted = index.statsOf(t);
        assert.deepEqual({ ...counted, first: counted.first && { ...counted.first, meeting: counted.first.meeting?.rank } }, { ...fromList, first: fromList.first && { ...fromList.first, meeting: fromList.first.meeting?.rank } });
      }
    };
    check();
    const f = index.file('file:///b.txt')!;
    const before = index.statsOf({ kind: 'word', word: '疫情', span: { start: 0, end: 0 } }).total;
    index.applyTokens(f, analyzeTokens(f.text, segmenter.segment(f.text)));
    check();
    // Tokens applied twice to the same file (a worker and a fallback both answering) count once.
    assert.equal(index.statsOf({ kind: 'word', word: '疫情', span: { start: 0, end: 0 } }).total, before);
    assert.equal(index.occurrencesOfWord('疫情').length, before);
    const edited = index.upsertFile({ uri: f.uri, path: f.path, text: '疫情发展\n' + f.text });
    index.applyTokens(edited, segmenter.segment(edited.text));
    check();
  });

  it('an edit that changes no candidate form keeps the term table', () => {
    const index = build(true, false);
    const table = index.terms();
    const f = index.file('file:///a.txt')!;
    const edited = index.upsertFile({ uri: f.uri, path: f.path, text: f.text.replace('疫情', '病情'), open: true });
    index.segmentFile(edited.uri);
    assert.equal(index.terms(), table);
  });
});

describe('edits: stand-in tokens until the worker answers', () => {
  it('keeps the tokens before and after the edited stretch, shifted, and drops the ones it touched', () => {
    const segmenter = new JiebaSegmenter();
    const index = new CorpusIndex(segmenter);
    index.upsertFile({ uri: 'file:///a.txt', path: '/a.txt', text: seed, open: true });
    index.segmentFile('file:///a.txt');
    const old = index.file('file:///a.txt')!;
    const at = seed.indexOf('疫情', seed.length >> 1);
    const text = seed.slice(0, at) + '年' + seed.slice(at);
    // The edited version answers at once, before any segmentation of the new text.
    const edited = index.upsertFile({ uri: 'file:///a.txt', path: '/a.txt', text, open: true });
    const words = (t: string, tokens: { starts: Uint32Array; ends: Uint32Array }) => Array.from(tokens.starts, (st, i) => t.slice(st, tokens.ends[i]));
    const before = words(seed, old.tokens!);
    const after = words(text, edited.tokens!);
    assert.equal(after.length, before.length - before.filter((_, i) => old.tokens!.starts[i] < at && old.tokens!.ends[i] > at).length);
    assert.deepEqual(after, before.filter((_, i) => !(old.tokens!.starts[i] < at && old.tokens!.ends[i] > at)));
    for (const c of edited.candidates) assert.ok(text.startsWith(c.form, c.start));
    assert.equal(index.targetAt('file:///a.txt', at + 2)?.span.start, at + 1);
  });
});

describe('references of a frequent word: built a chunk at a time, cancellable in between', () => {
  const segmenter = new JiebaSegmenter();
  const index = new CorpusIndex(segmenter);
  const text = seed.repeat(100);
  index.upsertFile({ uri: 'file:///big.txt', path: '/big.txt', text });
  index.segmentFile('file:///big.txt');
  const f = index.file('file:///big.txt')!;
  const at = text.indexOf('发展');
  const position = f.lines.positionAt(at);

  it('the chunked list equals the occurrence list', async () => {
    const occ = index.occurrencesOfWord('发展');
    assert.ok(occ.length > 4096, `${occ.length} occurrences`);
    const locs = await provideReferences(index, 'file:///big.txt', position);
    assert.ok(Array.isArray(locs));
    assert.deepEqual(locs.map((l) => f.lines.offsetAt(l.range.start)), occ.map((o) => o.start));
  });

  it('a request cancelled while its list is being built answers RequestCancelled', async () => {
    index.upsertFile({ uri: 'file:///other.txt', path: '/other.txt', text: '发展' }); // a new index version: no reuse
    let checks = 0;
    const token = { get isCancellationRequested() { return ++checks > 1; }, onCancellationRequested: () => ({ dispose() {} }) };
    const r = await provideReferences(index, 'file:///big.txt', position, token as never);
    assert.ok(!Array.isArray(r), 'cancelled');
    assert.ok(checks >= 2);
  });
});

describe('candidates: the numeral pre-check and binary searches find what the full scan found', () => {
  it('token-shaped and text-shaped candidates of the government reports', function () {
    this.timeout(60000);
    const segmenter = new JiebaSegmenter();
    for (const text of [seed, ...loadGovReports().slice(0, 20).map((r) => r.text)]) {
      const tokens = segmenter.segment(text);
      const hits = findCandidates(text, tokens);
      for (const h of hits) assert.ok(text.startsWith(h.form, h.start));
      // The list items are aligned with tokens; numbered ones start at a numeral.
      for (const h of hits.filter((x) => x.reason === 'numbered-formula')) assert.ok('一二两三四五六七八九十'.includes(h.form[0]));
    }
  });
});

describe('a long file: read, matched and re-matched a piece at a time', () => {
  // The government reports as one file of ~1.1 million characters (several pieces of every kind).
  const long = loadGovReports()
    .map((r) => `${r.title}\n\n${r.text}`)
    .join('\n\n');
  const input = { uri: 'file:///c/long.txt', path: '/c/long.txt', text: long };
  const mentionList = (index: CorpusIndex) => {
    const f = index.file(input.uri)!;
    return Array.from(f.mentionTerm, (t, i) => `${index.terms().terms[t].key}@${f.mentionStart[i]}-${f.mentionEnd[i]}`);
  };
  const meetings = (index: CorpusIndex) => JSON.stringify(index.file(input.uri)!.parsed.meetings);
  const oneGo = () => {
    const index = new CorpusIndex();
    index.setGlossary(glossary());
    index.upsertFile(input);
    return index;
  };

  it('read in steps (each a bounded piece of work), it has the meetings and mentions of one read', () => {
    const expected = oneGo();
    const index = new CorpusIndex();
    index.setGlossary(glossary());
    const job = index.upsertFileInSteps(input);
    let steps = 1;
    // A deadline already past: each step does the least it can.
    while (!job.step(-Infinity)) steps++;
    assert.equal(index.file(input.uri), undefined, 'not in the index before the commit');
    job.commit();
    assert.ok(long.length > 1_000_000);
    assert.ok(steps >= long.length / (1 << 17), `${steps} steps`);
    assert.equal(meetings(index), meetings(expected));
    assert.deepEqual(mentionList(index), mentionList(expected));
    assert.ok(mentionList(index).length > 300, `${mentionList(index).length} mentions`);
  });

  it('a term table replaced between its steps: the file comes in with mentions by the new table', () => {
    const smaller = new Glossary([parseGlossary(glossaryText.split('\n  - term:').slice(0, 6).join('\n  - term:'), 'file:///glossary.yaml')]);
    const index = new CorpusIndex();
    index.setGlossary(glossary());
    const job = index.upsertFileInSteps(input);
    for (let i = 0; i < 40; i++) job.step(-Infinity);
    index.setGlossary(smaller);
    job.commit();
    const expected = new CorpusIndex();
    expected.setGlossary(smaller);
    expected.upsertFile(input);
    assert.equal(smaller.entries.length, 5);
    assert.ok(mentionList(expected).length > 0);
    assert.deepEqual(mentionList(index), mentionList(expected));
  });

  it('a term-table rebuild matches the long file over several steps, to the mentions of one match', () => {
    const index = oneGo();
    const job = index.startTermRebuild();
    let steps = 1;
    while (!job.step(-Infinity)) steps++;
    assert.ok(job.commit());
    assert.ok(steps >= long.length / (1 << 17), `${steps} steps`);
    assert.deepEqual(mentionList(index), mentionList(oneGo()));
  });

  describe('its tokens', () => {
    let whole: SegmentedText;
    before(function () {
      this.timeout(30000);
      const jieba = new JiebaSegmenter();
      jieba.addWords(dictionary());
      whole = analyzeTokens(long, jieba.segment(long));
      // Parts as two workers would send them, the second longer than one step takes.
      const cut = long.indexOf('\n', long.length / 5) + 1;
      const parts = [0, cut].map((s, k) => placeSegmented(analyzeTokens(long.slice(s, k === 0 ? cut : long.length), jieba.segment(long.slice(s, k === 0 ? cut : long.length)), new WordInterner()), s));
      assert.ok(parts[1].tokens.starts.length > 2 ** 18, `${parts[1].tokens.starts.length} tokens in the second part`);
      joinedInSteps = joinSegmentedSteps(parts);
    });
    let joinedInSteps: ReturnType<typeof joinSegmentedSteps>;

    it('joined from parts over several steps: the tokens, words and word numbers of one segmentation', () => {
      let steps = 1;
      let r = joinedInSteps.next();
      for (; !r.done; r = joinedInSteps.next()) steps++;
      assert.ok(steps >= 4, `${steps} steps`);
      assertSameSegmentation(r.value, whole, 100);
    });

    it('stored over several steps: the word numbers, postings and word answers of storing them at once; not seen before the commit', () => {
      const once = oneGo();
      once.applyTokens(once.file(input.uri)!, whole);
      const index = oneGo();
      const file = index.file(input.uri)!;
      const job = index.applyTokensInSteps(file, whole);
      let steps = 1;
      while (!job.step(-Infinity)) {
        steps++;
        assert.equal(index.file(input.uri)!.segmented, false);
      }
      job.commit();
      assert.ok(whole.tokens.starts.length > 2 ** 18 && steps >= 6, `${steps} steps for ${whole.tokens.starts.length} tokens`);
      const [a, b] = [once.file(input.uri)!, index.file(input.uri)!];
      assert.deepEqual(b.tokenWord, a.tokenWord);
      assert.deepEqual(b.wordIds, a.wordIds);
      assert.deepEqual(b.postStart, a.postStart);
      assert.deepEqual(b.postings, a.postings);
      // And right, not merely alike: each token's word, and each word's tokens in order.
      assert.deepEqual(b.tokenWord, Uint32Array.from(whole.wordOfToken, (l) => b.wordIds![l]));
      const tokensOf: number[][] = whole.words.map(() => []);
      whole.wordOfToken.forEach((l, i) => tokensOf[l].push(i));
      tokensOf.forEach((list, l) => assert.deepEqual(Array.from(b.postings!.subarray(b.postStart![l], b.postStart![l + 1])), list));
      for (const w of ['发展', '改革', '人民']) {
        assert.ok(once.occurrencesOfWord(w).length > 100, w);
        // Where and in which meeting (a deep comparison of thousands of meetings takes seconds).
        const at = (o: { start: number; end: number; meeting?: { rank: number } }) => `${o.start}-${o.end}@${o.meeting?.rank}`;
        assert.deepEqual(index.occurrencesOfWord(w).map(at), once.occurrencesOfWord(w).map(at));
      }
    });

    it('a file replaced between the steps keeps its new version, unsegmented', () => {
      const index = oneGo();
      const file = index.file(input.uri)!;
      const job = index.applyTokensInSteps(file, whole);
      for (let i = 0; i < 3; i++) job.step(-Infinity);
      index.upsertFile({ ...input, text: long.slice(0, 5000) });
      job.commit();
      assert.equal(index.file(input.uri)!.segmented, false);
      assert.equal(file.segmented, false);
      assert.deepEqual(index.occurrencesOfWord('发展'), []);
    });
  });
});

describe('candidates: 、-lists found from the 、 out', () => {
  const GLOBAL = /(?:[\u4e00-\u9fff]{2,8}、){2,}[\u4e00-\u9fff]{2,8}/g;
  const both = (text: string) => {
    const fast = [...listMatches(text)].map((m) => [m.index, m[0]]);
    const full = [...text.matchAll(GLOBAL)].map((m) => [m.index, m[0]]);
    assert.deepStrictEqual(fast, full, JSON.stringify(text));
    return fast.length;
  };

  it('gives the matches of a global search over every start, on the reports', () => {
    let n = 0;
    for (const text of [seed, ...loadGovReports().map((r) => r.text)]) n += both(text);
    assert.ok(n > 100, `lists found: ${n}`);
  });

  it('gives the matches of a global search on texts made of Han characters, 、 and punctuation', () => {
    // A small alphabet makes lists, near-lists (items of 1 or 9+ characters) and runs of 、 common.
    const ch = fc.constantFrom('治', '理', '发', '展', '、', '，', 'a', '𠮷', '\n', '、');
    fc.assert(fc.property(fc.array(ch, { maxLength: 80 }), (cs) => void both(cs.join(''))), { numRuns: 3000 });
  });
});

describe('word interning: numbers words as a Map of their strings would', () => {
  it('single characters (a table) and longer words (a hash table that grows) alike', () => {
    const unit = fc.constantFrom('的', '发', '展', 'a', '\ud842', '\udfb7', '𠮷', '、');
    const word = fc.array(unit, { minLength: 1, maxLength: 4 }).map((u) => u.join(''));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 3000 }), (words) => {
        const text = words.join('');
        const starts = new Uint32Array(words.length);
        const ends = new Uint32Array(words.length);
        let at = 0;
        words.forEach((w, i) => {
          starts[i] = at;
          ends[i] = at += w.length;
        });
        const interner = new WordInterner();
        const expected = new Map<string, number>();
        words.forEach((w, i) => {
          if (!expected.has(w)) expected.set(w, expected.size);
          assert.equal(interner.intern(text, starts[i], ends[i]), expected.get(w), `${JSON.stringify(w)} at ${i}`);
        });
        assert.deepEqual(interner.words, [...expected.keys()]);
      }),
      { numRuns: 200 },
    );
  });
});
