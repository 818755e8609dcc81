// Candidate terms worth reading: the stoplist and its structural rules, the score, the counts the
// ranking is made from, and the cap (only the top of the ranking becomes terms of the table).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findCandidates, isGenericCandidate, CandidateHit } from '../../server/src/core/candidates';
import { CandidateStats, candidateScore, CandidateTally, compareRanked, meetingPeriods, REASON_BIT, tallyFile } from '../../server/src/core/candidateRanking';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { Meeting } from '../../server/src/core/model';
import { readCorpusText } from '../../server/src/core/reader';
import { JiebaSegmenter } from '../../server/src/core/segmenter';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SEED = fs.readFileSync(path.join(REPO, 'corpus', '000_0e5442cdf73d87c8.txt'), 'utf8');
const segmenter = new JiebaSegmenter();
const formsIn = (text: string) => findCandidates(text, segmenter.segment(text)).map((c) => c.form);

const NUMBERED = REASON_BIT['numbered-formula'];
const QUOTED = REASON_BIT.quoted;
const LIST = REASON_BIT['parallel-list'];
const stats = (hits: number, documents: number, periods: number, reasons = LIST): CandidateStats => ({ hits, documents, periods, reasons });

describe('candidates: the stoplist', () => {
  it('drops the generic phrases of official prose, whatever shape proposes them', () => {
    for (const phrase of ['疫情防控', '医务人员', '有关部门', '各级党委和政府', '人民群众', '广大干部群众']) {
      for (const reason of ['numbered-formula', 'quoted', 'parallel-list'] as const) assert.ok(isGenericCandidate(phrase, reason), `${phrase} as ${reason}`);
    }
  });

  // [text, dropped, kept]
  const cases: [string, string[], string[]][] = [
    ['、-list items that are ordinary nouns: people, bodies, places, things', ['医疗机构', '科研院所', '生产企业', '防护物资'], []],
    ['a slogan list keeps its items', [], ['坚定信心', '同舟共济', '科学防治', '精准施策']],
    ['list items cut at the wrong place', ['云计算等', '大数据等'], ['智能制造']],
    ['a quoted single common word is emphasis; a quoted coinage or formula is not', ['民主', '升级'], ['菜篮子', '六稳']],
    ['a numeral and classifier before a counting noun', ['三个方面', '两个问题'], ['四个意识', '三大攻坚战']],
  ];
  const texts: Record<string, string> = {
    '、-list items that are ordinary nouns: people, bodies, places, things': '动员医疗机构、科研院所、生产企业、防护物资等各方面力量。',
    'a slogan list keeps its items': '贯彻坚定信心、同舟共济、科学防治、精准施策的总要求。',
    'list items cut at the wrong place': '发展人工智能、智能制造、云计算等、大数据等新业态。',
    'a quoted single common word is emphasis; a quoted coinage or formula is not': '发扬“民主”，推动产业“升级”，抓好“菜篮子”，做好“六稳”工作。',
    'a numeral and classifier before a counting noun': '从三个方面看，解决两个问题，增强四个意识，打好三大攻坚战。',
  };
  for (const [name, dropped, kept] of cases) {
    it(name, () => {
      const forms = formsIn(texts[name]);
      for (const f of dropped) assert.ok(!forms.includes(f), `${f} dropped from ${forms}`);
      for (const f of kept) assert.ok(forms.includes(f), `${f} kept in ${forms}`);
    });
  }

  it('the seed proposes none of the stoplist', () => {
    const forms = new Set(formsIn(SEED));
    for (const f of ['疫情防控', '医务人员', '有关部门', '人民群众']) assert.ok(!forms.has(f), f);
    assert.ok(forms.size > 50, `${forms.size} forms`);
  });
});

describe('candidates: the score', () => {
  // [name, better, worse]
  const cases: [string, CandidateStats, CandidateStats][] = [
    ['more documents rank higher', stats(10, 10, 5), stats(10, 5, 5)],
    ['more periods rank higher', stats(10, 10, 8), stats(10, 10, 2)],
    ['spread beats repetition: 10 hits in 10 documents over 40 in 2', stats(10, 10, 10), stats(40, 2, 2)],
    ['one document is penalised: 2 hits in 2 documents over 6 in 1', stats(2, 2, 1), stats(6, 1, 1)],
    ['a numbered formula before a list item as widespread', stats(5, 5, 5, NUMBERED), stats(5, 5, 5, LIST)],
    ['a quoted phrase before a list item as widespread', stats(5, 5, 5, QUOTED), stats(5, 5, 5, LIST)],
    ['a numbered formula before a quoted phrase as widespread', stats(5, 5, 5, NUMBERED), stats(5, 5, 5, QUOTED)],
    ['a numbered formula in 3 documents before a list item in 20', stats(3, 3, 3, NUMBERED), stats(20, 20, 20, LIST)],
    ['a list item in 200 documents over 100 months before a one-off numbered formula', stats(300, 200, 100, LIST), stats(1, 1, 1, NUMBERED)],
  ];
  for (const [name, better, worse] of cases) {
    it(name, () => assert.ok(candidateScore(better) > candidateScore(worse), `${candidateScore(better)} > ${candidateScore(worse)}`));
  }

  it('no hit, no score; ties are broken by hits, then by the form', () => {
    assert.equal(candidateScore(stats(0, 0, 0, NUMBERED)), 0);
    const a = { form: '甲乙', score: 5, hits: 3 };
    assert.ok(compareRanked(a, { ...a, hits: 2 }) < 0);
    assert.ok(compareRanked(a, { ...a, form: '丙丁' }) !== 0);
    assert.equal(compareRanked(a, { ...a }), 0);
  });
});

describe('candidates: the counts', () => {
  const meeting = (start: number, end: number, rawDate?: Meeting['rawDate']): Meeting => ({
    title: 't',
    titleSpan: { start, end: start + 1 },
    date: { iso: null, source: 'none' },
    kind: 'other',
    span: { start, end },
    sections: [],
    rawDate,
  });

  it('periods: a month without its year takes the next stated year; a document without a date, the one before', () => {
    const p = meetingPeriods([meeting(0, 10, { month: 1, day: 25 }), meeting(10, 20, { year: 2020, month: 2, day: 23 }), meeting(20, 30), meeting(30, 40, { day: 2 }), meeting(40, 50, { month: 3, day: 4 })]);
    assert.equal(new Set(p).size, 3);
    assert.ok(p[0] !== p[1] && p[1] === p[2] && p[2] === p[3] && p[4] !== p[3]);
    assert.ok([...p].every((x) => x >= 0));
    // A year in the file name only: the year.
    const y = meetingPeriods([meeting(0, 10)], 1998);
    assert.ok(y[0] >= 0);
    assert.deepEqual([...meetingPeriods([meeting(0, 10)])], [-1]);
  });

  it('a file: one hit per position, documents and periods per form, the shapes as flags', () => {
    const ms = [meeting(0, 100, { year: 2020, month: 1, day: 1 }), meeting(100, 200, { year: 2020, month: 1, day: 9 }), meeting(200, 300, { year: 2020, month: 2, day: 1 })];
    const hits: CandidateHit[] = [
      { form: '六稳', reason: 'numbered-formula', start: 10 },
      { form: '六稳', reason: 'numbered-formula', start: 150 },
      { form: '六稳', reason: 'numbered-formula', start: 250 },
      { form: '六稳', reason: 'quoted', start: 150 },
      { form: '菜篮子', reason: 'quoted', start: 20 },
      { form: '菜篮子', reason: 'quoted', start: 30 },
    ];
    const t = tallyFile(hits, ms, meetingPeriods(ms));
    const at = (form: string) => t.forms.indexOf(form);
    assert.equal(t.hits[at('六稳')], 3);
    assert.equal(t.documents[at('六稳')], 3);
    assert.equal(t.reasons[at('六稳')], NUMBERED | QUOTED);
    assert.equal(t.periodFrom[at('六稳') + 1] - t.periodFrom[at('六稳')], 2);
    assert.equal(t.hits[at('菜篮子')], 2);
    assert.equal(t.documents[at('菜篮子')], 1);
  });

  it('the corpus: a file replaced or removed takes its share with it', () => {
    const ms = [meeting(0, 100, { year: 2020, month: 1, day: 1 })];
    const tally = new CandidateTally();
    const a = tallyFile([{ form: '六稳', reason: 'numbered-formula', start: 1 }], ms, meetingPeriods(ms));
    const b = tallyFile([{ form: '六稳', reason: 'quoted', start: 5 }, { form: '六保', reason: 'numbered-formula', start: 9 }], ms, meetingPeriods(ms));
    tally.set('a', a);
    tally.set('b', b);
    const id = tally.id('六稳')!;
    assert.deepEqual(tally.stats(id), { hits: 2, documents: 2, periods: 1, reasons: NUMBERED | QUOTED });
    assert.deepEqual(tally.ranking(() => true).map((r) => r.form), ['六稳', '六保']);
    const changed = tally.set('b', undefined);
    assert.deepEqual(changed.map((i) => tally.form(i)).sort(), ['六保', '六稳']);
    assert.deepEqual(tally.stats(id), { hits: 1, documents: 1, periods: 1, reasons: NUMBERED });
    tally.set('a', undefined);
    assert.deepEqual(tally.stats(id), { hits: 0, documents: 0, periods: 0, reasons: 0 });
    assert.equal(tally.ranking(() => true).length, 0);
  });
});

describe('candidates: the top of the ranking', () => {
  it('is the start of the full ranking, ties at the cut included (by hits, then by the form)', () => {
    const ms: Meeting[] = [0, 1, 2, 3].map((i) => ({ title: 't', titleSpan: { start: i * 100, end: i * 100 + 1 }, date: { iso: null, source: 'none' }, kind: 'other', span: { start: i * 100, end: i * 100 + 100 }, sections: [], rawDate: { year: 2000 + i, month: 1, day: 1 } }));
    const tally = new CandidateTally();
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const pool = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳';
    for (let f = 0; f < 6; f++) {
      const hits: CandidateHit[] = [];
      for (let i = 0; i < 300; i++) {
        // Few distinct first characters and lengths: many ties of score, hits and prefix.
        const form = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => pool[Math.floor(rnd() * pool.length)]).join('');
        hits.push({ form, reason: rnd() < 0.1 ? 'numbered-formula' : rnd() < 0.3 ? 'quoted' : 'parallel-list', start: Math.floor(rnd() * 400) });
      }
      tally.set(`f${f}`, tallyFile(hits, ms, meetingPeriods(ms)));
    }
    const eligible = (form: string) => !form.startsWith('甲');
    const all = tally.ranking(eligible);
    assert.ok(all.length > 500, `${all.length} forms`);
    for (const k of [0, 1, 2, 10, 37, 100, 250, all.length - 1, all.length, all.length + 5]) {
      assert.deepEqual(tally.top(eligible, k), all.slice(0, k), `top ${k}`);
    }
  });
});

describe('candidates: the cap', () => {
  /** The seed cut into one file per meeting, so that counts and edits are per file. */
  const parts = (() => {
    const starts = readCorpusText(SEED).meetings.map((m) => m.span.start);
    return starts.map((s, i) => SEED.slice(s, starts[i + 1] ?? SEED.length));
  })();
  const uriOf = (i: number) => `file:///seed/${String(i).padStart(2, '0')}.txt`;
  const build = (max: number, texts = parts) => {
    const index = new CorpusIndex(segmenter);
    index.setMaxCandidates(max);
    texts.forEach((text, i) => {
      index.upsertFile({ uri: uriOf(i), path: uriOf(i).slice(7), text, open: true });
      index.segmentFile(uriOf(i));
    });
    return index;
  };
  const edit = (index: CorpusIndex, i: number, change: (text: string) => string) => {
    const f = index.file(uriOf(i))!;
    index.upsertFile({ uri: f.uri, path: f.path, text: change(f.text), open: true });
    index.segmentFile(f.uri);
  };
  const keys = (index: CorpusIndex) => index.candidateTerms().map((c) => c.term.key);

  it('only the top N of the ranking become terms of the table; the rest are counted, not matched', () => {
    const all = build(100000);
    const capped = build(10);
    const ranked = all.candidateTerms();
    assert.ok(ranked.length > 50);
    assert.equal(capped.candidatesFound(), ranked.length);
    assert.deepEqual(keys(capped), keys(all).slice(0, 10));
    assert.equal(capped.terms().terms.filter((t) => t.kind === 'candidate').length, 10);
    const below = ranked[20].term.key;
    assert.equal(capped.term(below), undefined, `${below} is below the cut`);
    for (let i = 1; i < ranked.length; i++) assert.ok(ranked[i - 1].score >= ranked[i].score);
    assert.deepEqual(build(0).terms().terms.filter((t) => t.kind === 'candidate'), []);
  });

  it('a new form below the cut leaves the table as it is; one above it, or a member losing its last hit, rebuilds it', () => {
    const index = build(10);
    const table = index.terms();
    const found = index.candidatesFound();
    // A quoted coinage once, in one document: far below the tenth candidate.
    edit(index, parts.length - 1, (t) => `${t}\n要防止“层层加码”。\n`);
    assert.equal(index.candidatesFound(), found + 1);
    assert.equal(index.terms(), table, 'the same table');
    // A numbered formula in every file: it goes to the top.
    for (let i = 0; i < parts.length; i++) edit(index, i, (t) => `${t}\n落实八个着力点工作。\n`);
    assert.notEqual(index.terms(), table);
    assert.equal(keys(index)[0], '八个着力点');
    assert.equal(keys(index).length, 10);
    // Gone again everywhere: out of the table, and the table is the one a fresh build makes.
    for (let i = 0; i < parts.length; i++) edit(index, i, (t) => t.replace('落实八个着力点工作。', ''));
    assert.ok(!keys(index).includes('八个着力点'));
    const finals = parts.map((_, i) => index.file(uriOf(i))!.text);
    assert.deepEqual(keys(index), keys(build(10, finals)));
    assert.deepEqual(index.candidateTerms().map((c) => [c.count, c.meetings, c.periods]), build(10, finals).candidateTerms().map((c) => [c.count, c.meetings, c.periods]));
  });
});
