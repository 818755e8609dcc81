// Edits to an open document must not keep old versions of the file alive: after the edits and a
// garbage collection, the first version is gone. (Fails today: word postings keep every version.)

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { JiebaSegmenter } from '../../server/src/core/segmenter';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const SEED = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'corpus', '000_0e5442cdf73d87c8.txt'), 'utf8');

describe('memory: edited documents do not pile up', () => {
  it('the first version of an open document is collected after 200 edits', async () => {
    const index = new CorpusIndex(new JiebaSegmenter());
    const uri = 'file:///corpus/open.txt';
    let text = SEED.slice(0, 3000);
    const first = new WeakRef(index.upsertFile({ uri, path: '/corpus/open.txt', text, open: true }));
    index.segmentFile(uri);
    for (let i = 0; i < 200; i++) {
      const at = (i * 7919) % text.length;
      text = text.slice(0, at) + (i % 2 ? '坚持联防联控，' : '\n') + text.slice(at);
      index.upsertFile({ uri, path: '/corpus/open.txt', text, open: true });
      index.segmentFile(uri);
    }
    await new Promise((r) => setImmediate(r));
    gc();
    await new Promise((r) => setImmediate(r));
    gc();
    assert.equal(first.deref(), undefined, 'the first IndexedFile is still reachable');
  });
});
