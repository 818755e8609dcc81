// The index snapshot: the whole index's derived data (vocabulary, and per file its tokens, words,
// mentions and candidates, numbered as the index numbers them) in one file of the storage folder,
// so that a restart with unchanged files puts each file back without segmenting, interning words
// or matching terms. Per-file cache entries (indexCache.ts) still serve files the snapshot lacks.
//
// Never trusted: the payload's checksum must match; it must come from this server build (and ICU); each file is taken only when its text's SHA-1 and
// length equal the snapshot's; the dictionary hash must equal the current one; the term table the
// mentions are numbered by must be the one the current glossary gives (checked by the index);
// and every index and offset is bounds-checked by the index before use. Any doubt: not used.

import * as fs from 'node:fs';
import { CandidateColumns, candidateColumns, candidatesFromColumns } from './candidateColumns';
import { ParsedFile } from './core/model';
import { FileSnapshot, IndexSnapshot } from './core/corpusIndex';
import { BUILD_KEY, Checksum, checksum, hashTextInPieces } from './checksum';

/** Bump when the layout, or anything the stored data is derived with, changes. */
export const SNAPSHOT_FORMAT = 8;
/**
 * The build a snapshot must come from: this server build, with this ICU. Files are stored in
 * corpus order (paths sorted by ICU's collation, numbers by value), which a restart keeps without
 * sorting again: another ICU (an editor update) might sort some names otherwise.
 */
export const SNAPSHOT_BUILD = `${BUILD_KEY}\0icu ${process.versions.icu ?? 'none'}`;
const MAGIC = 0x50534943; // "CISP"
/**
 * magic, format, meta JSON bytes (UTF-16LE, padded to 4), binary bytes: 4 × u32; checksum of meta +
 * binary (20 bytes); padding to 8. The meta is mostly Chinese (words, forms, titles): as UTF-16 it
 * becomes a string by a copy, where decoding UTF-8 took a quarter of its parse.
 */
const HEADER = 40;

interface FileMeta {
  uri: string;
  path: string;
  textHash: string;
  textLength: number;
  /** Tokens, mentions. */
  n: number;
  k: number;
  candidates: CandidateColumns;
  /** The structure the reader found (checked against the text's length before use). */
  parsed?: ParsedFile;
}

interface Meta {
  dictionaryHash: string;
  /** The server build that wrote it (see BUILD_KEY). */
  build: string;
  tableSignature: string;
  /** The term table's candidate terms, and the cap they were chosen under. */
  candidateTerms: string[];
  maxCandidates: number;
  words: string[];
  files: FileMeta[];
}

export interface StoredFile extends FileSnapshot {
  textHash: string;
  textLength: number;
}

export interface LoadedSnapshot {
  words: string[];
  tableSignature: string;
  candidateTerms: string[];
  maxCandidates: number;
  files: StoredFile[];
}

/**
 * Bytes of a file's arrays: token starts, ends, words (n each), mention term, start, end, order (k
 * each). Word postings are not stored: they are made from the tokens' words when needed (a
 * quarter of the bytes, and nothing to check against the tokens).
 */
const fileBytes = (f: { n: number; k: number }) => 4 * (3 * f.n + 4 * f.k);

/**
 * Writes a snapshot to `target` (through a temporary file renamed at the end: a reader never sees
 * half a snapshot). Arrays are written as they are, without one big copy; `pause` lets the caller
 * yield to requests between files (hashing the texts is the main work here).
 */
export async function writeSnapshot(target: string, snapshot: IndexSnapshot, dictionaryHash: string, pause: () => Promise<void>, build = SNAPSHOT_BUILD): Promise<void> {
  const files: FileMeta[] = [];
  for (const f of snapshot.files) {
    files.push({
      uri: f.uri,
      path: f.path,
      textHash: await hashTextInPieces(f.text, pause),
      textLength: f.text.length,
      n: f.starts.length,
      k: f.mentionTerm.length,
      candidates: candidateColumns(f.candidates),
      parsed: f.parsed,
    });
    await pause();
  }
  const { tableSignature, candidateTerms, maxCandidates, words } = snapshot;
  const meta: Meta = { dictionaryHash, build, tableSignature, candidateTerms, maxCandidates, words, files };
  // Padding (a space, still valid JSON) keeps the arrays 4-byte aligned in the file.
  let json = JSON.stringify(meta);
  if (json.length % 2 !== 0) json += ' ';
  const metaBytes = Buffer.from(json, 'utf16le');
  const binaryLength = files.reduce((n, f) => n + fileBytes(f), 0);
  const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
  const fh = await fs.promises.open(tmp, 'w');
  try {
    const hash = new Checksum();
    let at = HEADER;
    const put = async (bytes: Uint8Array) => {
      hash.update(bytes);
      await fh.write(bytes, 0, bytes.length, at);
      at += bytes.length;
    };
    const view = (a: Uint32Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    await put(metaBytes);
    for (const f of snapshot.files) {
      for (const a of [f.starts, f.ends, f.tokenWord, f.mentionTerm, f.mentionStart, f.mentionEnd, f.mentionOrder]) await put(view(a));
      await pause();
    }
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(SNAPSHOT_FORMAT, 4);
    header.writeUInt32LE(metaBytes.length, 8);
    header.writeUInt32LE(binaryLength, 12);
    hash.digest().copy(header, 16);
    await fh.write(header, 0, HEADER, 0);
    await fh.close();
    await fs.promises.rename(tmp, target);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

/** Decodes and checks a snapshot's bytes; throws on anything that does not fit. Typed arrays are views of one aligned copy. */
export function decodeSnapshot(buf: Buffer, dictionaryHash: string, build = SNAPSHOT_BUILD): LoadedSnapshot {
  const fail = (why: string): never => {
    throw new Error(`index snapshot rejected: ${why}`);
  };
  if (buf.length < HEADER || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== SNAPSHOT_FORMAT) fail('format');
  const metaLength = buf.readUInt32LE(8);
  const binaryLength = buf.readUInt32LE(12);
  if (metaLength % 4 !== 0 || buf.length !== HEADER + metaLength + binaryLength) fail('size');
  const body = buf.subarray(HEADER);
  if (!checksum([body]).equals(buf.subarray(16, 36))) fail('checksum');
  const meta = JSON.parse(body.subarray(0, metaLength).toString('utf16le')) as Meta;
  if (!meta || meta.build !== build) fail('build');
  if (meta.dictionaryHash !== dictionaryHash) fail('dictionary');
  if (typeof meta.tableSignature !== 'string' || !Array.isArray(meta.words) || !Array.isArray(meta.files)) fail('shape');
  if (!Array.isArray(meta.candidateTerms) || !meta.candidateTerms.every((t) => typeof t === 'string') || !Number.isInteger(meta.maxCandidates)) fail('candidates');
  if (!meta.words.every((w) => typeof w === 'string' && w.length > 0)) fail('words');
  // The arrays need 4-byte alignment: a view where the buffer allows it, else one copy.
  const binStart = buf.byteOffset + HEADER + metaLength;
  const arrays = binStart % 4 === 0 ? new Uint32Array(buf.buffer, binStart, binaryLength / 4) : new Uint32Array(buf.buffer.slice(binStart, binStart + binaryLength));
  const isCount = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
  let at = 0;
  const take = (count: number) => {
    const a = arrays.subarray(at, at + count);
    at += count;
    return a;
  };
  const files = meta.files.map((f): StoredFile => {
    if (!f || typeof f.uri !== 'string' || typeof f.path !== 'string' || typeof f.textHash !== 'string' || !isCount(f.textLength)) fail('file');
    if (!isCount(f.n) || !isCount(f.k)) fail('file');
    // Bounds only: the index checks each form against the text when it puts the file back.
    const candidates = candidatesFromColumns(f.candidates, (form, start) => start + form.length <= f.textLength) ?? fail('candidate');
    if (at + fileBytes(f) / 4 > arrays.length) fail('size');
    const starts = take(f.n);
    const ends = take(f.n);
    const tokenWord = take(f.n);
    const mentionTerm = new Int32Array(arrays.buffer, arrays.byteOffset + 4 * at, f.k);
    at += f.k;
    const mentionStart = take(f.k);
    const mentionEnd = take(f.k);
    const mentionOrder = take(f.k);
    return { uri: f.uri, path: f.path, textHash: f.textHash, textLength: f.textLength, starts, ends, tokenWord, mentionTerm, mentionStart, mentionEnd, mentionOrder, candidates, parsed: f.parsed };
  });
  if (at !== arrays.length) fail('size');
  return { words: meta.words, tableSignature: meta.tableSignature, candidateTerms: meta.candidateTerms, maxCandidates: meta.maxCandidates, files };
}
