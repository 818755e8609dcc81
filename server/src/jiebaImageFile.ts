// jieba's built default dictionary, kept on disk between runs (the extension's global storage):
// building it is the bulk of a segmentation worker's start-up (a few hundred ms of CPU), and it
// depends on nothing but the jieba-wasm build. The file is keyed by jieba's wasm file (path, size,
// time) and the format; its bytes carry a checksum; a worker that restores it still checks a
// probe text segments alike (see restoreJieba). Any doubt: not used, and written anew.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JiebaImage, restoreJieba } from './core/segmenter';
import { checksum } from './checksum';

const MAGIC = 0x4a494d47; // "GMIJ"
const FORMAT = 1;
/** magic, format, memory bytes, table length, probe bytes: 5 × u32; checksum of probe + memory (20); key (20). */
const HEADER = 64;

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
    if (fs.fstatSync(fd).size !== HEADER + probeBytes + memBytes || probeBytes > 4096) return false;
    const probe = Buffer.alloc(probeBytes);
    if (fs.readSync(fd, probe, 0, probeBytes, HEADER) !== probeBytes) return false;
    const handle = fd;
    return restoreJieba(
      memBytes,
      (memory) => {
        for (let at = 0; at < memBytes; ) {
          const n = fs.readSync(handle, memory, at, memBytes - at, HEADER + probeBytes + at);
          if (n === 0) return false;
          at += n;
        }
        return checksum([probe, memory]).equals(header.subarray(24, 44));
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
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(FORMAT, 4);
    header.writeUInt32LE(view.byteLength, 8);
    header.writeUInt32LE(image.tableLength, 12);
    header.writeUInt32LE(probe.length, 16);
    checksum([probe, view]).copy(header, 24);
    Buffer.from(key, 'hex').subarray(0, 20).copy(header, 44);
    const fh = await fs.promises.open(tmp, 'w');
    try {
      await fh.write(header, 0, HEADER, 0);
      await fh.write(probe, 0, probe.length, HEADER);
      await fh.write(view, 0, view.byteLength, HEADER + probe.length);
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, file);
    await pruneJiebaImages(file);
  } catch {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** A write takes well under a second: a temporary file this old was left by a writer that died. */
const ABANDONED_MS = 10 * 60_000;

/**
 * Removes what will not be used again beside the image `keep`: images of other jieba builds (an
 * older version of the extension), and temporary files of writes that never finished (the
 * process ended mid-write: each is as large as an image, about 60 MB). A temporary file whose
 * writing process is alive and that is recent is left to it.
 */
export async function pruneJiebaImages(keep: string, now = Date.now()): Promise<void> {
  const dir = path.dirname(keep);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const full = path.join(dir, name);
    let remove = /^jieba-\d+-[0-9a-f]+\.img$/.test(name) && name !== path.basename(keep);
    const part = /^jieba-\d+-[0-9a-f]+\.img\.(\d+)\.[0-9a-z]+\.part$/.exec(name);
    if (part) {
      const mtime = await fs.promises.stat(full).then((st) => st.mtimeMs, () => now);
      remove = now - mtime > ABANDONED_MS || !processAlive(Number(part[1]));
    }
    if (remove) await fs.promises.rm(full, { force: true }).catch(() => undefined);
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, owned by someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
