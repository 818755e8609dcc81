// Discovery of a workspace folder's corpus files and glossaries (server/src/workspaceFiles.ts).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, discover } from '../../server/src/workspaceFiles';

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

  it('a folder whose .txt files match no glob is the corpus itself', async () => {
    const d = await discover(path.join(dir, 'corpus', '2020'), DEFAULT_SETTINGS);
    assert.deepEqual(names(d.corpusFiles), ['corpus/2020/03/c.txt', 'corpus/2020/b.txt']);
  });
});
