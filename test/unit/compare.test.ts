// What changed between a document and the last one of its kind: the formulation rules (terms,
// recurring phrases inside one clause, nesting), the ranking and the default predecessor, on
// hand-made readouts whose expected items are read off the texts.

import * as assert from 'node:assert/strict';
import { compare, predecessorOf } from '../../server/src/core/study/compare';
import { indexedText } from './fixtures/indexed';

const GLOSSARY = `version: 1
terms:
  - term: 新发展格局
    category: policy
    gloss: New Development Pattern
    zh: 以国内大循环为主体、国内国际双循环相互促进的发展格局。
    en: A development pattern with the domestic economy as its mainstay.
`;

// Five documents: three Politburo meetings and two inspection tours, in date order.
const TEXT = [
  '中共中央政治局召开会议 研究当前经济形势', '',
  '中共中央政治局2019年4月17日召开会议。会议强调，要强化国家战略科技力量，稳住经济基本盘。', '',
  '习近平在湖南考察', '',
  '习近平2019年5月20日在湖南考察。他强调，要强化国家战略科技力量，做好民生保障工作。', '',
  '中共中央政治局召开会议 分析研究经济工作', '',
  '中共中央政治局2019年7月30日召开会议。会议强调，要强化国家战略科技力量，构建新发展格局，做好民生保障工作。', '',
  '中共中央政治局召开会议 部署经济工作', '',
  '中共中央政治局2019年12月6日召开会议。会议强调，要构建新发展格局，做好民生保障工作，加快建设现代化产业体系。', '',
  '习近平在江苏考察', '',
  '习近平2020年1月5日在江苏考察。他强调，要加快建设现代化产业体系。', '',
].join('\n');

const URI = 'file:///corpus/readouts.txt';


const row = (i: { status: string; kind: string; text: string; count: number; againstCount: number; firstInCorpus: boolean }) =>
  `${i.status} ${i.kind} ${i.text} ${i.count}/${i.againstCount}${i.firstInCorpus ? ' first' : ''}`;

describe('compare: what changed since the last document of the same kind', () => {
  const idx = indexedText(URI, TEXT, GLOSSARY);
  const chrono = idx.meetingsChronological();

  it('reads the five documents in date order', () => {
    assert.deepEqual(chrono.map((m) => `${m.meeting.date.iso} ${m.meeting.kind}`), [
      '2019-04-17 politburo',
      '2019-05-20 inspection',
      '2019-07-30 politburo',
      '2019-12-06 politburo',
      '2020-01-05 inspection',
    ]);
  });

  it('defaults to the latest earlier document of the same kind, else the latest earlier one', () => {
    assert.equal(predecessorOf(chrono, chrono[2]), chrono[0]);
    assert.equal(predecessorOf(chrono, chrono[4]), chrono[1]);
    // No earlier inspection: the document just before.
    assert.equal(predecessorOf(chrono, chrono[1]), chrono[0]);
    assert.equal(predecessorOf(chrono, chrono[0]), undefined);
    assert.equal(compare(idx, chrono[0]).against, null);
  });

  it('July against April: the new term and phrases first (first in the corpus before the rest), then the kept', () => {
    const c = compare(idx, chrono[2]);
    assert.equal(c.against?.date, '2019-04-17');
    assert.deepEqual(c.items.map(row), [
      'new term 新发展格局 1/0 first',
      'new phrase 构建新发展格局 1/0 first',
      // 民生保障 came in May's inspection: new against April, not first in the corpus.
      'new phrase 民生保障 1/0',
      'kept phrase 强化国家战略科技力量 1/1',
    ]);
  });

  it('December against July: a phrase dropped, one new, the rest kept', () => {
    const c = compare(idx, chrono[3]);
    assert.deepEqual(c.items.map(row), [
      'new phrase 加快建设现代化产业体系 1/0 first',
      'dropped phrase 强化国家战略科技力量 0/1',
      'kept term 新发展格局 1/1',
      'kept phrase 构建新发展格局 1/1',
      'kept phrase 民生保障 1/1',
    ]);
  });

  it('merges nested phrases to the longest that recurs: 国家战略 and 科技力量 only ever occur inside 强化国家战略科技力量', () => {
    const texts = chrono.flatMap((m) => compare(idx, m).items.map((i) => i.text));
    assert.ok(texts.includes('强化国家战略科技力量'));
    for (const inner of ['国家战略', '科技力量', '国家战略科技力量', '强化国家战略']) assert.ok(!texts.includes(inner), inner);
  });

  it('never runs a phrase across punctuation, and leaves out runs of function words', () => {
    const texts = chrono.flatMap((m) => compare(idx, m).items.map((i) => i.text));
    for (const t of texts) assert.ok(!/[，。、：；]/.test(t), t);
    // 强化国家战略科技力量，稳住… and …科技力量，做好… recur only across the comma.
    assert.ok(!texts.some((t) => t.includes('力量稳住') || t.includes('力量做好')));
    // 召开会议 and 做好…工作 are made of stopwords at their edges.
    for (const t of ['召开会议', '做好民生保障工作', '会议强调']) assert.ok(!texts.includes(t), t);
  });

  it('points each item at its place: in the document, or in the earlier one for a dropped item', () => {
    const c = compare(idx, chrono[3]);
    for (const i of c.items) {
      const ref = i.status === 'dropped' ? chrono[2] : chrono[3];
      assert.equal(i.uri, URI);
      assert.equal(i.spans.length, Math.max(i.count, i.status === 'dropped' ? i.againstCount : 0));
      for (const s of i.spans) {
        assert.equal(TEXT.slice(s.start, s.end), i.text);
        assert.ok(s.start >= ref.meeting.span.start && s.end <= ref.meeting.span.end);
      }
    }
  });

  it('compares with any document asked for', () => {
    const c = compare(idx, chrono[3], chrono[1]);
    assert.equal(c.against?.date, '2019-05-20');
    assert.deepEqual(c.items.filter((i) => i.status === 'dropped').map((i) => i.text), ['强化国家战略科技力量']);
    assert.ok(c.items.some((i) => i.text === '新发展格局' && i.status === 'new' && !i.firstInCorpus));
  });
});
