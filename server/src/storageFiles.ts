// What the server keeps in its storage folders (the jieba image, V8's code cache) is written to a
// temporary name and renamed when complete. What an older build or an interrupted write left
// behind is removed here.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** A write takes well under a second: a temporary file this old was left by a writer that died. */
const ABANDONED_MS = 10 * 60_000;

/**
 * Removes what will not be used again beside `keep`: files that `superseded(name)` says belong to
 * another build, and temporary files of writes that never finished, named as `part` matches (its
 * first group: the writing process's id): their process ended mid-write, or they are older than
 * any write takes. A temporary file whose writing process is alive and that is recent is left to it.
 */
export async function pruneBeside(keep: string, superseded: (name: string) => boolean, part: RegExp, now = Date.now()): Promise<void> {
  const dir = path.dirname(keep);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === path.basename(keep)) continue;
    const full = path.join(dir, name);
    const writer = part.exec(name);
    const remove = writer ? await abandonedWrite(full, Number(writer[1]), now) : superseded(name);
    if (remove) await fs.promises.rm(full, { force: true }).catch(() => undefined);
  }
}

/**
 * Whether the temporary file `file`, written by process `pid`, was left by a write that will never
 * finish: its process is gone, or it is older than any write takes. A write under way (this
 * process's own, or another live server's) is not.
 */
export async function abandonedWrite(file: string, pid: number, now = Date.now()): Promise<boolean> {
  const mtime = await fs.promises.stat(file).then((st) => st.mtimeMs, () => now);
  return now - mtime > ABANDONED_MS || !processAlive(pid);
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
