// File-system side of the corpus: finding corpus and glossary files, and reading their bytes.
// Only this layer (and the server) does I/O; the core gets text.

import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, promises as fs, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { decodeBytes, readsAsPlainUtf8 } from './core/decode';
import { GlobSet } from './core/glob';
import { DatasetFields, isDatasetFile } from './core/datasets';
import { DEFAULT_MAX_CANDIDATES } from './core/candidateRanking';
import { DecodedText, ReadProblem, Utf8Text } from './core/model';
import { yieldToRequests } from './yieldToRequests';

export interface CorpusSettings {
  corpusGlobs: string[];
  glossaryFiles: string[];
  maxFileSizeMB: number;
  /** Field names of dataset records (CSV, JSONL, JSON); unset ones are guessed. */
  datasetFields: DatasetFields;
  /** Candidate terms the term table takes, the top of their ranking. */
  maxCandidates: number;
}

export const DEFAULT_SETTINGS: CorpusSettings = {
  corpusGlobs: ['corpus/**/*.{txt,csv,tsv,jsonl,json}'],
  glossaryFiles: [],
  maxFileSizeMB: 64,
  datasetFields: {},
  maxCandidates: DEFAULT_MAX_CANDIDATES,
};

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'out', 'dist', '.vscode-test', '.test-output']);
const GLOSSARY_NAME = /(^|\.)glossary\.ya?ml$/i;

export interface Discovered {
  corpusFiles: string[];
  glossaryFiles: string[];
  /** Folders or files skipped, with why (symlink loops, permissions). */
  skipped: { path: string; reason: string }[];
}

/** How long the walk may hold the thread before requests get a turn. */
const WALK_SLICE_MS = 8;

/**
 * Walks a workspace folder once, following symlinks but never into a folder it has already seen.
 * With blocking calls, a turn for requests every few milliseconds: a promise per call waited a
 * turn of the thread pool each, with the thread idle (4-16 ms for the benchmark's two folders,
 * a tenth of a restart from the snapshot).
 */
export async function discover(folder: string, settings: CorpusSettings): Promise<Discovered> {
  const globs = new GlobSet(settings.corpusGlobs);
  const txt: string[] = [];
  const matched: string[] = [];
  const glossaries: string[] = [];
  const skipped: Discovered['skipped'] = [];
  const seen = new Set<string>();
  let sliceStart = performance.now();
  // `rel`: the folder's path relative to `folder`, with '/' (made as the walk goes down: path.relative per file was most of a walk's time).
  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    if (performance.now() - sliceStart > WALK_SLICE_MS) {
      await yieldToRequests();
      sliceStart = performance.now();
    }
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      skipped.push({ path: dir, reason: String((e as Error).message) });
      return;
    }
    if (seen.has(real)) {
      skipped.push({ path: dir, reason: 'folder already visited (symbolic link loop)' });
      return;
    }
    seen.add(real);
    if (depth > 32) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir, reason: String((e as Error).message) });
      return;
    }
    // `dir` is normalized (the resolved folder, then names from readdir, which never hold a
    // separator, '.' or '..'): joining by hand gives what path.join gives, without normalizing.
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const ent of entries) {
      const full = prefix + ent.name;
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        try {
          const st = statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          skipped.push({ path: full, reason: 'broken symbolic link' });
          continue;
        }
      }
      if (isDir) {
        if (!SKIP_DIRS.has(ent.name) && !ent.name.startsWith('.')) await walk(full, rel + ent.name + '/', depth + 1);
      } else if (isFile) {
        if (/\.txt$/i.test(ent.name)) {
          txt.push(full);
          if (globs.matches(rel + ent.name)) matched.push(full);
        } else if (isDatasetFile(ent.name)) {
          // A .json file is a dataset only where the globs say so; CSV and JSONL also in a folder that is the corpus itself.
          if (globs.matches(rel + ent.name)) matched.push(full);
          else if (!/\.json$/i.test(ent.name)) txt.push(full);
        } else if (GLOSSARY_NAME.test(ent.name)) {
          glossaries.push(full);
        }
      }
    }
  };
  await walk(path.resolve(folder), '', 0);
  // A folder of .txt files (and CSV or JSONL datasets) that matches none of the globs (say, the corpus folder itself is open) is the corpus.
  const corpusFiles = matched.length > 0 ? matched : txt;
  return { corpusFiles: corpusFiles.sort(), glossaryFiles: glossaries.sort(), skipped };
}

export interface ReadResult {
  /** The text, or only its bytes when they are the text that was expected (`unchangedIf`). */
  text: string | Utf8Text;
  problems: ReadProblem[];
  encoding: string;
  /** `hashText(text)`, when asked for and had from the bytes. */
  textHash?: string;
  /** The file was gone when we came to read it (deleted or renamed since discovery). */
  missing?: boolean;
}

/**
 * Files up to this size are read with blocking calls: on a corpus of hundreds of small files the
 * promise API's four round trips per file (open, stat, read, close) cost the server thread ~10
 * times the reads themselves, and one small local read holds it well under a millisecond.
 */
const SYNC_READ_MAX = 1024 * 1024;

/**
 * One buffer for every small file read: each is decoded before the next read begins (all of it
 * synchronous), so hundreds of files leave no buffer each behind for the garbage collector.
 */
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * The bytes of a small file in one go: a view of `scratch`, valid until the next read, or with
 * `own`, a buffer of its own. None (file closed) when it is larger than `SYNC_READ_MAX`.
 */
function readSmallFile(file: string, own: boolean): { bytes?: Buffer; size: number } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    // Size 0 is also what special files (/proc, devices) report: those are read to their end below, as any file is.
    if (size > SYNC_READ_MAX || size === 0) return { size };
    if (!own && scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, 2 * scratch.length));
    const bytes = own ? Buffer.allocUnsafeSlow(size) : scratch;
    let got = 0;
    while (got < size) {
      const n = readSync(fd, bytes, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    return { bytes: bytes.subarray(0, got), size };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads and decodes a corpus file. With `hash`, also the text's hash (`hashText`) where it can be
 * had from the bytes themselves (strict UTF-8 without BOM: the bytes are the text's UTF-8), which
 * saves encoding the text again to hash it. With `unchangedIf`, a text hash and length: when the
 * bytes are exactly that text's UTF-8 (their SHA-1 is that hash), the text comes as those bytes,
 * not decoded (the caller has everything else it needs from that text already).
 */
export async function readCorpusFile(
  file: string,
  settings: CorpusSettings,
  options: { hash?: boolean; unchangedIf?: { textHash: string; textLength: number }; pause?: () => Promise<void> } = {},
): Promise<ReadResult> {
  try {
    const expected = options.unchangedIf;
    // Bytes that may be kept (as the text, undecoded) are read into a buffer of their own.
    const small = readSmallFile(file, expected !== undefined);
    const limit = settings.maxFileSizeMB * 1024 * 1024;
    if (small.size > limit) {
      return {
        text: '',
        encoding: 'none',
        problems: [{ severity: 'warning', message: `Not indexed: the file is ${(small.size / 1048576).toFixed(1)} MB, over the limit of ${settings.maxFileSizeMB} MB (setting corpusStudy.maxFileSizeMB).` }],
      };
    }
    const bytes = small.bytes ?? (await fs.readFile(file));
    let bytesHash: string | undefined;
    if (expected && readsAsPlainUtf8(bytes)) {
      bytesHash = createHash('sha1').update(bytes).digest('hex');
      if (bytesHash === expected.textHash) return { text: { utf8: bytes, length: expected.textLength }, problems: [], encoding: 'utf-8', textHash: bytesHash };
    }
    const decoded = options.pause && bytes.length > 2 * DECODE_PIECE ? await decodeInPieces(bytes, options.pause) : decodeBytes(bytes);
    const textHash = options.hash && decoded.encoding === 'utf-8' && decoded.problems.length === 0 ? (bytesHash ?? createHash('sha1').update(bytes).digest('hex')) : undefined;
    return { text: decoded.text, problems: decoded.problems, encoding: decoded.encoding, textHash };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOENT' ? 'the file no longer exists' : String((e as Error).message);
    return { text: '', encoding: 'none', missing: code === 'ENOENT', problems: [{ severity: 'error', message: `Could not read this file: ${why}.` }] };
  }
}

/** Bytes decoded per piece by `decodeInPieces`: a few milliseconds each. */
const DECODE_PIECE = 1 << 20;

/**
 * `decodeBytes` for a large file, with `pause()` between pieces of a megabyte: plain UTF-8 is
 * decoded as a stream; anything else (a byte-order mark, another encoding, invalid bytes) by
 * `decodeBytes`, whole.
 */
async function decodeInPieces(bytes: Uint8Array, pause: () => Promise<void>): Promise<DecodedText> {
  if (!readsAsPlainUtf8(bytes)) return decodeBytes(bytes);
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const parts: string[] = [];
  try {
    for (let at = 0; at < bytes.length; at += DECODE_PIECE) {
      const end = Math.min(bytes.length, at + DECODE_PIECE);
      parts.push(decoder.decode(bytes.subarray(at, end), { stream: end < bytes.length }));
      await pause();
    }
  } catch {
    return decodeBytes(bytes);
  }
  return { text: parts.join(''), encoding: 'utf-8', problems: [], binary: false };
}

export async function readTextFile(file: string): Promise<string | undefined> {
  try {
    return decodeBytes(await fs.readFile(file)).text;
  } catch {
    return undefined;
  }
}

/** `readTextFile` with a blocking read, for a small file (a glossary): no turn of the thread pool waited for. */
export function readSmallTextFile(file: string): string | undefined {
  try {
    return decodeBytes(readFileSync(file)).text;
  } catch {
    return undefined;
  }
}

/** File names that a file URI carries as they are (nothing in them is ever percent-encoded). */
const PLAIN_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
/** `file:` URIs of folders, for `toUri`: a corpus has few folders and many files. */
const folderUris = new Map<string, string>();

/**
 * The `file:` URI of an absolute path, as `pathToFileURL` makes it. A start converts every corpus
 * file's path (several times); `pathToFileURL` parses a whole URL each time, which was a few
 * milliseconds per 400 files. A plain name in a known folder is that folder's URI and the name.
 */
export function toUri(file: string): string {
  const name = path.basename(file);
  if (!PLAIN_NAME.test(name) || !path.isAbsolute(file) || file.endsWith(path.sep) || file.endsWith('/')) return pathToFileURL(file).toString();
  const folder = path.dirname(file);
  let folderUri = folderUris.get(folder);
  if (folderUri === undefined) {
    folderUri = pathToFileURL(folder).toString();
    if (!folderUri.endsWith('/')) folderUri += '/';
    // Bounded: a workspace of very many folders only converts them again.
    if (folderUris.size >= 4096) folderUris.clear();
    folderUris.set(folder, folderUri);
  }
  return folderUri + name;
}

export function toPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}
