// Checksums of cached bytes (index snapshot, jieba image): they catch damage, not tampering, so
// CRC-32 where Node has it (zlib.crc32, Node 20.15 and later: tens of megabytes in a few ms), SHA-1
// elsewhere. The result is always 20 bytes; a CRC is marked so the two never compare equal.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

type Crc32 = (data: Uint8Array, value?: number) => number;
const crc32 = (zlib as unknown as { crc32?: Crc32 }).crc32;

export class Checksum {
  private crc = 0;
  private readonly sha = typeof crc32 === 'function' ? undefined : createHash('sha1');

  update(bytes: Uint8Array): this {
    if (this.sha) this.sha.update(bytes);
    else this.crc = crc32!(bytes, this.crc);
    return this;
  }

  digest(): Buffer {
    if (this.sha) return this.sha.digest();
    const out = Buffer.alloc(20);
    out.writeUInt32LE(this.crc >>> 0, 0);
    out.write('crc32', 4, 'latin1');
    return out;
  }
}

/** A text's identity in every cache key: SHA-1 of its UTF-8 bytes. */
export function hashText(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}

/** Characters hashed per piece by `hashTextInPieces`. */
const HASH_PIECE = 1 << 19;

/**
 * `hashText` of a long text a piece at a time, with `pause()` between pieces. A piece never ends
 * between the two halves of a surrogate pair, so the bytes hashed are the text's UTF-8 exactly.
 */
export async function hashTextInPieces(text: string, pause: () => Promise<void>): Promise<string> {
  if (text.length <= HASH_PIECE) return hashText(text);
  const hash = createHash('sha1');
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + HASH_PIECE);
    const c = text.charCodeAt(end - 1);
    if (end < text.length && c >= 0xd800 && c <= 0xdbff) end++;
    hash.update(text.slice(at, end), 'utf8');
    at = end;
    await pause();
  }
  return hash.digest('hex');
}

export function checksum(parts: Uint8Array[]): Buffer {
  const c = new Checksum();
  for (const p of parts) c.update(p);
  return c.digest();
}

/**
 * The server build that runs: this module's file (the bundle, once bundled) by path, size and
 * modification time. Part of every cache key of what the code derives from texts (tokens,
 * candidates, mentions, glossary parses): an updated extension never trusts what an older one
 * stored, whether or not a format number was bumped.
 */
export const BUILD_KEY: string = (() => {
  try {
    const st = fs.statSync(__filename);
    return createHash('sha1').update(`${__filename}\0${st.size}\0${st.mtimeMs}`).digest('hex');
  } catch {
    return 'unknown-build';
  }
})();
