// Text already segmented with spaces (jieba, pkuseg, THULAC, LTP output): detected, and its words
// taken as written, on every path that segments a file (a worker, this thread, the index).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { looksPresegmented, whitespaceTokens } from '../../server/src/core/text/presegmented';
import { readCorpusText } from '../../server/src/core/reader';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import type { Segmenter, TokenArrays } from '../../server/src/core/segmenter';
import { SegmenterPool } from '../../server/src/segmenterPool';
import { govReportsAvailable, loadGovReports } from './fixtures/govReports';
import { SHAPES } from './fixtures/shapes';

function findRepoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}
const REPO = findRepoRoot();
const seed = fs.readFileSync(path.join(REPO, 'corpus', '000_0e5442cdf73d87c8.txt'), 'utf8');
const jiebaOutput = fs.readFileSync(path.join(SHAPES, 'segmented', 'seed-jieba.txt'), 'utf8');

/** The words of `text` at `tokens`, joined by `|`. */
const words = (text: string, t: TokenArrays): string => Array.from(t.starts, (s, i) => text.slice(s, t.ends[i])).join('|');

/** A segmenter that must not be asked: the words of a segmented text are its writer's. */
const noJieba: Segmenter = {
  addWords: () => undefined,
  segment: () => { throw new Error('jieba was asked to cut a text already segmented'); },
};

describe('text already segmented', () => {
  const positive: [string, string][] = [
    ['jieba output of the seed (fixture)', jiebaOutput],
    ['pkuseg-style, punctuation attached to nothing', '国务院 总理 李克强 5日 主持 召开 国务院 常务 会议 ， 部署 推进 “ 互联网 + 政务 服务 ” 。\n会议 指出 ， 要 让 数据 多 跑路 、 群众 少 跑腿 。'],
    ['LTP-style, one sentence per line', '中共中央 政治局 常务 委员会 召开 会议\n研究 新型 冠状 病毒 感染 的 肺炎 疫情 防控 工作\n会议 强调 要 全力以赴 救治 感染 患者'],
  ];
  const negative: [string, string][] = [
    ['the seed', seed],
    ['a title with a space between its parts', '中共中央政治局常务委员会召开会议 研究新型冠状病毒感染的肺炎疫情防控工作\n\n' + seed.slice(200, 3000)],
    ['a poem with a space between its lines', '床前明月光 疑是地上霜 举头望明月 低头思故乡\n'.repeat(20)],
    ['English', 'The Standing Committee of the Political Bureau met on 25 January. '.repeat(50)],
    ['spaced characters of a name, U+3000', '习\u3000近\u3000平\n'.repeat(40)],
    ['empty', ''],
  ];
  if (govReportsAvailable()) negative.push(['a government work report', loadGovReports()[0].text]);
  for (const [name, text] of positive) it(`detected: ${name}`, () => assert.equal(looksPresegmented(text), true));
  for (const [name, text] of negative) it(`not detected: ${name}`, () => assert.equal(looksPresegmented(text), false));

  it('the reader says so, and only so; the setting can say it for every file or none', () => {
    assert.equal(readCorpusText(jiebaOutput).presegmented, true);
    assert.equal(readCorpusText(seed).presegmented, undefined);
    assert.equal(readCorpusText(seed, { presegmented: 'always' }).presegmented, true);
    assert.equal(readCorpusText(jiebaOutput, { presegmented: 'never' }).presegmented, undefined);
  });

  it('its tokens are the runs between spaces and punctuation, at their offsets in the text as written', () => {
    const text = '中共中央政治局 常务委员会 召开 会议 ， 专门 听取 “四个意识” 5G 网络 𠮷祥 。\n2020 年 1 月';
    const t = whitespaceTokens(text);
    assert.equal(words(text, t), '中共中央政治局|常务委员会|召开|会议|专门|听取|四个意识|5G|网络|𠮷祥|2020|年|1|月');
    assert.equal(text.slice(t.starts[0], t.ends[0]), '中共中央政治局');
    assert.ok(t.starts instanceof Uint32Array && t.ends instanceof Uint32Array);
    assert.deepEqual(whitespaceTokens(''), { starts: new Uint32Array(0), ends: new Uint32Array(0) });
  });

  it('the index takes them without asking jieba', () => {
    const index = new CorpusIndex(noJieba);
    index.upsertFile({ uri: 'file:///c/seg.txt', path: '/c/seg.txt', text: jiebaOutput });
    index.segmentFile('file:///c/seg.txt');
    const file = index.file('file:///c/seg.txt')!;
    assert.ok(file.segmented);
    assert.equal(words(jiebaOutput, file.tokens!).split('|').slice(0, 6).join('|'), '中共中央政治局|常务委员会|召开|会议|研究|新型');
  });

  it('the pool takes them without asking jieba, in this thread', async () => {
    const pool = new SegmenterPool(noJieba, { size: 0 });
    const r = await pool.segment(jiebaOutput, false, true);
    assert.deepEqual(r.tokens, whitespaceTokens(jiebaOutput));
    await pool.close();
  });

  const bundled = path.join(REPO, 'server', 'out', 'segmentWorker.js');
  (fs.existsSync(bundled) ? it : it.skip)('the pool takes them without asking jieba, in a worker too', async function () {
    this.timeout(30000);
    const pool = new SegmenterPool(noJieba, { size: 1, workerScript: bundled });
    try {
      const [segmented, prose] = await Promise.all([pool.segment(jiebaOutput, false, true), pool.segment('中共中央政治局常务委员会召开会议')]);
      assert.ok(segmented.source, 'segmented in a worker');
      assert.deepEqual(segmented.tokens, whitespaceTokens(jiebaOutput));
      // Prose beside it in the same batch is still cut by jieba.
      assert.ok(prose.tokens.starts.length > 1);
    } finally {
      await pool.close();
    }
  });
});
