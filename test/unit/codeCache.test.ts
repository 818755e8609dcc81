// The server bundle's V8 code cache (server/src/codeCache.ts): used when it fits, never trusted
// when it does not; the module runs the same either way.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { codeCacheDirOf, codeCacheFile } from '../../server/src/codeCache';

// Each start in a process of its own, as a server starts: within one process V8 finds a source it
// compiled before in its own compilation cache and never looks at the cached data.
const MODULE = require.resolve('../../server/src/codeCache');
function start(file: string, cacheDir: string | undefined, save = false): { status: string; saved: boolean; result: { answer: number; file: string; dir: string; self: boolean } } {
  const script = `const c = require(${JSON.stringify(MODULE)}); const m = c.loadWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
    (${save} ? m.save() : Promise.resolve(false)).then((saved) => process.stdout.write(JSON.stringify({ status: m.status, saved, result: globalThis.__codeCacheTest })));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

describe('V8 code cache of the server bundle', function () {
  this.timeout(20000);
  let dir: string;
  let cacheDir: string;
  let file: string;
  // A module that requires a neighbour by a relative path and reports through a global.
  const source = (n: number) => `const dep = require('./dep.js');\nfunction answer(x) { return dep.twice(x) + ${n}; }\nglobalThis.__codeCacheTest = { answer: answer(20), file: __filename, dir: __dirname, self: module.exports === exports };\nmodule.exports = { answer };\n`;
  const cacheFiles = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((f) => f.endsWith('.v8cache')) : []);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'code-cache-'));
    cacheDir = path.join(dir, 'cache');
    file = path.join(dir, 'bundle.js');
    fs.writeFileSync(path.join(dir, 'dep.js'), 'exports.twice = (x) => 2 * x;\n');
    fs.writeFileSync(file, source(2));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the folder comes from the --code-cache-dir= argument; none without it', () => {
    assert.equal(codeCacheDirOf(['node', 'server.js', '--stdio', '--code-cache-dir=/x/y']), '/x/y');
    assert.equal(codeCacheDirOf(['node', 'server.js', '--stdio']), undefined);
    assert.equal(codeCacheDirOf(['--code-cache-dir=']), undefined);
  });

  it('without a folder the module is simply required', () => {
    const m = start(file, undefined, true);
    assert.equal(m.status, 'off');
    assert.equal(m.saved, false);
    assert.equal(m.result.answer, 42);
  });

  it('a first start runs the module as require would and saves the cache; the next start uses it', () => {
    const first = start(file, cacheDir, true);
    assert.equal(first.status, 'none');
    assert.deepEqual(first.result, { answer: 42, file, dir, self: true });
    assert.ok(first.saved);
    assert.equal(cacheFiles().length, 1);
    const second = start(file, cacheDir);
    assert.equal(second.status, 'used');
    assert.deepEqual(second.result, { answer: 42, file, dir, self: true });
    // A start that used the cache does not write it again.
    const cache = path.join(cacheDir, cacheFiles()[0]);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(cache, old, old);
    const before = fs.statSync(cache).mtimeMs;
    const third = start(file, cacheDir, true);
    assert.equal(third.status, 'used');
    assert.equal(third.saved, false);
    assert.equal(fs.statSync(cache).mtimeMs, before);
  });

  it('a damaged cache is not used (the module compiles from source and runs the same) and is written anew', () => {
    assert.ok(start(file, cacheDir, true).saved);
    const cache = path.join(cacheDir, cacheFiles()[0]);
    const good = fs.readFileSync(cache);
    for (const at of [40, good.length >> 1, good.length - 1, 4]) {
      const bad = Buffer.from(good);
      bad[at] ^= 0x10;
      fs.writeFileSync(cache, bad);
      const m = start(file, cacheDir);
      assert.equal(m.status, 'damaged', `byte ${at}`);
      assert.equal(m.result.answer, 42);
    }
    fs.writeFileSync(cache, good.subarray(0, 20));
    assert.equal(start(file, cacheDir).status, 'damaged');
    assert.ok(start(file, cacheDir, true).saved);
    assert.equal(start(file, cacheDir).status, 'used');
  });

  it('data V8 does not accept (intact, but not its code for this source) is refused, and the module runs the same', () => {
    assert.ok(start(file, cacheDir, true).saved);
    const cache = path.join(cacheDir, cacheFiles()[0]);
    // Another source's cache under this source's name, with a correct checksum.
    const other = path.join(dir, 'other.js');
    fs.writeFileSync(other, 'globalThis.__codeCacheOther = 1;\n'.repeat(50));
    assert.ok(start(other, cacheDir, true).saved);
    fs.copyFileSync(codeCacheFile(cacheDir, other, fs.readFileSync(other, 'utf8')), cache);
    const m = start(file, cacheDir);
    assert.equal(m.status, 'refused');
    assert.equal(m.result.answer, 42);
  });

  it('a save removes what interrupted writes left (their writer gone, or long ago), and leaves a live recent write alone', () => {
    fs.mkdirSync(cacheDir, { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const cache = (pid: number, tag: string) => path.join(cacheDir, `bundle-0123456789abcdef0123.v8cache.${pid}.${tag}.part`);
    fs.writeFileSync(cache(dead, 'gone'), 'x');
    fs.writeFileSync(cache(process.pid, 'old'), 'x');
    const old = new Date(Date.now() - 3600_000);
    fs.utimesSync(cache(process.pid, 'old'), old, old);
    fs.writeFileSync(cache(process.pid, 'live'), 'x');
    // Another bundle's leftovers are not this save's business.
    fs.writeFileSync(path.join(cacheDir, `other-0123456789abcdef0123.v8cache.${dead}.gone.part`), 'x');
    assert.ok(start(file, cacheDir, true).saved);
    assert.deepEqual(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.part')).sort(), [path.basename(cache(process.pid, 'live')), `other-0123456789abcdef0123.v8cache.${dead}.gone.part`].sort());
  });

  it('a changed bundle never meets the old cache; saving its own removes the old one', () => {
    assert.ok(start(file, cacheDir, true).saved);
    const old = cacheFiles();
    fs.writeFileSync(file, source(3));
    const m = start(file, cacheDir, true);
    assert.equal(m.status, 'none');
    assert.equal(m.result.answer, 43);
    assert.ok(m.saved);
    assert.equal(cacheFiles().length, 1);
    assert.notDeepEqual(cacheFiles(), old);
    assert.equal(start(file, cacheDir).status, 'used');
  });
});
