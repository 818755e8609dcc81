// The study computations (concordance, trend, distinctive terms, collocates, tables, CSV) on the
// seed and on small inputs, with expected figures computed here from the text.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { Glossary, parseGlossary } from '../../server/src/core/glossary';
import { JiebaSegmenter } from '../../server/src/core/segmenter';
import fc from 'fast-check';
import { CancellationToken, CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { concordance, concordanceSteps } from '../../server/src/core/study/concordance';
import { trend, trendSteps } from '../../server/src/core/study/trend';
import { distinctiveTerms, distinctiveTermSteps } from '../../server/src/core/study/distinctive';
import { collocates, collocateSteps } from '../../server/src/core/study/collocates';
import { frequencyTable, frequencyTableCsv, frequencyTableLongCsv, frequencyTableLongCsvSteps, frequencyTableSteps } from '../../server/src/core/study/frequencyTable';
import { csvField, toCsv, BOM, CsvCell } from '../../server/src/core/study/csv';
import { stringOccurrences } from '../../server/src/core/study/query';
import { runInSlices, runToEnd, sortedIndexes, Steps, STEP } from '../../server/src/core/study/slices';
import { computeInSlices } from '../../server/src/features/studyRequests';
import { keyness, logDice, logLikelihood, mutualInformation } from '../../server/src/core/study/measures';
import { isContentWord } from '../../server/src/core/study/stopwords';
import { corpusFrequencies } from '../../server/src/core/study/frequencies';
import { corpusOutline, glossaryOverview } from '../../server/src/core/study/outline';
import { codeLensSteps, resolveCompareLensSteps } from '../../server/src/features/codeLens';

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
    const lenses = runToEnd(codeLensSteps(index, URI)).filter((l) => l.command);
    assert.equal(lenses.length, 12);
    const last = lenses[11];
    assert.match(last.command!.title, /^Distinctive: 脱贫攻坚 · /);
    assert.deepEqual(last.command!.arguments, [URI, 11]);
    assert.equal(last.range.start.line, SEED.slice(0, index.meetingsChronological()[11].meeting.titleSpan.start).split('\n').length - 1);
  });
});

describe('study: the compare lens', () => {
  const index = seedIndex();

  it('rests unresolved over every title, and resolved names the document compared with and the counts, opening the compare view', () => {
    const lenses = runToEnd(codeLensSteps(index, URI)).filter((l) => !l.command);
    assert.equal(lenses.length, 12);
    const march4 = index.meetingsChronological().find((m) => m.meeting.date.iso === '2020-03-04')!;
    const lens = lenses.find((l) => (l.data as { compare: { meeting: number } }).compare.meeting === march4.indexInFile)!;
    const resolved = runToEnd(resolveCompareLensSteps(index, lens));
    assert.match(resolved.command!.title, /^Compared with 2020-02-26 standing-committee: \d+ new · \d+ dropped$/);
    assert.deepEqual([resolved.command!.command, resolved.command!.arguments], ['corpusStudy.compare', [URI, march4.indexInFile]]);
    const first = lenses.find((l) => (l.data as { compare: { meeting: number } }).compare.meeting === 0)!;
    assert.equal(runToEnd(resolveCompareLensSteps(index, first)).command!.title, 'Nothing earlier to compare with');
  });
});

describe('study: in slices', function () {
  this.timeout(60000);
  // Two files that take the seed's meetings in turns: hits alternate between files in date order,
  // which is what the chronological merge of string hits has to get right. The year in the names
  // dates the meetings of the file that lost the one stated year.
  const TWO = ['file:///corpus/2020_a.txt', 'file:///corpus/2020_b.txt'];
  function twoFileIndex(): CorpusIndex {
    const meetings = meetingSlices(seedIndex());
    const index = new CorpusIndex(new JiebaSegmenter());
    index.setGlossary(new Glossary([parseGlossary(GLOSSARY_TEXT, 'glossary.yaml')]));
    TWO.forEach((uri, k) => {
      index.upsertFile({ uri, path: uri.slice('file://'.length), text: meetings.filter((_, i) => i % 2 === k).join('') });
      index.segmentFile(uri);
    });
    return index;
  }
  /** Runs a computation with a pause at every yield. */
  async function everyStep<T>(steps: Steps<T>): Promise<{ value: T; pauses: number }> {
    let pauses = 0;
    const value = await runInSlices(steps, async () => void pauses++, 0);
    return { value, pauses };
  }
  const collator = new Intl.Collator('zh');

  let index: CorpusIndex;
  before(() => {
    index = twoFileIndex();
  });

  it('each computation answers the same in slices as at once, and does take several slices', async () => {
    // The frequency caches are per index: the sliced run gets a fresh index of its own, so that it computes them.
    const fresh = twoFileIndex();
    const meeting = index.meetingsChronological()[5];
    const cases: [string, () => Steps<unknown>, () => unknown][] = [
      ['concordance 的 by left word', () => concordanceSteps(fresh, '的', { match: 'string', sort: 'left' }), () => concordance(index, '的', { match: 'string', sort: 'left' })],
      ['concordance 发展 by right word, paged', () => concordanceSteps(fresh, '发展', { sort: 'right', offset: 7, limit: 20 }), () => concordance(index, '发展', { sort: 'right', offset: 7, limit: 20 })],
      ['concordance 疫情 by date, paged', () => concordanceSteps(fresh, '疫情', { match: 'string', offset: 100, limit: 50 }), () => concordance(index, '疫情', { match: 'string', offset: 100, limit: 50 })],
      ['trend', () => trendSteps(fresh, ['联防联控', '疫情', '发展'], {}), () => trend(index, ['联防联控', '疫情', '发展'])],
      ['distinctive terms', () => distinctiveTermSteps(fresh, meeting.uri, meeting.indexInFile), () => distinctiveTerms(index, meeting.uri, meeting.indexInFile)],
      ['collocates', () => collocateSteps(fresh, '发展', {}), () => collocates(index, '发展')],
      ['frequency table', () => frequencyTableSteps(fresh, { includeCandidates: true }), () => frequencyTable(index, { includeCandidates: true })],
      ['long CSV', () => frequencyTableLongCsvSteps(frequencyTable(fresh, { includeCandidates: true })), () => frequencyTableLongCsv(frequencyTable(index, { includeCandidates: true }))],
    ];
    for (const [name, sliced, atOnce] of cases) {
      const { value, pauses } = await everyStep(sliced());
      assert.deepEqual(value, atOnce(), name);
      assert.ok(pauses >= 2, `${name}: ${pauses} pauses`);
    }
  });

  it('string hits come in chronological order across files, as a sort of every hit gives', () => {
    const hits = stringOccurrences(index, '的');
    const NONE = Number.MAX_SAFE_INTEGER;
    const sorted = [...hits].sort((a, b) => (a.meeting?.rank ?? NONE) - (b.meeting?.rank ?? NONE) || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.start - b.start));
    assert.deepEqual(hits, sorted);
    const switches = hits.filter((h, i) => i > 0 && h.uri !== hits[i - 1].uri).length;
    assert.ok(switches >= 10, `${switches} switches between files`);
    const inText = index.allFiles().reduce((n, f) => n + count(f.text, '的'), 0);
    assert.equal(hits.length, inText);
  });

  it('a concordance page by date has the rows a full concordance has at that place', () => {
    const all = concordance(index, '的', { match: 'string' });
    assert.equal(all.rows.length, all.total);
    for (const [offset, limit] of [[0, 10], [250, 40], [all.total - 5, 100], [all.total + 3, 10]]) {
      const page = concordance(index, '的', { match: 'string', offset, limit });
      assert.deepEqual(page.rows, all.rows.slice(offset, offset + limit));
      assert.equal(page.total, all.total);
    }
  });

  it('sorting by the word to the left or right gives the order of a stable sort by those keys', () => {
    const byDate = concordance(index, '的', { match: 'string' }).rows;
    const pos = new Map(byDate.map((r, i) => [`${r.uri}#${r.start}`, i]));
    const reversed = (s: string) => [...s].reverse().join('');
    const left = [...byDate].sort((a, b) => collator.compare(a.leftWord, b.leftWord) || collator.compare(reversed(a.left), reversed(b.left)));
    const right = [...byDate].sort((a, b) => collator.compare(a.rightWord, b.rightWord) || collator.compare(a.right, b.right));
    const keys = (rows: { uri: string; start: number }[]) => rows.map((r) => pos.get(`${r.uri}#${r.start}`));
    assert.ok(byDate.length > 2 * 256, 'enough rows for merges of sorted runs');
    assert.deepEqual(keys(concordance(index, '的', { match: 'string', sort: 'left' }).rows), keys(left));
    assert.deepEqual(keys(concordance(index, '的', { match: 'string', sort: 'right' }).rows), keys(right));
  });

  it('the merge sort in steps agrees with a stable Array.prototype.sort, ties and all', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 1500, size: 'max' }), (values) => {
        const expected = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
        assert.deepEqual(runToEnd(sortedIndexes(values.length, (a, b) => values[a] - values[b])), expected);
      }),
      { numRuns: 60 },
    );
  });

  it('CSV written a few hundred lines at a time is the one-piece CSV', () => {
    const onePiece = (rows: CsvCell[][]) => BOM + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
    for (const n of [0, 1, STEP - 1, STEP, STEP + 1, 3 * STEP + 7]) {
      const rows: CsvCell[][] = Array.from({ length: n }, (_, i) => [i, `a,${i}`, i % 3 ? null : 'say "x"\n']);
      assert.equal(toCsv(rows), onePiece(rows), `${n} rows`);
    }
  });

  it('a pause that throws stops the computation there and closes it', async () => {
    let steps = 0;
    let closed = false;
    function* long(): Steps<number> {
      try {
        for (let i = 0; i < 100; i++) {
          steps++;
          yield;
        }
        return steps;
      } finally {
        closed = true;
      }
    }
    let pauses = 0;
    const stop = new Error('stop');
    await assert.rejects(
      runInSlices(long(), async () => {
        if (++pauses === 3) throw stop;
      }, 0),
      (e) => e === stop,
    );
    assert.equal(steps, 3);
    assert.ok(closed);
  });

  it('a request cancelled before it starts is not computed; one cancelled between slices stops at the next', async () => {
    const isCancelled = (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled;
    const before = new CancellationTokenSource();
    before.cancel();
    let started = false;
    await assert.rejects(
      computeInSlices(index, before.token, function* () {
        started = true;
        yield;
        return 0;
      }),
      isCancelled,
    );
    assert.equal(started, false);

    const during = new CancellationTokenSource();
    let steps = 0;
    await assert.rejects(
      computeInSlices(
        index,
        during.token,
        function* () {
          for (let i = 0; i < 1000; i++) {
            if (++steps === 5) during.cancel();
            yield;
          }
          return steps;
        },
        0,
      ),
      isCancelled,
    );
    assert.equal(steps, 5);
  });

  it('a change of the index between slices starts the computation again on the new state', async () => {
    const changing = twoFileIndex();
    let runs = 0;
    const totals = await computeInSlices(
      changing,
      CancellationToken.None,
      function* () {
        runs++;
        const hits = yield* concordanceSteps(changing, '的', { match: 'string', limit: 0 });
        // An edit arrives during the first run.
        if (runs === 1) changing.upsertFile({ uri: TWO[0], path: '/corpus/2020_a.txt', text: changing.file(TWO[0])!.text + '\n的的的' });
        yield;
        return hits.total;
      },
      0,
    );
    assert.equal(runs, 2);
    assert.equal(totals, changing.allFiles().reduce((n, f) => n + count(f.text, '的'), 0));
  });
});

describe('study: corpus frequencies kept from version to version', function () {
  this.timeout(120000);
  // The definition: every chronological meeting's content words (not forms of a glossary term),
  // counted by token, and its glossary-term mentions, counted by term; the totals over all meetings.
  function reference(index: CorpusIndex) {
    const table = index.terms();
    const isTermForm = (w: string) => {
      const t = table.ofForm(w);
      return t !== undefined && t.kind !== 'candidate';
    };
    const totals = new Map<string, number>();
    let tokens = 0;
    const meetings = index.meetingsChronological().map((m) => {
      const file = index.file(m.uri)!;
      const counts = new Map<string, number>();
      const add = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
      const t = file.tokens;
      let n = 0;
      if (t) {
        for (let i = 0; i < t.starts.length; i++) {
          if (t.starts[i] < m.meeting.span.start || t.ends[i] > m.meeting.span.end) continue;
          n++;
          const w = file.text.slice(t.starts[i], t.ends[i]);
          if (isContentWord(w) && !isTermForm(w)) add(w);
        }
      }
      for (let i = 0; i < file.mentionStart.length; i++) {
        const term = table.terms[file.mentionTerm[i]];
        if (file.mentionStart[i] >= m.meeting.span.start && file.mentionStart[i] < m.meeting.span.end && term.kind !== 'candidate') add(term.key);
      }
      for (const [k, c] of counts) totals.set(k, (totals.get(k) ?? 0) + c);
      tokens += n;
      return [m.uri, m.indexInFile, n, sorted(counts)];
    });
    return { totals: sorted(totals), tokens, meetings };
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

  it('a meeting with as many tokens as before but one word changed is counted again; the others keep their counts', () => {
    const index = seedIndex();
    const before = corpusFrequencies(index);
    const file = index.file(URI)!;
    // One 湖北 in a meeting in the middle becomes 武汉: the same number of tokens there, one word different.
    const inside = (x: (typeof before.meetings)[number]) => x.counts.has('湖北');
    const m = before.meetings.slice(1, -1).find(inside)!.meeting.meeting;
    const at = file.text.indexOf('湖北', m.span.start);
    assert.ok(at >= 0 && at < m.span.end);
    // The totals are the kept ones, which the next computation updates: read now.
    const hubei = before.totals.get('湖北')!;
    index.upsertFile({ uri: URI, path: file.path, text: file.text.slice(0, at) + '武汉' + file.text.slice(at + 2), open: true });
    index.segmentFile(URI);
    const after = corpusFrequencies(index);
    assert.deepEqual(after.meetings.map((x) => x.tokens), before.meetings.map((x) => x.tokens));
    const changed = after.meetings.findIndex((x) => x.meeting.meeting.span.start <= at && at < x.meeting.meeting.span.end);
    assert.equal(after.meetings[changed].counts.get('湖北'), (before.meetings[changed].counts.get('湖北') ?? 0) - 1);
    assert.equal(after.meetings[changed].counts.get('武汉'), (before.meetings[changed].counts.get('武汉') ?? 0) + 1);
    assert.equal(after.totals.get('湖北'), hubei - 1);
    after.meetings.forEach((x, i) => {
      if (i !== changed) assert.equal(x.counts, before.meetings[i].counts, `meeting ${i} kept its counts`);
    });
    // A meeting put in at the top: every meeting after it is found again (from the end) and keeps its counts.
    const edited = index.file(URI)!;
    const first = edited.meetings[0].meeting.span;
    index.upsertFile({ uri: URI, path: file.path, text: edited.text.slice(first.start, first.end) + '\n\n' + edited.text, open: true });
    index.segmentFile(URI);
    const moved = corpusFrequencies(index);
    assert.equal(moved.meetings.length, after.meetings.length + 1);
    const kept = new Set(moved.meetings.map((x) => x.counts));
    after.meetings.forEach((x, i) => assert.ok(kept.has(x.counts), `meeting ${i} kept its counts`));
  });

  it('equal the counts made afresh after random adds, removals, edits, segmentations and glossary changes', () => {
    const segmenter = new JiebaSegmenter();
    const full = new Glossary([parseGlossary(GLOSSARY_TEXT, 'glossary.yaml')]);
    const pieces = meetingSlices(seedIndex());
    // The first fifteen entries: another term table, with other term numbers.
    const small = new Glossary([parseGlossary(GLOSSARY_TEXT.split('\n  - term:').slice(0, 15).join('\n  - term:'), 'small.yaml')]);
    assert.equal(small.entries.length, 14);
    const op = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), file: fc.nat(3), from: fc.nat(pieces.length - 1), n: fc.integer({ min: 1, max: 3 }), segment: fc.boolean() }),
      fc.record({ kind: fc.constant('remove' as const), file: fc.nat(3) }),
      fc.record({ kind: fc.constant('edit' as const), file: fc.nat(3), at: fc.nat(), insert: fc.constantFrom('年', '联防联控', '，会议强调，', '\n') }),
      fc.record({ kind: fc.constant('segment' as const), file: fc.nat(3) }),
      // Words or terms swapped for others as long: a meeting with as many tokens and mentions as before, not the same ones.
      fc.record({ kind: fc.constant('swap' as const), file: fc.nat(3), pair: fc.constantFrom(['四个意识', '四个自信'], ['联防联控', '复工复产'], ['疫情', '经济']), segment: fc.boolean() }),
      fc.record({ kind: fc.constant('glossary' as const), full: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
        const index = new CorpusIndex(segmenter);
        index.setGlossary(full);
        const uri = (k: number) => `file:///corpus/part${k}.txt`;
        for (const o of ops) {
          if (o.kind === 'put') {
            index.upsertFile({ uri: uri(o.file), path: `/corpus/part${o.file}.txt`, text: pieces.slice(o.from, o.from + o.n).join('') });
            if (o.segment) index.segmentFile(uri(o.file));
          } else if (o.kind === 'remove') index.removeFile(uri(o.file));
          else if (o.kind === 'segment') index.segmentFile(uri(o.file));
          else if (o.kind === 'swap') {
            const f = index.file(uri(o.file));
            if (!f) continue;
            index.upsertFile({ uri: f.uri, path: f.path, text: f.text.split(o.pair[0]).join(o.pair[1]), open: true });
            if (o.segment) index.segmentFile(f.uri);
          }
          else if (o.kind === 'glossary') index.setGlossary(o.full ? full : small);
          else {
            const f = index.file(uri(o.file));
            if (!f) continue;
            const at = o.at % (f.text.length + 1);
            // An open document's edit: its tokens are carried over, shifted.
            index.upsertFile({ uri: f.uri, path: f.path, text: f.text.slice(0, at) + o.insert + f.text.slice(at), open: true });
          }
          const got = corpusFrequencies(index);
          const want = reference(index);
          assert.deepEqual(sorted(got.totals), want.totals);
          assert.equal(got.tokens, want.tokens);
          assert.deepEqual(got.meetings.map((m) => [m.meeting.uri, m.meeting.indexInFile, m.tokens, sorted(m.counts)]), want.meetings);
        }
      }),
      { numRuns: 60 },
    );
  });
});
