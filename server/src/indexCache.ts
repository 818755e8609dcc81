// The storage folder: the index snapshot (indexSnapshot.ts), one entry per corpus text segmented
// outside a full indexing, holding what segmentation produced (tokens, each token's word, the first
// token of each distinct word, candidates), stored as binary typed arrays that load in one copy,
// and one entry per glossary file holding its parse. An entry is found by a key made of the text's
// hash, the jieba dictionary's hash, the format version and the server build, so a changed file,
// glossary, format or extension simply misses. An entry that is found is still never trusted:
// checksum, the text's hash, lengths, order and indices are checked, words are read from the text
// itself, and any doubt means "not cached" (the file is segmented again and the entry rewritten).
// Entries live in the storage folder the client gives; nothing is ever written to the corpus.

import { createHash } from 'node:crypto';
import { BUILD_KEY, hashText } from './checksum';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IndexSnapshot, SegmentedText } from './core/corpusIndex';
import { decodeSnapshot, LoadedSnapshot, writeSnapshot } from './indexSnapshot';
import { CandidateColumns, candidateColumns, candidatesFromColumns } from './candidateColumns';
import { abandonedWrite } from './storageFiles';
import { INDEX_FORMAT, indexCacheDir, readWhole, snapshotFileIn, takeSnapshotReadAhead } from './snapshotReadAhead';
import type { GlossaryFile } from './core/glossary';

const MAGIC = 0x58495343; // "CSIX"
const HEADER = 64; // magic, format, text length, tokens, words, JSON bytes (6 × u32) + SHA-1 of the payload (20) + SHA-1 of the text (20)


export class IndexCache {
  private readonly used = new Set<string>();
  /** Texts (hash, dictionary hash) whose entries a prune keeps: their keys are made then, not during a start. */
  private readonly kept: [string, string][] = [];
  private readonly writes = new Set<Promise<void>>();
  /** The last snapshot read was the one started with the process (see snapshotReadAhead.ts). */
  snapshotReadAhead = false;

  private constructor(readonly dir: string) {}

  /** The cache in `storagePath`, or undefined (no cache) when there is none or it cannot be created. */
  static open(storagePath: string | undefined): IndexCache | undefined {
    if (!storagePath || os.endianness() !== 'LE') return undefined;
    const dir = indexCacheDir(storagePath);
    try {
      fs.mkdirSync(dir, { recursive: true });
      return new IndexCache(dir);
    } catch {
      return undefined;
    }
  }

  /** An entry's key: the text by its hash (`hashText`), under one dictionary. */
  key(textHash: string, dictionaryHash: string): string {
    return createHash('sha1').update(`${INDEX_FORMAT}\0${BUILD_KEY}\0${dictionaryHash}\0${textHash}`).digest('hex');
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.bin`);
  }

  async load(key: string, text: string): Promise<SegmentedText | undefined> {
    const buf = await this.read(key);
    return buf ? this.decode(buf, text) : undefined;
  }

  /** The bytes of an entry, undefined when there is none. */
  async read(key: string): Promise<Buffer | undefined> {
    this.used.add(key);
    try {
      return await fs.promises.readFile(this.file(key));
    } catch {
      return undefined;
    }
  }

  /** An entry's bytes decoded and checked against `text`; undefined on any doubt. */
  decode(buf: Buffer, text: string, textHash?: string): SegmentedText | undefined {
    try {
      return decodeEntry(buf, text, textHash);
    } catch {
      return undefined;
    }
  }

  /** Writes an entry in the background (to a temporary name, then renamed: readers never see half an entry). */
  save(key: string, seg: SegmentedText, text: string): void {
    this.saveEncoded(key, seg.encoded ?? encodeEntry(seg, text));
  }

  /** Writes an entry already encoded (by a worker). */
  saveEncoded(key: string, bytes: Uint8Array): void {
    this.used.add(key);
    const target = this.file(key);
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const p = fs.promises
      .writeFile(tmp, bytes)
      .then(() => fs.promises.rename(tmp, target))
      .catch(() => fs.promises.rm(tmp, { force: true }))
      .then(() => undefined);
    this.writes.add(p);
    void p.finally(() => this.writes.delete(p));
  }

  /** The key of a glossary file's parse (its path and text). */
  glossaryKey(file: string, text: string): string {
    return createHash('sha1').update(`glossary\0${INDEX_FORMAT}\0${BUILD_KEY}\0${file}\0${hashText(text)}`).digest('hex');
  }

  /** A glossary parse stored under `key`, checked (checksum, shape, path); undefined on any doubt. */
  loadGlossary(key: string, file: string): GlossaryFile | undefined {
    this.used.add(key);
    try {
      // A small file, read with a blocking call: a promise waited a turn of the thread pool on every start.
      return decodeGlossary(fs.readFileSync(this.file(key)), file);
    } catch {
      return undefined;
    }
  }

  saveGlossary(key: string, parsed: GlossaryFile): void {
    this.saveEncoded(key, encodeGlossary(parsed));
  }

  /** The index snapshot's bytes, undefined when there is none. */
  async readSnapshot(): Promise<Buffer | undefined> {
    try {
      // Read since the process started when the client named this storage folder in its arguments.
      const ahead = takeSnapshotReadAhead(this.snapshotFile());
      this.snapshotReadAhead = ahead !== undefined;
      return await (ahead ?? readWhole(this.snapshotFile()));
    } catch {
      return undefined;
    }
  }

  /** A snapshot's bytes checked against the current dictionary, or undefined (none, stale or damaged). */
  decodeSnapshot(bytes: Buffer | undefined, dictionaryHash: string): LoadedSnapshot | undefined {
    try {
      return bytes && decodeSnapshot(bytes, dictionaryHash);
    } catch {
      return undefined;
    }
  }

  /** Writes the index snapshot in the background; true once it is on disk (a failed write leaves the old one). */
  saveSnapshot(snapshot: IndexSnapshot, dictionaryHash: string, pause: () => Promise<void>): Promise<boolean> {
    const p = writeSnapshot(this.snapshotFile(), snapshot, dictionaryHash, pause).then(
      () => true,
      () => false,
    );
    const done = p.then(() => undefined);
    this.writes.add(done);
    void done.finally(() => this.writes.delete(done));
    return p;
  }

  private snapshotFile(): string {
    return snapshotFileIn(this.dir);
  }

  /** Keeps a text's entry through the next prune (a file the snapshot restored still has its own entry). */
  keep(textHash: string, dictionaryHash: string): void {
    this.kept.push([textHash, dictionaryHash]);
  }

  /** Waits for pending writes. */
  async flush(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  /** What the folder holds: per-file entries (or glossary parses), a snapshot. Nothing: a first start, every file will need a worker. */
  contents(): { entries: boolean; snapshot: boolean } {
    // A blocking listing of one folder: a promise waited a turn of the thread pool, at the start of every indexing.
    try {
      const names = fs.readdirSync(this.dir);
      return { entries: names.some((n) => n.endsWith('.bin')), snapshot: names.includes('snapshot.idx') };
    } catch {
      return { entries: false, snapshot: false };
    }
  }

  /**
   * Removes entries not used since the cache was opened (after a full indexing run), leftovers of
   * interrupted writes (not a write under way), and the folders of other cache formats (an older extension's snapshot and
   * entries, never read again).
   */
  async prune(): Promise<void> {
    await this.flush();
    const formats = path.dirname(this.dir);
    for (const n of await fs.promises.readdir(formats).catch(() => [] as string[])) {
      if (/^v\d+$/.test(n) && n !== path.basename(this.dir)) await fs.promises.rm(path.join(formats, n), { recursive: true, force: true }).catch(() => undefined);
    }
    for (const [textHash, dictionaryHash] of this.kept.splice(0)) this.used.add(this.key(textHash, dictionaryHash));
    let names: string[] = [];
    try {
      names = await fs.promises.readdir(this.dir);
    } catch {
      return;
    }
    for (const n of names) {
      const full = path.join(this.dir, n);
      // A temporary file may be a write under way (the snapshot is written while this runs): only one left by a dead writer goes.
      const writer = /\.(\d+)\.[0-9a-z]+\.(?:tmp|part)$/.exec(n);
      const remove = writer ? await abandonedWrite(full, Number(writer[1])) : n.endsWith('.bin') && !this.used.has(n.replace(/\.bin$/, ''));
      if (remove) await fs.promises.rm(full, { force: true });
    }
  }
}

interface EntryJson {
  candidates: CandidateColumns;
}

/**
 * Layout: header (magic, format, text length, tokens n, distinct words m, JSON bytes: 6 × u32, then
 * the SHA-1 of the payload and the SHA-1 of the text), payload: token starts, ends, word of each token (3 × n u32), the
 * first token of each word (m u32; a word is the text at its first token, so no string is
 * stored), JSON of the candidates.
 */
export function encodeEntry(seg: SegmentedText, text: string): Buffer {
  const textLength = text.length;
  const n = seg.tokens.starts.length;
  const m = seg.words.length;
  const firstToken = new Uint32Array(m).fill(0xffffffff);
  for (let i = 0; i < n; i++) if (firstToken[seg.wordOfToken[i]] === 0xffffffff) firstToken[seg.wordOfToken[i]] = i;
  const json: EntryJson = { candidates: candidateColumns(seg.candidates) };
  const jsonBytes = Buffer.from(JSON.stringify(json), 'utf8');
  const payload = Buffer.concat([
    Buffer.from(seg.tokens.starts.buffer, seg.tokens.starts.byteOffset, 4 * n),
    Buffer.from(seg.tokens.ends.buffer, seg.tokens.ends.byteOffset, 4 * n),
    Buffer.from(seg.wordOfToken.buffer, seg.wordOfToken.byteOffset, 4 * n),
    Buffer.from(firstToken.buffer, firstToken.byteOffset, 4 * m),
    jsonBytes,
  ]);
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(INDEX_FORMAT, 4);
  header.writeUInt32LE(textLength, 8);
  header.writeUInt32LE(n, 12);
  header.writeUInt32LE(m, 16);
  header.writeUInt32LE(jsonBytes.length, 20);
  createHash('sha1').update(payload).digest().copy(header, 24);
  Buffer.from(hashText(text), 'hex').copy(header, 44);
  return Buffer.concat([header, payload]);
}

/**
 * Decodes and checks an entry against `text`; throws on anything that does not fit. The entry holds
 * the text's hash (compared: `textHash` when the caller has it), the checksum catches damaged bytes, and every offset and index is bounds-checked
 * before use; words are read from the text itself (at their first token), so they match it.
 */
export function decodeEntry(buf: Buffer, text: string, textHash = hashText(text)): SegmentedText {
  const fail = (why: string): never => {
    throw new Error(`index cache entry rejected: ${why}`);
  };
  if (buf.length < HEADER) fail('short');
  if (buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== INDEX_FORMAT) fail('format');
  if (buf.readUInt32LE(8) !== text.length) fail('text length');
  if (buf.subarray(44, 64).toString('hex') !== textHash) fail('text');
  const n = buf.readUInt32LE(12);
  const m = buf.readUInt32LE(16);
  const jsonLength = buf.readUInt32LE(20);
  if (buf.length !== HEADER + 12 * n + 4 * m + jsonLength) fail('size');
  const payload = buf.subarray(HEADER);
  if (!createHash('sha1').update(payload).digest().equals(buf.subarray(24, 44))) fail('checksum');
  // One copy aligns the arrays (a Buffer's offset need not be a multiple of 4); views share it.
  const arrays = new Uint32Array(payload.buffer.slice(payload.byteOffset, payload.byteOffset + 12 * n + 4 * m));
  const starts = arrays.subarray(0, n);
  const ends = arrays.subarray(n, 2 * n);
  const wordOfToken = arrays.subarray(2 * n, 3 * n);
  const firstToken = arrays.subarray(3 * n, 3 * n + m);
  const json = JSON.parse(payload.subarray(12 * n + 4 * m).toString('utf8')) as EntryJson;
  if (!json) fail('json');
  const textLength = text.length;
  // Bounds and order over the typed arrays alone.
  let prevEnd = 0;
  let bad = -1;
  for (let i = 0; i < n; i++) {
    const s = starts[i];
    const e = ends[i];
    if (s < prevEnd || e <= s || e > textLength || wordOfToken[i] >= m) {
      bad = i;
      break;
    }
    prevEnd = e;
  }
  if (bad >= 0) fail(`token ${bad}`);
  const words: string[] = new Array(m);
  const wordLength = new Uint32Array(m);
  for (let w = 0; w < m; w++) {
    const f = firstToken[w];
    if (f >= n || wordOfToken[f] !== w) fail(`word ${w}`);
    words[w] = text.slice(starts[f], ends[f]);
    wordLength[w] = ends[f] - starts[f];
  }
  // Every token is as long as its word.
  for (let i = 0; i < n; i++) {
    if (wordLength[wordOfToken[i]] !== ends[i] - starts[i]) {
      bad = i;
      break;
    }
  }
  if (bad >= 0) fail(`token ${bad} length`);
  const candidates = candidatesFromColumns(json.candidates, (form, start) => text.startsWith(form, start)) ?? fail('candidate');
  return { tokens: { starts, ends }, words, wordOfToken, candidates };
}

const GLOSSARY_MAGIC = 0x47534943; // "CISG"

/** A glossary parse as an entry: header (magic, format, SHA-1 of the JSON) + JSON. */
export function encodeGlossary(parsed: GlossaryFile): Buffer {
  const json = Buffer.from(JSON.stringify(parsed), 'utf8');
  const header = Buffer.alloc(28);
  header.writeUInt32LE(GLOSSARY_MAGIC, 0);
  header.writeUInt32LE(INDEX_FORMAT, 4);
  createHash('sha1').update(json).digest().copy(header, 8);
  return Buffer.concat([header, json]);
}

/** Decodes and checks a glossary entry; throws on anything that does not fit. */
export function decodeGlossary(buf: Buffer, file: string): GlossaryFile {
  const fail = (why: string): never => {
    throw new Error(`glossary cache entry rejected: ${why}`);
  };
  if (buf.length < 28 || buf.readUInt32LE(0) !== GLOSSARY_MAGIC || buf.readUInt32LE(4) !== INDEX_FORMAT) fail('format');
  const json = buf.subarray(28);
  if (!createHash('sha1').update(json).digest().equals(buf.subarray(8, 28))) fail('checksum');
  const g = JSON.parse(json.toString('utf8')) as GlossaryFile;
  if (!g || g.path !== file || !Array.isArray(g.entries) || !Array.isArray(g.problems) || typeof g.fatal !== 'boolean') fail('shape');
  for (const e of g.entries) {
    if (!e || typeof e.term !== 'string' || !Array.isArray(e.aliases) || !Array.isArray(e.parts) || !Array.isArray(e.see) || !e.source?.span) fail('entry');
  }
  return g;
}
