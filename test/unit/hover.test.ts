// Hover: a term's definition, then how the corpus uses it; while the corpus is still being indexed,
// the counts (which would be those of the files indexed so far) give way to a note.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MarkupContent } from 'vscode-languageserver';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { Glossary, parseGlossary } from '../../server/src/core/glossary';
import { JiebaSegmenter } from '../../server/src/core/segmenter';
import { provideHover } from '../../server/src/features/hover';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SEED = fs.readFileSync(path.join(REPO, 'corpus', '000_0e5442cdf73d87c8.txt'), 'utf8');
const GLOSSARY_TEXT = fs.readFileSync(path.join(REPO, 'corpus', 'glossary.yaml'), 'utf8');
const URI = 'file:///corpus/000_0e5442cdf73d87c8.txt';

describe('hover', () => {
  const index = new CorpusIndex(new JiebaSegmenter());
  index.setGlossary(new Glossary([parseGlossary(GLOSSARY_TEXT, 'glossary.yaml')]));
  index.upsertFile({ uri: URI, path: '/corpus/000_0e5442cdf73d87c8.txt', text: SEED });
  index.segmentFile(URI);
  const file = index.file(URI)!;
  const at = (needle: string) => file.lines.positionAt(SEED.indexOf(needle) + 1);
  const text = (h: ReturnType<typeof provideHover>) => (h?.contents as MarkupContent).value;

  it('a term: its definition, then its mentions counted over the corpus', () => {
    const h = text(provideHover(index, URI, at('联防联控')));
    assert.match(h, /\*\*联防联控\*\*/);
    assert.match(h, /\*\*\d+\*\* mentions? in \*\*\d+\*\* of 12 meetings/);
    assert.doesNotMatch(h, /once the corpus is indexed/);
  });

  it('while the corpus is being indexed: the same definition, and a note instead of counts', () => {
    for (const needle of ['联防联控', '疫情']) {
      const ready = text(provideHover(index, URI, at(needle)));
      const indexing = text(provideHover(index, URI, at(needle), { indexing: true }));
      assert.match(indexing, /Counts of mentions come once the corpus is indexed/);
      assert.doesNotMatch(indexing, /mentions? in \*\*/);
      // Everything before the counts is the same.
      assert.equal(indexing.split('\n\n')[0], ready.split('\n\n')[0]);
    }
  });
});
