// The index snapshot's bytes, read from the moment the server process starts. The client passes
// the workspace storage folder as an argument (`--storage-dir=`) as well as in `initialize`, so
// the read (tens of MB, on the thread pool) runs while this thread loads the server bundle and
// answers the handshake. Read once the storage folder came with `initialize`, it was not there
// when a restart needed it: the start waited for it.
//
// Small on purpose: the server's entry (boot.ts) loads this before the bundle.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Bump when the entry layout or anything that produces it (segmentation, candidates) changes. */
export const INDEX_FORMAT = 3;

/** The argument that gives the server its workspace storage folder (the client passes it). */
export const STORAGE_ARG = '--storage-dir=';

/** The folder of the index cache (snapshot, entries) in a workspace storage folder. */
export function indexCacheDir(storagePath: string): string {
  return path.join(storagePath, 'index-cache', `v${INDEX_FORMAT}`);
}

export function snapshotFileIn(cacheDir: string): string {
  return path.join(cacheDir, 'snapshot.idx');
}

/**
 * A file's bytes, read in one request to the thread pool. `fs.promises.readFile` reads in pieces of
 * 512 KB and needs this thread between pieces: a snapshot of tens of megabytes, read ahead while
 * this thread discovers files and loads the glossary, then waited for the thread to be free ~60
 * times, and was still not there when it was needed.
 */
export async function readWhole(file: string): Promise<Buffer> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const { size } = await fh.stat();
    const bytes = Buffer.allocUnsafeSlow(size);
    let at = 0;
    while (at < size) {
      const { bytesRead } = await fh.read(bytes, at, size - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    // Shorter than its size said (truncated meanwhile): what there is; the checksum decides.
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    await fh.close();
  }
}

interface ReadAhead {
  file: string;
  bytes: Promise<Buffer | undefined>;
}

// Shared between the entry's bundle and the server's (two copies of this module).
const KEY = Symbol.for('corpus-study.snapshotReadAhead');
const slot = globalThis as Record<symbol, ReadAhead | undefined>;

/** Starts reading the snapshot of the storage folder named in `argv`, if any (boot.ts, first thing). */
export function startSnapshotReadAhead(argv: readonly string[]): void {
  const arg = argv.find((a) => a.startsWith(STORAGE_ARG));
  if (!arg || arg.length === STORAGE_ARG.length) return;
  const file = snapshotFileIn(indexCacheDir(arg.slice(STORAGE_ARG.length)));
  // No snapshot (a first start) or unreadable: undefined, as the cache's own read would give.
  slot[KEY] = { file, bytes: readWhole(file).catch(() => undefined) };
}

/**
 * The bytes read ahead, when they are those of `file` (undefined otherwise: the caller reads it
 * itself). Taken once: the read-ahead is dropped either way (with no `file`: only dropped), so
 * its buffer is not held for nothing.
 */
export function takeSnapshotReadAhead(file?: string): Promise<Buffer | undefined> | undefined {
  const ahead = slot[KEY];
  slot[KEY] = undefined;
  return ahead && file !== undefined && ahead.file === file ? ahead.bytes : undefined;
}
