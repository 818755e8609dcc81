// What the hover computes of a term's use in the corpus: first and last use, the period of most
// use, the sparkline's buckets over time, and the glossary terms it shares documents with.

import * as assert from 'node:assert/strict';
import { MeetingRef } from '../../server/src/core/corpusIndex';
import { cooccurringTerms, timeBuckets, usageSpan } from '../../server/src/core/study/usage';
import { provideHover } from '../../server/src/features/hover';
import { indexedText, SEED_TEXT as SEED } from './fixtures/indexed';

const URI = 'file:///corpus/seed.txt';

/** Documents with only a date, for the time buckets. */
const dated = (dates: (string | null)[]): MeetingRef[] =>
  dates.map((iso, rank) => ({ rank, uri: 'file:///x', indexInFile: rank, chars: 1, meeting: { date: { iso, source: 'stated' } } }) as unknown as MeetingRef);

describe('usage: when a term was used, and with what', () => {
  const index = indexedText(URI, SEED);
  const chrono = index.meetingsChronological();
  const stats = (key: string) => index.statsOf({ kind: 'term', term: index.term(key)!, span: { start: 0, end: 0 } });

  it('first and last use by date, and the month of most use on a corpus of weeks', () => {
    const s = usageSpan(chrono, stats('复工复产'));
    // Read off the seed: 复工复产 first on 3 February... its meetings' dates with their counts.
    const perMeeting = stats('复工复产').perMeeting;
    const used = chrono.filter((_, i) => perMeeting[i] > 0).map((m) => m.meeting.date.iso!);
    assert.equal(s.first, used[0]);
    assert.equal(s.last, used[used.length - 1]);
    const byMonth = new Map<string, number>();
    chrono.forEach((m, i) => byMonth.set(m.meeting.date.iso!.slice(0, 7), (byMonth.get(m.meeting.date.iso!.slice(0, 7)) ?? 0) + perMeeting[i]));
    const [period, count] = [...byMonth].sort((a, b) => b[1] - a[1])[0];
    assert.deepEqual(s.peak, { period, count });
  });

  it('buckets by document on a small corpus, by month and then by year as the span grows, labelling the ends', () => {
    assert.deepEqual(timeBuckets(dated(['2020-01-01', '2020-02-01', '2020-03-01']), [1, 0, 2], 48), { counts: [1, 0, 2], unit: 'document', from: '2020-01-01', to: '2020-03-01' });
    // Six documents in five cells: months, the undated document left out.
    const months = dated(['2019-11-05', '2020-01-10', '2020-01-20', '2020-03-01', '2020-03-02', null]);
    assert.deepEqual(timeBuckets(months, [1, 2, 3, 4, 1, 9], 5), { counts: [1, 0, 5, 0, 5], unit: 'month', from: '2019-11', to: '2020-03' });
    // Fifteen years of months do not fit: years, here four to a cell (2012-2015 … 2024-2026).
    const years = dated(['2012-01-05', '2013-06-01', '2013-07-01', '2026-03-01', null]);
    assert.deepEqual(timeBuckets(years, [1, 2, 1, 3, 9], 4), { counts: [4, 0, 0, 3], unit: 'year', years: 4, from: '2012', to: '2026' });
    // In one cell a year: 2012 … 2026 in 15 cells.
    const many = dated([...Array.from({ length: 20 }, (_, i) => `2012-0${1 + (i % 9)}-01`), '2026-03-01']);
    assert.deepEqual(timeBuckets(many, [...new Array<number>(20).fill(1), 2], 16), { counts: [20, ...new Array<number>(13).fill(0), 2], unit: 'year', from: '2012', to: '2026' });
    // Seventy-two years (the government work reports since 1954) in three cells: 24 years a cell.
    const reports = dated(['1954-09-23', '1955-07-05', '2025-03-05', '2025-03-06']);
    assert.deepEqual(timeBuckets(reports, [1, 1, 1, 1], 3), { counts: [2, 0, 2], unit: 'year', years: 24, from: '1954', to: '2025' });
    // The last document undated: the end label is the last date there is, never empty.
    assert.equal(timeBuckets(dated(['2020-01-01', null]), [1, 1], 48)?.to, '2020-01-01');
  });

  it('names the glossary terms that most often share a document with a term, never itself or its parts', () => {
    const term = index.term('四个意识')!;
    const withTerms = cooccurringTerms(index, term, stats('四个意识'));
    assert.ok(withTerms.length > 0 && withTerms.length <= 5);
    const names = withTerms.map((w) => w.term);
    for (const own of ['四个意识', '政治意识', '大局意识', '核心意识', '看齐意识']) assert.ok(!names.includes(own), own);
    // Each shares as many documents as it is said to, counted from the text here.
    const docsOf = (key: string) => new Set(index.mentionsOf(index.term(key)!).map((o) => o.meeting!.rank));
    const mine = docsOf('四个意识');
    for (const w of withTerms) assert.equal(w.documents, [...docsOf(w.term)].filter((r) => mine.has(r)).length, w.term);
  });

  it('the hover of a term gives first and last use, the period of most use and the terms it goes with', () => {
    const at = SEED.indexOf('复工复产');
    const lines = SEED.slice(0, at).split('\n');
    const h = provideHover(index, URI, { line: lines.length - 1, character: lines[lines.length - 1].length })!;
    const md = (h.contents as { value: string }).value;
    assert.match(md, /Last: 2020-03-\d\d/);
    assert.match(md, /Most used: 2020-0\d \(\d+ mentions\)/);
    assert.match(md, /Often with: /);
    assert.match(md, /` 2020-01-25 → 2020-03-06/);
  });
});
