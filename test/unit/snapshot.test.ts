// The index snapshot: an index put back from one answers every query as the index it was taken
// from; damaged, stale or inconsistent snapshots are refused, never half used.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CorpusIndex, FileInput, IndexSnapshot, Target } from '../../server/src/core/corpusIndex';
import { Glossary, parseGlossary } from '../../server/src/core/glossary';
import { JiebaSegmenter } from '../../server/src/core/segmenter';
import { hashText, hashTextInPieces } from '../../server/src/checksum';
import { decodeSnapshot, LoadedSnapshot, writeSnapshot } from '../../server/src/indexSnapshot';
import { indexCacheDir, readWhole, snapshotFileIn, startSnapshotReadAhead, STORAGE_ARG, takeSnapshotReadAhead } from '../../server/src/snapshotReadAhead';
import { candidateColumns, candidatesFromColumns } from '../../server/src/candidateColumns';
import { loadGovReports } from './fixtures/govReports';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SEED = fs.readFileSync(path.join(REPO, 'corpus', '000_0e5442cdf73d87c8.txt'), 'utf8');
const GLOSSARY_TEXT = fs.readFileSync(path.join(REPO, 'corpus', 'glossary.yaml'), 'utf8');
const DICT = 'dictionary-hash';

const glossary = (text = GLOSSARY_TEXT) => new Glossary([parseGlossary(text, 'file:///g/glossary.yaml')]);

/** The seed, a few government reports, and a text with 𠮷 (outside the BMP) before its terms. */
function inputs(): FileInput[] {
  const reports = loadGovReports().filter((r) => r.year !== null && r.year >= 2018 && r.year <= 2020);
  return [
    { uri: 'file:///c/seed.txt', path: '/c/seed.txt', text: SEED },
    ...reports.map((r) => ({ uri: `file:///c/${r.fileName}`, path: `/c/${r.fileName}`, text: r.text })),
    { uri: 'file:///c/astral.txt', path: '/c/astral.txt', text: '𠮷𠮷会议\n\n会议强调，要增强“四个意识”，坚持六稳，做好联防联控。𠮷发展经济。\n' },
  ];
}

function indexOf(files: FileInput[], g = glossary()): CorpusIndex {
  const index = new CorpusIndex(new JiebaSegmenter());
  index.setGlossary(g);
  index.holdTermTable(true);
  for (const f of files) {
    index.upsertFile(f);
    index.segmentFile(f.uri);
  }
  index.holdTermTable(false);
  return index;
}

async function roundTrip(snapshot: IndexSnapshot, dictionaryHash = DICT): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-test-'));
  try {
    const file = path.join(dir, 'snapshot.idx');
    await writeSnapshot(file, snapshot, dictionaryHash, async () => undefined);
    // Read back as the service reads it.
    return await readWhole(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `asBytes`: each text whose hash matches comes as its UTF-8 bytes, as the service reads an unchanged file. */
function restored(snap: LoadedSnapshot, files: FileInput[], g = glossary(), asBytes = false): { index: CorpusIndex; began: boolean; restoredUris: string[] } {
  const index = new CorpusIndex(new JiebaSegmenter());
  index.setGlossary(g);
  const began = index.beginRestore(snap);
  const restoredUris: string[] = [];
  if (began) {
    const byUri = new Map(snap.files.map((f) => [f.uri, f]));
    for (const f of files) {
      const s = byUri.get(f.uri);
      // As the service does: only a file whose text has the stored hash.
      const text = asBytes ? { utf8: Buffer.from(f.text, 'utf8'), length: f.text.length } : f.text;
      if (s && s.textHash === hashText(f.text) && index.restoreFile({ ...f, text }, s)) restoredUris.push(f.uri);
      else {
        index.upsertFile(f);
        index.segmentFile(f.uri);
      }
    }
    index.endRestore();
  }
  return { index, began, restoredUris };
}

/** Everything a user sees, as plain data: terms and their mentions, words, candidates, meetings, targets. */
function answers(index: CorpusIndex, files: FileInput[]): string {
  const occ = (t: Target) => index.occurrencesOf(t).map((o) => `${o.uri}:${o.start}-${o.end}`);
  const terms = index.terms().terms.map((t) => ({ key: t.key, kind: t.kind, mentions: occ({ kind: 'term', term: t, span: { start: 0, end: 0 } }) }));
  const words = ['发展', '经济', '疫情', '会议', '人民', '改革'].map((w) => ({ w, at: occ({ kind: 'word', word: w, span: { start: 0, end: 0 } }), stats: index.statsOf({ kind: 'word', word: w, span: { start: 0, end: 0 } }).perMeeting }));
  const targets: unknown[] = [];
  for (const f of files) {
    for (let o = 0; o < f.text.length; o += 37) {
      const t = index.targetAt(f.uri, o);
      targets.push(t && (t.kind === 'term' ? [t.term.key, t.span] : [t.word, t.span]));
    }
  }
  const meetings = index.meetingsChronological().map((m) => [m.uri, m.rank, m.meeting.title, m.meeting.date.iso]);
  const candidates = index.candidateTerms().map((c) => [c.term.key, c.count, c.meetings]);
  return JSON.stringify({ terms, words, targets, meetings, candidates });
}

describe('index snapshot', function () {
  this.timeout(60000);
  const files = inputs();
  let original: CorpusIndex;
  let expected: string;
  let bytes: Buffer;

  before(async () => {
    original = indexOf(files);
    expected = answers(original, files);
    bytes = await roundTrip(original.exportSnapshot()!);
  });

  it('an index put back from a snapshot answers every query as the index it was taken from', () => {
    const { index, began, restoredUris } = restored(decodeSnapshot(bytes, DICT), files);
    assert.ok(began);
    assert.equal(restoredUris.length, files.length);
    // Nothing was segmented or matched again: every file's tokens are the snapshot's.
    assert.equal(answers(index, files), expected);
    // The structure came from the snapshot too (no reader run), the same down to each section.
    for (const f of files) assert.deepEqual(JSON.parse(JSON.stringify(index.file(f.uri)!.parsed)), JSON.parse(JSON.stringify(original.file(f.uri)!.parsed)));
  });

  it('files put back with their texts as bytes answer as the index they were taken from, and decode each text once', () => {
    const { index, restoredUris } = restored(decodeSnapshot(bytes, DICT), files, glossary(), true);
    assert.equal(restoredUris.length, files.length);
    assert.ok(files.every((f) => index.file(f.uri)!.textPending && index.file(f.uri)!.textLength === f.text.length));
    assert.equal(answers(index, files), expected);
    // A request that read a text decoded it; the background pass decodes the rest.
    assert.equal(index.file(files[0].uri)!.lines.offsetAt({ line: 2, character: 0 }), original.file(files[0].uri)!.lines.offsetAt({ line: 2, character: 0 }));
    assert.equal(index.file(files[0].uri)!.textPending, false);
    assert.ok(index.decodePendingTexts());
    for (const f of files) {
      assert.equal(index.file(f.uri)!.textPending, false);
      assert.equal(index.file(f.uri)!.text, f.text);
    }
  });

  it('a long text hashed in pieces (pausing between) has the hash of its UTF-8, with a surrogate pair at each piece boundary', async () => {
    // Pieces of 2^19 units: 𠮷 (two UTF-16 units) straddles the end of the first piece and of the second.
    const P = 1 << 19;
    const text = 'a'.repeat(P - 1) + '𠮷' + '会'.repeat(P - 1) + '𠮷' + '议'.repeat(100);
    assert.equal(text.charCodeAt(P - 1), 0xd842);
    assert.equal(text.charCodeAt(2 * P), 0xd842);
    let pauses = 0;
    assert.equal(await hashTextInPieces(text, async () => void pauses++), hashText(text));
    assert.ok(pauses >= 2);
    assert.equal(await hashTextInPieces('𠮷会议', async () => undefined), hashText('𠮷会议'));
  });

  it('a stored structure with a span outside its text is not used: the file is read again', () => {
    const snap = decodeSnapshot(bytes, DICT);
    const seed = snap.files.find((f) => f.uri === 'file:///c/seed.txt')!;
    seed.parsed!.meetings[3].sections[0].span.end = files[0].text.length + 1;
    const { index } = restored(snap, files);
    const f = index.file('file:///c/seed.txt')!;
    assert.notEqual(f.parsed, seed.parsed);
    assert.deepEqual(JSON.parse(JSON.stringify(f.parsed)), JSON.parse(JSON.stringify(original.file('file:///c/seed.txt')!.parsed)));
    // An intact one is used as it is.
    const other = snap.files.find((x) => x.uri !== 'file:///c/seed.txt')!;
    assert.equal(index.file(other.uri)!.parsed, other.parsed);
  });

  it('word queries see restored files before they are listed under their words in the background', () => {
    const { index } = restored(decodeSnapshot(bytes, DICT), files);
    // No listing step has run: the first word query must still find every occurrence.
    const w = { kind: 'word' as const, word: '发展', span: { start: 0, end: 0 } };
    assert.deepEqual(index.statsOf(w), original.statsOf(w));
    assert.ok(index.statsOf(w).total > 100);
  });

  it('a snapshot holds its files in corpus order, which a restart keeps without sorting; a file new since is placed by its path', () => {
    const order = (i: CorpusIndex) => i.sortedFiles().map((f) => f.uri);
    const snap = decodeSnapshot(bytes, DICT);
    assert.deepEqual(snap.files.map((f) => f.uri), order(original));
    // The order comes from the snapshot, not from sorting the paths again: one stored the other way round is kept so.
    const reversed = { ...snap, files: [...snap.files].reverse() };
    assert.deepEqual(order(restored(reversed, files).index), [...order(original)].reverse());
    // A file the snapshot does not hold goes where sorting every path puts it (numbers by value).
    const index = restored(decodeSnapshot(bytes, DICT), files).index;
    const fresh = indexOf(files);
    for (const name of ['/c/a10.txt', '/c/seed2.txt', '/c/0.txt', '/c/zz.txt']) {
      const f = { uri: `file://${name}`, path: name, text: '会议强调发展经济。\n' };
      index.upsertFile(f);
      fresh.upsertFile(f);
    }
    assert.deepEqual(order(index), order(fresh));
  });

  it('term queries see restored files before they are listed under their terms; the background listing lists each as the original index did', () => {
    const term = (i: CorpusIndex): Target => ({ kind: 'term', term: i.terms().terms.find((t) => t.key === '联防联控')!, span: { start: 0, end: 0 } });
    const first = restored(decodeSnapshot(bytes, DICT), files).index;
    for (const f of files) assert.equal(first.file(f.uri)!.termIds, undefined, 'not before the listing');
    // A word query lists files under their words only.
    first.statsOf({ kind: 'word', word: '发展', span: { start: 0, end: 0 } });
    for (const f of files) assert.equal(first.file(f.uri)!.termIds, undefined, 'not by a word query');
    // No listing step has run: the first count must still find every mention.
    assert.deepEqual(first.statsOf(term(first)), original.statsOf(term(original)));
    assert.ok(original.statsOf(term(original)).total > 10);
    const second = restored(decodeSnapshot(bytes, DICT), files).index;
    assert.ok(second.listPending());
    for (const f of files) assert.deepEqual(Array.from(second.file(f.uri)!.termIds!), Array.from(original.file(f.uri)!.termIds!), f.uri);
    assert.deepEqual(second.statsOf(term(second)), original.statsOf(term(original)));
  });

  it('postings are not stored: a restored file makes them from its tokens when listed under its words, equal to the original index\'s', () => {
    const { index } = restored(decodeSnapshot(bytes, DICT), files);
    for (const f of files) assert.equal(index.file(f.uri)!.postings, undefined, 'not before the listing');
    assert.ok(index.listPendingWords());
    for (const f of files) {
      const a = original.file(f.uri)!;
      const b = index.file(f.uri)!;
      assert.deepEqual(Array.from(b.wordIds!), Array.from(a.wordIds!), f.uri);
      assert.deepEqual(Array.from(b.postStart!), Array.from(a.postStart!), f.uri);
      assert.deepEqual(Array.from(b.postings!), Array.from(a.postings!), f.uri);
    }
  });

  it('candidate hits come back as they were, every reason among them', () => {
    const snap = decodeSnapshot(bytes, DICT);
    const reasons = new Set<string>();
    for (const f of files) {
      const stored = snap.files.find((x) => x.uri === f.uri)!;
      assert.deepEqual(stored.candidates, original.file(f.uri)!.candidates, f.uri);
      for (const c of stored.candidates) reasons.add(c.reason);
    }
    assert.deepEqual([...reasons].sort(), ['numbered-formula', 'parallel-list', 'quoted']);
  });

  it('stored candidate columns come back only as written: an unknown reason, a column of another length or a hit that does not fit refuses them', () => {
    const hits = original.file(files[0].uri)!.candidates;
    const cols = candidateColumns(hits);
    const anywhere = () => true;
    assert.deepEqual(candidatesFromColumns(JSON.parse(JSON.stringify(cols)), anywhere), hits);
    assert.equal(candidatesFromColumns({ ...cols, reasons: '9' + cols.reasons.slice(1) }, anywhere), undefined);
    assert.equal(candidatesFromColumns({ ...cols, starts: cols.starts.slice(1) }, anywhere), undefined);
    assert.equal(candidatesFromColumns({ ...cols, starts: [-1, ...cols.starts.slice(1)] }, anywhere), undefined);
    assert.equal(candidatesFromColumns(cols, (form, start) => start !== hits[hits.length - 1].start), undefined);
    assert.equal(candidatesFromColumns([], anywhere), undefined);
  });

  it('the term table is numbered the same whatever order files were segmented in', () => {
    const reversed = indexOf([...files].reverse());
    const a = original.exportSnapshot()!;
    const b = reversed.exportSnapshot()!;
    assert.equal(b.tableSignature, a.tableSignature);
    assert.ok(a.tableSignature.length > 1000);
  });

  it('a file read in one request (readWhole) has every byte of a file of several megabytes, and an empty file reads empty', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-whole-'));
    try {
      // Larger than fs.promises.readFile's 512 KB pieces, and not a multiple of them.
      const big = Buffer.alloc(3 * 1024 * 1024 + 12345);
      for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
      fs.writeFileSync(path.join(dir, 'big'), big);
      assert.ok((await readWhole(path.join(dir, 'big'))).equals(big));
      fs.writeFileSync(path.join(dir, 'empty'), '');
      assert.equal((await readWhole(path.join(dir, 'empty'))).length, 0);
      await assert.rejects(readWhole(path.join(dir, 'missing')), /ENOENT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the snapshot read from the process start (the storage folder in the arguments) is handed once, and only for its own file', async () => {
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'read-ahead-'));
    try {
      const file = snapshotFileIn(indexCacheDir(storage));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, bytes);
      // Started, then asked for by the cache of that folder: the very bytes; a second ask reads itself.
      startSnapshotReadAhead(['node', 'server.js', '--stdio', STORAGE_ARG + storage]);
      const ahead = takeSnapshotReadAhead(file);
      assert.ok(ahead);
      assert.ok((await ahead)!.equals(bytes));
      assert.equal(takeSnapshotReadAhead(file), undefined);
      // Another folder's cache gets nothing, and the read-ahead is dropped (not held for later).
      startSnapshotReadAhead([STORAGE_ARG + storage]);
      assert.equal(takeSnapshotReadAhead(snapshotFileIn(indexCacheDir(path.join(storage, 'other')))), undefined);
      assert.equal(takeSnapshotReadAhead(file), undefined);
      // Dropped without a file.
      startSnapshotReadAhead([STORAGE_ARG + storage]);
      assert.equal(takeSnapshotReadAhead(), undefined);
      assert.equal(takeSnapshotReadAhead(file), undefined);
      // No snapshot yet (a first start): the read gives undefined, nothing thrown.
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'read-ahead-empty-'));
      startSnapshotReadAhead([STORAGE_ARG + empty]);
      assert.equal(await takeSnapshotReadAhead(snapshotFileIn(indexCacheDir(empty))), undefined);
      fs.rmSync(empty, { recursive: true, force: true });
      // No argument, or an empty one: nothing started.
      startSnapshotReadAhead(['node', 'server.js']);
      startSnapshotReadAhead([STORAGE_ARG]);
      assert.equal(takeSnapshotReadAhead(file), undefined);
    } finally {
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });

  it('a damaged byte anywhere is caught by the checksum', () => {
    for (const at of [45, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const damaged = Buffer.from(bytes);
      damaged[at] ^= 0x01;
      assert.throws(() => decodeSnapshot(damaged, DICT), /rejected/);
    }
    assert.throws(() => decodeSnapshot(bytes.subarray(0, bytes.length - 4), DICT), /rejected: size/);
  });

  it('a snapshot made with another jieba dictionary, or by another server build, is not used', () => {
    assert.throws(() => decodeSnapshot(bytes, 'another-dictionary'), /rejected: dictionary/);
    assert.throws(() => decodeSnapshot(bytes, DICT, 'another-build'), /rejected: build/);
  });

  it('a changed glossary (another term table) refuses the snapshot and leaves the index empty', () => {
    const changed = glossary(GLOSSARY_TEXT.replace('  - term: 四个意识\n', '  - term: 四个意识\n    aliases: [会议强调]\n'));
    const { index, began } = restored(decodeSnapshot(bytes, DICT), files, changed);
    assert.equal(began, false);
    assert.equal(index.allFiles().length, 0);
  });

  it('a file whose stored arrays do not fit its text is refused and the index left without it', () => {
    const snap = decodeSnapshot(bytes, DICT);
    const index = new CorpusIndex(new JiebaSegmenter());
    index.setGlossary(glossary());
    assert.ok(index.beginRestore(snap));
    const seed = snap.files.find((f) => f.uri === 'file:///c/seed.txt')!;
    const input = files[0];
    const cases: [string, () => void, () => void][] = [
      ['a token past the end of the text', () => (seed.ends[seed.ends.length - 1] += 1000), () => (seed.ends[seed.ends.length - 1] -= 1000)],
      ['a token of the wrong length for its word', () => (seed.ends[3] += 1), () => (seed.ends[3] -= 1)],
      ['a token of a word outside the vocabulary', () => (seed.tokenWord[0] += 1e6), () => (seed.tokenWord[0] -= 1e6)],
      ['tokens out of order', () => ([seed.starts[5], seed.starts[6]] = [seed.starts[6], seed.starts[5]]), () => ([seed.starts[5], seed.starts[6]] = [seed.starts[6], seed.starts[5]])],
      ['a mention past the end of the text', () => (seed.mentionEnd[0] += 1e6), () => (seed.mentionEnd[0] -= 1e6)],
      ['a mention of an unknown term', () => (seed.mentionTerm[0] = 1e6), () => undefined],
    ];
    const term0 = seed.mentionTerm[0];
    for (const [what, damage, repair] of cases) {
      damage();
      assert.equal(index.restoreFile(input, seed), undefined, what);
      assert.equal(index.allFiles().length, 0, what);
      repair();
    }
    seed.mentionTerm[0] = term0;
    // A text of another length (the caller's hash check failed to catch a change) is refused too.
    assert.equal(index.restoreFile({ ...input, text: input.text.slice(0, 100) }, seed), undefined);
    assert.ok(index.restoreFile(input, seed), 'the repaired snapshot restores');
  });

  it('a file gone since the snapshot takes its candidate terms with it; a changed file is indexed afresh', async () => {
    // A candidate term only the file that goes proposes.
    const extra: FileInput = { uri: 'file:///c/only.txt', path: '/c/only.txt', text: '会议\n\n坚持“七稳八保九不准”。\n' };
    const before = indexOf([...files, extra]);
    assert.ok(before.terms().get('七稳八保九不准'), 'the extra file proposes a candidate');
    const b = await roundTrip(before.exportSnapshot()!);
    const changed = { ...files[0], text: files[0].text.replace('联防联控', '联防联控和四个意识') };
    const now = [changed, ...files.slice(1)];
    const { index, restoredUris } = restored(decodeSnapshot(b, DICT), now);
    assert.equal(restoredUris.length, now.length - 1);
    assert.ok(!restoredUris.includes(changed.uri));
    assert.equal(index.terms().get('七稳八保九不准'), undefined);
    assert.equal(answers(index, now), answers(indexOf(now), now));
  });
});
