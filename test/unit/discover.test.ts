// Discovery of a workspace folder's corpus files and glossaries (server/src/workspaceFiles.ts).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { DEFAULT_SETTINGS, discover, toUri } from '../../server/src/workspaceFiles';

describe('discovering corpus files', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'discover-'));
    for (const f of ['corpus/a.txt', 'corpus/2020/b.txt', 'corpus/2020/03/c.txt', 'notes/d.txt', 'corpus/glossary.yaml', 'corpus/node_modules/e.txt', 'corpus/.hidden/f.txt', 'corpus/x.md']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), '会议');
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const names = (files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));

  it('matches globs against paths relative to the folder, at any depth, and finds glossaries; skips tool and hidden folders', async () => {
    const d = await discover(dir, DEFAULT_SETTINGS);
    assert.deepEqual(names(d.corpusFiles), ['corpus/2020/03/c.txt', 'corpus/2020/b.txt', 'corpus/a.txt']);
    assert.deepEqual(names(d.glossaryFiles), ['corpus/glossary.yaml']);
    assert.deepEqual(names((await discover(dir, { ...DEFAULT_SETTINGS, corpusGlobs: ['corpus/*.txt'] })).corpusFiles), ['corpus/a.txt']);
    assert.deepEqual(names((await discover(dir, { ...DEFAULT_SETTINGS, corpusGlobs: ['notes/**/*.txt', 'corpus/2020/*.txt'] })).corpusFiles), ['corpus/2020/b.txt', 'notes/d.txt']);
  });

  it('a folder given with a trailing separator or a dot segment yields the same normalized paths', async () => {
    const plain = await discover(dir, DEFAULT_SETTINGS);
    for (const odd of [dir + path.sep, path.join(dir, 'corpus') + path.sep + '..']) {
      const d = await discover(odd, DEFAULT_SETTINGS);
      assert.deepEqual(d.corpusFiles, plain.corpusFiles, odd);
      assert.deepEqual(d.glossaryFiles, plain.glossaryFiles, odd);
    }
  });
  it('a folder whose .txt files match no glob is the corpus itself', async () => {
    const d = await discover(path.join(dir, 'corpus', '2020'), DEFAULT_SETTINGS);
    assert.deepEqual(names(d.corpusFiles), ['corpus/2020/03/c.txt', 'corpus/2020/b.txt']);
  });
});

describe('file URIs', () => {
  it('toUri gives what pathToFileURL gives, for any path (odd characters, dot segments, doubled and trailing separators), first time and again', () => {
    const part = fc.constantFrom('a', 'B', '0', '.', '..', ' ', '%', '#', '?', '联', '𠮷', '\\', '-', '_', '~', '[', ']', '@', '+', ';', '=', '&', "'", 'x.txt', '.txt');
    const segment = fc.array(part, { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
    const absolute = fc
      .tuple(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.constantFrom('/', '//'), fc.boolean())
      .map(([segs, sep, trailing]) => '/' + segs.join(sep) + (trailing ? '/' : ''));
    fc.assert(
      fc.property(absolute, (p) => {
        const expected = pathToFileURL(p).toString();
        assert.equal(toUri(p), expected);
        assert.equal(toUri(p), expected);
      }),
      { numRuns: 2000 },
    );
  });
});
