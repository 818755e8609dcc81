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

describe('a document title: its kind, its date and where the date came from', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { provideDocumentSymbols } = require('../../server/src/features/documentSymbols') as typeof import('../../server/src/features/documentSymbols');
  const news = '习近平出席二十国集团领导人杭州峰会闭幕式并发表讲话\n\n二十国集团领导人第十一次峰会5日在杭州闭幕。\n\n习近平致信祝贺中国人民大学建校80周年\n\n习近平致信，代表党中央致以热烈的祝贺。\n\n中央经济工作会议在北京举行\n\n中央经济工作会议9月3日至5日在北京举行。\n';
  const uri = 'file:///corpus/news/20160906.txt';
  const index = new CorpusIndex();
  index.upsertFile({ uri, path: '/corpus/news/20160906.txt', text: news });
  const file = index.file(uri)!;

  it('the Outline’s detail', () => {
    assert.deepEqual(provideDocumentSymbols(index, uri).map((s) => s.detail), [
      '2016-09-05 · conference · date: month from the file name',
      '2016-09-06 · letter · date: file name',
      '2016-09-03 – 2016-09-05 · conference · date: year from the file name',
    ]);
  });

  it('the hover of a title, and only of a title', () => {
    const hover = (needle: string) => provideHover(index, uri, file.lines.positionAt(news.indexOf(needle) + 1));
    const first = (hover('习近平出席')?.contents as MarkupContent).value;
    assert.match(first, /^\*conference\* · 2016-09-05 · date: 5日, month from the file name/);
    assert.match((hover('习近平致信祝贺')?.contents as MarkupContent).value, /^\*letter\* · 2016-09-06 · date: file name/);
    assert.match((hover('中央经济工作会议在')?.contents as MarkupContent).value, /2016-09-03 – 2016-09-05 · date: 9月3日至5日, year from the file name/);
    assert.equal(hover('第十一次峰会'), null);
  });
});
