// The study computations (concordance, trend, distinctive terms, collocates, tables, CSV) on the
// seed and on small inputs, with expected figures computed here from the text.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { Glossary, parseGlossary } from '../../server/src/core/glossary';
import { JiebaSegmenter } from '../../server/src/core/segmenter';
import { concordance } from '../../server/src/core/study/concordance';
import { trend } from '../../server/src/core/study/trend';
import { distinctiveTerms } from '../../server/src/core/study/distinctive';
import { collocates } from '../../server/src/core/study/collocates';
import { frequencyTable, frequencyTableCsv, frequencyTableLongCsv } from '../../server/src/core/study/frequencyTable';
import { csvField, toCsv, BOM } from '../../server/src/core/study/csv';
import { keyness, logDice, logLikelihood, mutualInformation } from '../../server/src/core/study/measures';
import { isContentWord } from '../../server/src/core/study/stopwords';
import { corpusOutline, glossaryOverview } from '../../server/src/core/study/outline';
import { provideCodeLenses } from '../../server/src/features/codeLens';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SEED = fs.readFileSync(path.join(REPO, 'corpus', '000_0e5442cdf73d87c8.txt'), 'utf8');
const GLOSSARY_TEXT = fs.readFileSync(path.join(REPO, 'corpus', 'glossary.yaml'), 'utf8');
const URI = 'file:///corpus/000_0e5442cdf73d87c8.txt';
const count = (text: string, s: string) => text.split(s).length - 1;

function seedIndex(): CorpusIndex {
  const index = new CorpusIndex(new JiebaSegmenter());
  index.setGlossary(new Glossary([parseGlossary(GLOSSARY_TEXT, 'glossary.yaml')]));
  index.upsertFile({ uri: URI, path: '/corpus/000_0e5442cdf73d87c8.txt', text: SEED });
  index.segmentFile(URI);
  return index;
}

/** The seed cut at its title lines, independently of the reader: meeting i runs to the next title. */
function meetingSlices(index: CorpusIndex): string[] {
  const starts = index.meetingsChronological().map((m) => m.meeting.span.start);
  return starts.map((s, i) => SEED.slice(s, starts[i + 1] ?? SEED.length));
}

describe('study: CSV', () => {
  it('quotes fields as RFC 4180 says and starts with a UTF-8 BOM', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(null), '');
    assert.equal(csvField(1.5), '1.5');
    assert.equal(toCsv([['术语', 'n'], ['联防联控', 24]]), `${BOM}术语,n\r\n联防联控,24\r\n`);
    assert.equal(toCsv([['a']], { bom: false }), 'a\r\n');
  });
});

describe('study: measures', () => {
  it('G² is 0 for equal proportions and 4·ln 2 for a perfect 1/1 split', () => {
    assert.equal(logLikelihood(10, 90, 10, 90), 0);
    assert.ok(Math.abs(logLikelihood(1, 0, 0, 1) - 4 * Math.log(2)) < 1e-12);
  });
  it('log ratio is +1 when the target rate is twice the reference rate; zero counts as 0.5', () => {
    assert.ok(Math.abs(keyness(20, 10, 1000, 1000).logRatio - 1) < 1e-12);
    assert.ok(Math.abs(keyness(4, 0, 100, 100).logRatio - Math.log2(4 / 0.5)) < 1e-12);
  });
  it('MI and logDice', () => {
    assert.equal(mutualInformation(8, 2), 2);
    assert.equal(logDice(5, 5, 5), 14);
    assert.equal(logDice(0, 5, 5), 0);
  });
  it('content words leave out stopwords, single characters and numbers', () => {
    assert.ok(isContentWord('脱贫攻坚'));
    for (const w of ['我们', '的', '2月', '2020年', '12', '第一']) assert.ok(!isContentWord(w), w);
  });
});

describe('study: on the seed', function () {
  this.timeout(60000);
  let index: CorpusIndex;
  let slices: string[];
  before(() => {
    index = seedIndex();
    slices = meetingSlices(index);
  });

  it('concordance of 联防联控 has one row per plain occurrence, with the hit and its context from the text', () => {
    const c = concordance(index, '联防联控');
    assert.equal(c.matchedAs, 'term');
    assert.equal(c.total, count(SEED, '联防联控'));
    assert.equal(c.total, 24);
    for (const r of c.rows) {
      assert.equal(SEED.slice(r.start, r.end), '联防联控');
      assert.equal(r.hit, '联防联控');
      assert.ok(SEED.slice(0, r.start).replace(/\n/g, ' ').endsWith(r.left));
      assert.ok(SEED.slice(r.end).replace(/\n/g, ' ').startsWith(r.right));
      assert.ok(r.left.length <= 30 && r.right.length <= 30);
    }
  });

  it('concordance of any string counts like a plain search; a term query counts all the term’s forms', () => {
    assert.equal(concordance(index, '医务人员').total, count(SEED, '医务人员'));
    assert.equal(concordance(index, '联防联控', { match: 'string' }).matchedAs, 'string');
    // 脱贫攻坚 has the alias 脱贫攻坚战, which contains it: one mention each time, so the plain count.
    assert.equal(concordance(index, '脱贫攻坚').total, count(SEED, '脱贫攻坚'));
  });

  it('concordance sorts by the segmented word to the left and right, and keeps date order within ties', () => {
    const collator = new Intl.Collator('zh');
    const left = concordance(index, '联防联控', { sort: 'left' }).rows;
    for (let i = 1; i < left.length; i++) assert.ok(collator.compare(left[i - 1].leftWord, left[i].leftWord) <= 0);
    // 国务院联防联控机制 is one token: its parts either side of the hit are the neighbours.
    assert.ok(left.some((r) => r.leftWord === '国务院' && r.rightWord === '机制'));
    const right = concordance(index, '联防联控', { sort: 'right' }).rows;
    for (let i = 1; i < right.length; i++) assert.ok(collator.compare(right[i - 1].rightWord, right[i].rightWord) <= 0);
  });

  it('concordance filters by kind and date and pages', () => {
    const chrono = index.meetingsChronological();
    const sc = chrono.map((m, i) => (m.meeting.kind === 'standing-committee' ? count(slices[i], '联防联控') : 0)).reduce((a, b) => a + b, 0);
    assert.equal(concordance(index, '联防联控', { kinds: ['standing-committee'] }).total, sc);
    const feb = chrono.map((m, i) => (m.meeting.date.iso!.startsWith('2020-02') ? count(slices[i], '联防联控') : 0)).reduce((a, b) => a + b, 0);
    assert.equal(concordance(index, '联防联控', { dateFrom: '2020-02-01', dateTo: '2020-02' }).total, feb);
    const all = concordance(index, '联防联控').rows;
    const page = concordance(index, '联防联控', { offset: 5, limit: 5 });
    assert.deepEqual(page.rows, all.slice(5, 10));
    assert.equal(page.total, 24);
  });

  it('trend counts per meeting equal plain counts in each meeting, per 10,000 characters', () => {
    const t = trend(index, ['联防联控', '复工复产']);
    assert.equal(t.meetings.length, 12);
    assert.deepEqual(t.series[0].counts, slices.map((s) => count(s, '联防联控')));
    assert.deepEqual(t.series[1].counts, slices.map((s) => count(s, '复工复产')));
    t.series[0].counts.forEach((n, i) => assert.ok(Math.abs(t.series[0].per10k[i] - (n / t.meetings[i].chars) * 10000) < 0.001));
    for (const s of t.series)
      s.dispersion.forEach((hits, i) => {
        assert.equal(hits.length, s.counts[i]);
        for (const h of hits) assert.ok(h.position >= 0 && h.position < 1);
      });
  });

  it('distinctive terms of the 6 March poverty symposium put 脱贫攻坚 in the first three', () => {
    const last = index.meetingsChronological()[11];
    assert.match(last.meeting.title, /脱贫攻坚/);
    const d = distinctiveTerms(index, URI, last.indexInFile)!;
    const top3 = d.items.slice(0, 3).map((i) => i.text);
    assert.ok(top3.includes('脱贫攻坚'), top3.join(' '));
    const item = d.items.find((i) => i.text === '脱贫攻坚')!;
    assert.equal(item.kind, 'term');
    assert.equal(item.count, count(slices[11], '脱贫攻坚'));
    assert.equal(item.rest, count(SEED, '脱贫攻坚') - item.count);
    // The top ten are all about poverty alleviation.
    const poverty = d.items.slice(0, 10).filter((i) => /贫|摘帽/.test(i.text));
    assert.ok(poverty.length >= 5, d.items.slice(0, 10).map((i) => i.text).join(' '));
  });

  it('distinctive terms of the 23 February speech include the economy it coordinates with epidemic control', () => {
    const speech = index.meetingsChronological()[7];
    assert.equal(speech.meeting.date.iso, '2020-02-23');
    const d = distinctiveTerms(index, URI, speech.indexInFile)!;
    const top15 = d.items.slice(0, 15);
    // Unemployment, supply chains and foreign trade: words only this speech uses, at least three times each.
    for (const w of ['失业', '产业链', '外贸']) {
      const item = top15.find((i) => i.text === w);
      assert.ok(item, `${w} not in ${top15.map((i) => i.text).join(' ')}`);
      assert.equal(item.rest, 0);
      assert.ok(item.count >= 3);
    }
    // G² recomputed from the item's own counts.
    const it0 = d.items[0];
    const a = it0.count;
    const b = it0.rest;
    const c = d.tokens;
    const n = d.tokens + d.restTokens;
    const e1 = (c * (a + b)) / n;
    const e2 = ((n - c) * (a + b)) / n;
    const g2 = 2 * (a * Math.log(a / e1) + (b > 0 ? b * Math.log(b / e2) : 0));
    assert.ok(Math.abs(it0.g2 - g2) < 0.01, `${it0.g2} vs ${g2}`);
  });

  it('distinctive terms respect the minimum frequency and never list stopwords or single characters', () => {
    for (const m of index.meetingsChronological()) {
      const d = distinctiveTerms(index, URI, m.indexInFile, { minFrequency: 4 })!;
      for (const i of d.items) {
        assert.ok(i.count >= 4);
        assert.ok(i.g2 >= 3.84);
        assert.ok(i.logRatio > 0);
        assert.ok([...i.text].length >= 2 && i.text !== '我们');
      }
    }
  });

  it('collocates of 联防联控 include 群防群控 and 群防群治, counted within the window', () => {
    const r = collocates(index, '联防联控');
    assert.equal(r.hits, 24);
    const words = r.collocates.map((c) => c.word);
    assert.ok(words.includes('群防群控') && words.includes('群防群治'), words.join(' '));
    const qk = r.collocates.find((c) => c.word === '群防群控')!;
    assert.ok(qk.freq >= count(SEED, '联防联控、群防群控'));
    assert.equal(qk.right, qk.freq);
    for (const c of r.collocates) {
      assert.ok(c.freq <= c.corpusFreq);
      assert.equal(c.left + c.right, c.freq);
      assert.ok(c.logDice <= 14);
    }
    const byMi = collocates(index, '联防联控', { sort: 'mi' }).collocates;
    for (let i = 1; i < byMi.length; i++) assert.ok(byMi[i - 1].mi >= byMi[i].mi);
  });

  it('the term × meeting table matches the trend, and its CSV has a BOM, a header and a column per meeting', () => {
    const t = frequencyTable(index);
    const row = t.rows.find((r) => r.term === '联防联控')!;
    assert.deepEqual(row.counts, slices.map((s) => count(s, '联防联控')));
    assert.equal(row.total, 24);
    const csv = frequencyTableCsv(t);
    assert.ok(csv.startsWith(BOM + 'term,kind,category,total,2020-01-25 '));
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    assert.equal(lines.length, t.rows.length + 1);
    assert.equal(lines.find((l) => l.startsWith('联防联控,'))!.split(',').length, 4 + 12);
    const long = frequencyTableLongCsv(t).slice(1).split('\r\n').filter(Boolean);
    assert.equal(long.length, t.rows.length * 12 + 1);
  });

  it('outline and glossary overview', () => {
    const o = corpusOutline(index);
    assert.equal(o.length, 12);
    assert.deepEqual(o.map((m) => m.date), [...o.map((m) => m.date)].sort());
    const g = glossaryOverview(index);
    const lf = g.flatMap((c) => c.terms).find((t) => t.term === '联防联控');
    assert.equal(lf?.count, 24);
  });

  it('CodeLens on every meeting title names its distinctive terms and opens the table', () => {
    const lenses = provideCodeLenses(index, URI);
    assert.equal(lenses.length, 12);
    const last = lenses[11];
    assert.match(last.command!.title, /^Distinctive: 脱贫攻坚 · /);
    assert.deepEqual(last.command!.arguments, [URI, 11]);
    assert.equal(last.range.start.line, SEED.slice(0, index.meetingsChronological()[11].meeting.titleSpan.start).split('\n').length - 1);
  });
});
