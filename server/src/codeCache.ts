// V8's code cache for the server bundle. Node (before 22) compiles a CommonJS module from source on
// every start, and the server's start-up code again on first call; a start from the index snapshot
// is short enough that this shows (~20 ms of some 230). The cache holds V8's compiled code for the
// bundle after a start, in a folder the client gives (its global storage), so the next start
// deserializes instead of compiling.
//
// Never trusted: the file name carries the bundle's own SHA-1 (a changed bundle never meets an
// old cache), the bytes carry a checksum (V8 does not check its cached code's integrity in release
// builds), and V8 itself refuses data made by another V8 version or with other flags. Refused or
// damaged: the bundle compiles from source as without a cache, and the cache is written anew.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module = require('node:module');
import * as path from 'node:path';
import * as vm from 'node:vm';
import { checksum } from './checksum';
import { pruneBeside } from './storageFiles';

const MAGIC = 0x43385643; // "CV8C"
/** magic, data bytes (2 × u32), checksum of the data (20), padding to 32. */
const HEADER = 32;

export type CodeCacheStatus = 'off' | 'none' | 'used' | 'refused' | 'damaged';

export interface CachedModule {
  status: CodeCacheStatus;
  /** Writes V8's code for the bundle as compiled so far (call once start-up has run), unless the cache was used; true when written. */
  save(): Promise<boolean>;
}

/** The argument that gives the server its code cache folder (the client passes it). */
export const CODE_CACHE_ARG = '--code-cache-dir=';

export function codeCacheDirOf(argv: readonly string[]): string | undefined {
  const a = argv.find((x) => x.startsWith(CODE_CACHE_ARG));
  return a && a.length > CODE_CACHE_ARG.length ? a.slice(CODE_CACHE_ARG.length) : undefined;
}

/** Where the cache of a bundle with this source lives: its name, then the source's hash. */
export function codeCacheFile(dir: string, file: string, source: string): string {
  const hash = createHash('sha1').update(source).digest('hex').slice(0, 20);
  return path.join(dir, `${path.basename(file, '.js')}-${hash}.v8cache`);
}

function readCache(file: string): { data?: Buffer; damaged: boolean } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return { damaged: false };
  }
  if (bytes.length < HEADER || bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== bytes.length - HEADER) return { damaged: true };
  const data = bytes.subarray(HEADER);
  if (!checksum([data]).equals(bytes.subarray(8, 28))) return { damaged: true };
  return { data, damaged: false };
}

/**
 * Loads the CommonJS module `file` as `require` would, compiled with the code cache in `dir`
 * when there is a good one. Without `dir`, simply required.
 */
export function loadWithCodeCache(file: string, dir: string | undefined, parent?: NodeModule): CachedModule {
  if (!dir) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
    return { status: 'off', save: async () => false };
  }
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = codeCacheFile(dir, file, source);
  const cached = readCache(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData: cached.data });
  const status: CodeCacheStatus = cached.damaged ? 'damaged' : !cached.data ? 'none' : script.cachedDataRejected ? 'refused' : 'used';
  // The module as `require` makes it: its own require, paths and cache entry.
  type ModuleInternals = typeof Module & { _nodeModulePaths(dir: string): string[]; _cache: Record<string, NodeModule> };
  const M = Module as ModuleInternals;
  const mod = new Module(file, parent) as NodeModule & { paths: string[]; filename: string; loaded: boolean };
  mod.filename = file;
  mod.paths = M._nodeModulePaths(path.dirname(file));
  M._cache[file] = mod;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeModule, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return {
    status,
    // A cache V8 used is there already: writing it again after every start took the server thread
    // ~5 ms (V8 serializing the code, the checksum, the write) just as its first requests came in.
    save: status === 'used' ? async () => false : () => writeCache(cacheFile, script.createCachedData()),
  };
}

async function writeCache(file: string, data: Buffer): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
  try {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(MAGIC, 0);
    header.writeUInt32LE(data.length, 4);
    checksum([data]).copy(header, 8);
    await fs.promises.writeFile(tmp, Buffer.concat([header, data]));
    await fs.promises.rename(tmp, file);
    await pruneCodeCaches(file);
    return true;
  } catch {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    return false;
  }
}

/**
 * Caches of other builds of the same bundle go when a new one is written (one per bundle), and so
 * do temporary files of writes that never finished (the server ended while writing).
 */
function pruneCodeCaches(keep: string): Promise<void> {
  const bundle = path.basename(keep).replace(/-[0-9a-f]+\.v8cache$/, '').replace(/[^A-Za-z0-9]/g, '\\$&');
  return pruneBeside(keep, (name) => new RegExp(`^${bundle}-[0-9a-f]+\\.v8cache$`).test(name), new RegExp(`^${bundle}-[0-9a-f]+\\.v8cache\\.(\\d+)\\.[0-9a-z]+\\.part$`));
}

/** What the boot script found, for the server's status (the two are separate bundles: a global is their one link). */
const STATUS_KEY = Symbol.for('corpusStudy.codeCache');

export function publishCodeCache(m: CachedModule): void {
  (globalThis as Record<symbol, unknown>)[STATUS_KEY] = m;
}

export function publishedCodeCache(): CachedModule | undefined {
  return (globalThis as Record<symbol, unknown>)[STATUS_KEY] as CachedModule | undefined;
}
