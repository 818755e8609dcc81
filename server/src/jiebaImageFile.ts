// jieba's built default dictionary, kept on disk between runs (the extension's global storage):
// building it is the bulk of a segmentation worker's start-up (a few hundred ms of CPU), and it
// depends on nothing but the jieba-wasm build. The file is keyed by jieba's wasm file (path, size,
// time) and the format; its bytes carry a checksum; a worker that restores it still checks a
// probe text segments alike (see restoreJieba). Any doubt: not used, and written anew.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JiebaImage, restoreJieba } from './core/segmenter';
import { Checksum } from './checksum';
import { pruneBeside } from './storageFiles';

const MAGIC = 0x4a494d47; // "GMIJ"
const FORMAT = 2;
/** magic, format, memory bytes, table length, probe bytes, pages stored: 6 × u32; checksum of probe + page map + stored pages (20); key (20). */
const HEADER = 64;
/** wasm's page size: memory grows by it, and the image stores or skips whole pages. */
export const PAGE = 65536;

/**
 * Which pages of `memory` (a multiple of PAGE bytes) hold anything but zeros: one bit per page,
 * low bit first. A fifth of jieba's built memory is zero pages; the image leaves them out, and a
 * worker neither reads nor touches them (memory it grows is zero already).
 */
export function nonZeroPages(memory: Uint8Array): Uint8Array {
  const pages = memory.byteLength / PAGE;
  const map = new Uint8Array(Math.ceil(pages / 8));
  const zero = Buffer.alloc(PAGE);
  for (let p = 0; p < pages; p++) {
    const page = Buffer.from(memory.buffer, memory.byteOffset + p * PAGE, PAGE);
    if (!page.equals(zero)) map[p >> 3] |= 1 << (p & 7);
  }
  return map;
}

const stored = (map: Uint8Array, p: number) => (map[p >> 3] & (1 << (p & 7))) !== 0;

/** Pages stored, as runs [first page, end page) in order. */
export function storedRuns(map: Uint8Array, pages: number): [number, number][] {
  const runs: [number, number][] = [];
  for (let p = 0; p < pages; p++) {
    if (!stored(map, p)) continue;
    const first = p;
    while (p + 1 < pages && stored(map, p + 1)) p++;
    runs.push([first, p + 1]);
  }
  return runs;
}

/**
 * Fills `memory` from an image's stored pages: `read(target, at)` fills `target` with the stored
 * bytes from `at` (bytes into the stored pages) and says whether it could. Pages the image leaves
 * out are zeroed below `freshFrom`; from there on the memory was just grown, zero already. The
 * stored bytes go into `sum` as they are read. False when a read failed.
 */
export function fillPages(memory: Uint8Array, map: Uint8Array, freshFrom: number, read: (target: Uint8Array, at: number) => boolean, sum: Checksum): boolean {
  const pages = memory.byteLength / PAGE;
  let at = 0;
  let zeroed = 0;
  for (const [first, end] of storedRuns(map, pages)) {
    if (zeroed < first * PAGE && zeroed < freshFrom) memory.fill(0, zeroed, Math.min(first * PAGE, freshFrom));
    const target = memory.subarray(first * PAGE, end * PAGE);
    if (!read(target, at)) return false;
    sum.update(target);
    at += target.byteLength;
    zeroed = end * PAGE;
  }
  if (zeroed < freshFrom) memory.fill(0, zeroed, Math.min(memory.byteLength, freshFrom));
  return true;
}

/**
 * The jieba-wasm build in use: its wasm file (beside the worker script in the bundle, else in the
 * package) by size and modification time, so that finding it costs one stat on the thread that
 * answers requests (hashing its 4 MB did not). A different build gets another image file; a
 * restored image is still checked on a probe text.
 */
export function jiebaBuildKey(workerScript: string): string | undefined {
  const candidates = [path.join(path.dirname(workerScript), 'jieba_rs_wasm_bg.wasm')];
  try {
    candidates.push(path.join(path.dirname(require.resolve('jieba-wasm')), 'jieba_rs_wasm_bg.wasm'));
  } catch {
    // bundled: only the copy beside the script
  }
  for (const c of candidates) {
    try {
      const st = fs.statSync(c);
      return createHash('sha1').update(`${path.resolve(c)}\0${st.size}\0${st.mtimeMs}`).digest('hex');
    } catch {
      // next
    }
  }
  return undefined;
}

export function imageFileName(dir: string, key: string): string {
  return path.join(dir, `jieba-${FORMAT}-${key.slice(0, 16)}.img`);
}

/**
 * Starts this thread's (fresh) jieba from the image in `file`, read straight into jieba's memory;
 * false when there is none, it is not for this build or does not check out (checksum, probe). After
 * a false from a file that existed, this thread's jieba is unusable.
 */
export function restoreJiebaFromFile(file: string, key: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const header = Buffer.alloc(HEADER);
    if (fs.readSync(fd, header, 0, HEADER, 0) !== HEADER) return false;
    if (header.readUInt32LE(0) !== MAGIC || header.readUInt32LE(4) !== FORMAT) return false;
    if (!header.subarray(44, 64).equals(Buffer.from(key, 'hex').subarray(0, 20))) return false;
    const memBytes = header.readUInt32LE(8);
    const tableLength = header.readUInt32LE(12);
    const probeBytes = header.readUInt32LE(16);
    const storedPages = header.readUInt32LE(20);
    const mapBytes = Math.ceil(memBytes / PAGE / 8);
    const data = HEADER + probeBytes + mapBytes;
    if (memBytes % PAGE !== 0 || probeBytes > 4096 || fs.fstatSync(fd).size !== data + storedPages * PAGE) return false;
    const lead = Buffer.alloc(probeBytes + mapBytes);
    if (fs.readSync(fd, lead, 0, lead.length, HEADER) !== lead.length) return false;
    const probe = lead.subarray(0, probeBytes);
    const map = lead.subarray(probeBytes);
    if (storedRuns(map, memBytes / PAGE).reduce((n, [a, b]) => n + b - a, 0) !== storedPages) return false;
    const handle = fd;
    return restoreJieba(
      memBytes,
      (memory, freshFrom) => {
        const sum = new Checksum().update(lead);
        const read = (target: Uint8Array, at: number) => {
          for (let got = 0; got < target.byteLength; ) {
            const n = fs.readSync(handle, target, got, target.byteLength - got, data + at + got);
            if (n === 0) return false;
            got += n;
          }
          return true;
        };
        return fillPages(memory, map, freshFrom, read, sum) && sum.digest().equals(header.subarray(24, 44));
      },
      tableLength,
      probe.toString('utf8'),
    );
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes an image (to a temporary name, renamed at the end); failures are ignored (it is only a cache). */
export async function writeJiebaImage(file: string, key: string, image: JiebaImage): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
  try {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const probe = Buffer.from(image.probe, 'utf8');
    const view = new Uint8Array(image.memory);
    const map = nonZeroPages(view);
    const runs = storedRuns(map, view.byteLength / PAGE);
    const lead = Buffer.concat([probe, map]);
    const sum = new Checksum().update(lead);
    for (const [first, end] of runs) sum.update(view.subarray(first * PAGE, end * PAGE));
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(FORMAT, 4);
    header.writeUInt32LE(view.byteLength, 8);
    header.writeUInt32LE(image.tableLength, 12);
    header.writeUInt32LE(probe.length, 16);
    header.writeUInt32LE(runs.reduce((n, [a, b]) => n + b - a, 0), 20);
    sum.digest().copy(header, 24);
    Buffer.from(key, 'hex').subarray(0, 20).copy(header, 44);
    const fh = await fs.promises.open(tmp, 'w');
    try {
      await fh.write(header, 0, HEADER, 0);
      await fh.write(lead, 0, lead.length, HEADER);
      let at = HEADER + lead.length;
      for (const [first, end] of runs) {
        await fh.write(view, first * PAGE, (end - first) * PAGE, at);
        at += (end - first) * PAGE;
      }
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, file);
    await pruneJiebaImages(file);
  } catch {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/**
 * Removes what will not be used again beside the image `keep`: images of other jieba builds (an
 * older version of the extension), and temporary files of writes that never finished (each is as
 * large as an image, about 50 MB).
 */
export function pruneJiebaImages(keep: string, now = Date.now()): Promise<void> {
  return pruneBeside(keep, (name) => /^jieba-\d+-[0-9a-f]+\.img$/.test(name), /^jieba-\d+-[0-9a-f]+\.img\.(\d+)\.[0-9a-z]+\.part$/, now);
}
