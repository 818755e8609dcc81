// The persisted index: one entry per corpus text, holding what segmentation produced (tokens,
// distinct words, each token's word, candidates), stored as binary typed arrays that load in a
// copy. An entry is found by a key made of the text's hash, the jieba dictionary's hash and the
// format version, so a changed file, glossary or format simply misses. An entry that is found is
// still never trusted: checksum, lengths, order and words are checked against the text, and any
// doubt means "not cached" (the file is segmented again and the entry rewritten).
// Entries live in the storage folder the client gives; nothing is ever written to the corpus.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SegmentedText } from './core/corpusIndex';
import { CandidateHit } from './core/candidates';
import type { GlossaryFile } from './core/glossary';

/** Bump when the entry layout or anything that produces it (segmentation, candidates) changes. */
export const INDEX_FORMAT = 1;
const MAGIC = 0x58495343; // "CSIX"
const HEADER = 40; // magic, format, text length, tokens, JSON bytes (5 × u32) + SHA-1 of the payload (20)

export function hashText(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

export class IndexCache {
  private readonly used = new Set<string>();
  private readonly writes = new Set<Promise<void>>();

  private constructor(readonly dir: string) {}

  /** The cache in `storagePath`, or undefined (no cache) when there is none or it cannot be created. */
  static open(storagePath: string | undefined): IndexCache | undefined {
    if (!storagePath || os.endianness() !== 'LE') return undefined;
    const dir = path.join(storagePath, 'index-cache', `v${INDEX_FORMAT}`);
    try {
      fs.mkdirSync(dir, { recursive: true });
      return new IndexCache(dir);
    } catch {
      return undefined;
    }
  }

  key(text: string, dictionaryHash: string): string {
    return createHash('sha1').update(`${INDEX_FORMAT}\0${dictionaryHash}\0${hashText(text)}`).digest('hex');
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.bin`);
  }

  async load(key: string, text: string): Promise<SegmentedText | undefined> {
    this.used.add(key);
    let buf: Buffer;
    try {
      buf = await fs.promises.readFile(this.file(key));
    } catch {
      return undefined;
    }
    try {
      return decodeEntry(buf, text);
    } catch {
      return undefined;
    }
  }

  /** Writes an entry in the background (to a temporary name, then renamed: readers never see half an entry). */
  save(key: string, seg: SegmentedText, textLength: number): void {
    this.saveEncoded(key, seg.encoded ?? encodeEntry(seg, textLength));
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
    return createHash('sha1').update(`glossary\0${INDEX_FORMAT}\0${file}\0${hashText(text)}`).digest('hex');
  }

  /** A glossary parse stored under `key`, checked (checksum, shape, path); undefined on any doubt. */
  async loadGlossary(key: string, file: string): Promise<GlossaryFile | undefined> {
    this.used.add(key);
    try {
      return decodeGlossary(await fs.promises.readFile(this.file(key)), file);
    } catch {
      return undefined;
    }
  }

  saveGlossary(key: string, parsed: GlossaryFile): void {
    this.saveEncoded(key, encodeGlossary(parsed));
  }

  /** Waits for pending writes. */
  async flush(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  /** Removes entries not used since the cache was opened (after a full indexing run). */
  /** True when the cache holds no entry yet (a first start: every file will need a worker). */
  async isEmpty(): Promise<boolean> {
    try {
      return !(await fs.promises.readdir(this.dir)).some((n) => n.endsWith('.bin'));
    } catch {
      return true;
    }
  }

  async prune(): Promise<void> {
    await this.flush();
    let names: string[] = [];
    try {
      names = await fs.promises.readdir(this.dir);
    } catch {
      return;
    }
    for (const n of names) {
      const key = n.replace(/\.bin$/, '');
      if (n.endsWith('.tmp') || (n.endsWith('.bin') && !this.used.has(key))) await fs.promises.rm(path.join(this.dir, n), { force: true });
    }
  }
}

interface EntryJson {
  words: string[];
  candidates: [string, CandidateHit['reason'], number][];
}

export function encodeEntry(seg: SegmentedText, textLength: number): Buffer {
  const n = seg.tokens.starts.length;
  const json: EntryJson = { words: seg.words, candidates: seg.candidates.map((c) => [c.form, c.reason, c.start]) };
  const jsonBytes = Buffer.from(JSON.stringify(json), 'utf8');
  const payload = Buffer.concat([
    Buffer.from(seg.tokens.starts.buffer, seg.tokens.starts.byteOffset, 4 * n),
    Buffer.from(seg.tokens.ends.buffer, seg.tokens.ends.byteOffset, 4 * n),
    Buffer.from(seg.wordOfToken.buffer, seg.wordOfToken.byteOffset, 4 * n),
    jsonBytes,
  ]);
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(INDEX_FORMAT, 4);
  header.writeUInt32LE(textLength, 8);
  header.writeUInt32LE(n, 12);
  header.writeUInt32LE(jsonBytes.length, 16);
  createHash('sha1').update(payload).digest().copy(header, 20);
  return Buffer.concat([header, payload]);
}

/** Decodes and checks an entry against `text`; throws on anything that does not fit. */
export function decodeEntry(buf: Buffer, text: string): SegmentedText {
  const fail = (why: string): never => {
    throw new Error(`index cache entry rejected: ${why}`);
  };
  if (buf.length < HEADER) fail('short');
  if (buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== INDEX_FORMAT) fail('format');
  if (buf.readUInt32LE(8) !== text.length) fail('text length');
  const n = buf.readUInt32LE(12);
  const jsonLength = buf.readUInt32LE(16);
  if (buf.length !== HEADER + 12 * n + jsonLength) fail('size');
  const payload = buf.subarray(HEADER);
  if (!createHash('sha1').update(payload).digest().equals(buf.subarray(20, 40))) fail('checksum');
  // A copy aligns the arrays (a Buffer's offset need not be a multiple of 4).
  const arrays = new Uint32Array(payload.buffer.slice(payload.byteOffset, payload.byteOffset + 12 * n));
  const starts = arrays.slice(0, n);
  const ends = arrays.slice(n, 2 * n);
  const wordOfToken = arrays.slice(2 * n, 3 * n);
  const json = JSON.parse(payload.subarray(12 * n).toString('utf8')) as EntryJson;
  if (!Array.isArray(json.words) || !Array.isArray(json.candidates)) fail('json');
  const words = json.words;
  const checked = new Uint8Array(words.length);
  let prevEnd = 0;
  for (let i = 0; i < n; i++) {
    const s = starts[i];
    const e = ends[i];
    const w = wordOfToken[i];
    if (s < prevEnd || e <= s || e > text.length || w >= words.length || words[w].length !== e - s) fail(`token ${i}`);
    // Each distinct word is compared with the text once, at its first token.
    if (checked[w] === 0) {
      if (!text.startsWith(words[w], s)) fail(`word ${i}`);
      checked[w] = 1;
    }
    prevEnd = e;
  }
  const candidates: CandidateHit[] = json.candidates.map(([form, reason, start]) => {
    if (typeof form !== 'string' || typeof start !== 'number' || !text.startsWith(form, start)) fail('candidate');
    return { form, reason, start };
  });
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
