import * as assert from 'node:assert/strict';
import { dateFromPath, findMeetingDate, formatMeetingDate, parseDateLine, parseMetaDate, resolveDates, yearFromPath } from '../../server/src/core/dates';
import type { Meeting, RawDate } from '../../server/src/core/model';

function meeting(rawDate?: RawDate, title = ''): Meeting {
  return {
    title,
    titleSpan: { start: 0, end: 0 },
    date: { iso: null, source: 'none' },
    kind: 'other',
    span: { start: 0, end: 0 },
    sections: [],
    ...(rawDate ? { rawDate } : {}),
  };
}

describe('findMeetingDate', () => {
  const table: [string, RawDate | undefined, string?][] = [
    ['1月25日农历正月初一，中共中央政治局常务委员会召开会议', { month: 1, day: 25 }, '1月25日'],
    ['中共中央政治局常务委员会2月3日召开会议，听取汇报', { month: 2, day: 3 }, '2月3日'],
    ['2日下午，习近平首先来到军事医学研究院', { day: 2 }, '2日'],
    ['中共中央总书记、国家主席、中央军委主席习近平6日在京出席决战决胜脱贫攻坚座谈会', { day: 6 }, '6日'],
    ['习近平2020年2月10日在北京调研', { year: 2020, month: 2, day: 10 }, '2020年2月10日'],
    ['二〇二〇年二月二十三日，习近平主持会议', { year: 2020, month: 2, day: 23 }, '二〇二〇年二月二十三日'],
    ['十二月三十一日上午，会议召开', { month: 12, day: 31 }, '十二月三十一日'],
    ['到2030年，要实现目标', undefined],
    ['生日快乐，今日无事', undefined],
    ['13月40日召开会议', undefined],
  ];
  for (const [text, raw, written] of table) {
    it(text, () => {
      const found = findMeetingDate(text, 100);
      assert.deepEqual(found?.raw, raw);
      if (found && written) assert.equal(text.slice(found.span.start - 100, found.span.end - 100), written);
    });
  }
});

describe('parseDateLine', () => {
  const table: [string, RawDate | undefined][] = [
    ['（2020年2月23日）', { year: 2020, month: 2, day: 23 }],
    ['(2020年2月23日)', { year: 2020, month: 2, day: 23 }],
    ['二〇二〇年二月二十三日', { year: 2020, month: 2, day: 23 }],
    ['（2023年3月13日第十四届全国人民代表大会第一次会议通过）', undefined],
    ['（2月23日）', undefined],
  ];
  for (const [text, raw] of table) {
    it(text, () => assert.deepEqual(parseDateLine(text, 0)?.raw, raw));
  }
});

describe('resolveDates', () => {
  type Row = { raws: (RawDate | undefined)[]; hint?: number; expected: [string | null, string][]; name: string };
  const table: Row[] = [
    {
      name: 'the seed: partial dates take year and month from the stated speech date, both ways',
      raws: [{ month: 1, day: 25 }, { month: 2, day: 3 }, { year: 2020, month: 2, day: 23 }, { month: 2, day: 26 }, { day: 2 }, { month: 3, day: 4 }, { day: 6 }],
      expected: [
        ['2020-01-25', 'inferred-year'], ['2020-02-03', 'inferred-year'], ['2020-02-23', 'stated'],
        ['2020-02-26', 'inferred-year'], ['2020-03-02', 'inferred-month'], ['2020-03-04', 'inferred-year'], ['2020-03-06', 'inferred-month'],
      ],
    },
    {
      name: 'month/day rolls the year forward at new year',
      raws: [{ year: 2019, month: 12, day: 30 }, { month: 1, day: 3 }, { day: 31 }, { day: 1 }],
      expected: [['2019-12-30', 'stated'], ['2020-01-03', 'inferred-year'], ['2020-01-31', 'inferred-month'], ['2020-02-01', 'inferred-month']],
    },
    {
      name: 'day only before any anchor resolves backwards, rolling the month back',
      raws: [{ day: 28 }, { day: 3 }, { year: 2021, month: 3, day: 5 }],
      expected: [['2021-02-28', 'inferred-month'], ['2021-03-03', 'inferred-month'], ['2021-03-05', 'stated']],
    },
    {
      name: 'a file-name year is enough for month/day dates',
      raws: [{ month: 7, day: 1 }, { day: 9 }],
      hint: 2018,
      expected: [['2018-07-01', 'inferred-year'], ['2018-07-09', 'inferred-month']],
    },
    {
      name: 'nothing written: borrow the nearest neighbour, or nothing',
      raws: [undefined, { year: 2020, month: 5, day: 1 }, undefined],
      expected: [['2020-05-01', 'inferred'], ['2020-05-01', 'stated'], ['2020-05-01', 'inferred']],
    },
    {
      name: 'no anchor, no hint: partial dates stay unresolved',
      raws: [{ month: 2, day: 3 }, { day: 6 }, undefined],
      expected: [[null, 'none'], [null, 'none'], [null, 'none']],
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const ms = row.raws.map((r) => meeting(r));
      resolveDates(ms, row.hint ? { yearFromPath: () => row.hint } : undefined);
      assert.deepEqual(ms.map((m) => [m.date.iso, m.date.source]), row.expected);
      // Resolving again (as the index does across files) gives the same answer.
      resolveDates(ms, row.hint ? { yearFromPath: () => row.hint } : undefined);
      assert.deepEqual(ms.map((m) => [m.date.iso, m.date.source]), row.expected);
    });
  }

  it('a throwing hint is ignored', () => {
    const ms = [meeting({ month: 1, day: 2 })];
    resolveDates(ms, { yearFromPath: () => { throw new Error('x'); } });
    assert.equal(ms[0].date.source, 'none');
  });
});

describe('yearFromPath', () => {
  const table: [string | undefined, number | undefined][] = [
    ['corpus/2020-03.txt', 2020],
    ['corpus/2020/03.txt', 2020],
    ['C:\\data\\2019\\a.txt', 2019],
    ['corpus/000_0e5442cdf73d87c8.txt', undefined],
    ['corpus/a2019b.txt', undefined],
    ['2019-2020.txt', undefined],
    [undefined, undefined],
  ];
  for (const [p, y] of table) it(String(p), () => assert.equal(yearFromPath(p), y));
});

describe('dates across files', () => {
  it('a document with no written date borrows only from its own file; a year in the file name is a hint', () => {
    // Imported lazily so this block reads on its own: the index runs resolveDates over all files.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CorpusIndex } = require('../../server/src/core/corpusIndex') as typeof import('../../server/src/core/corpusIndex');
    const index = new CorpusIndex();
    index.upsertFile({ uri: 'file:///c/a.txt', path: '/c/a.txt', text: '中共中央政治局召开会议 研究工作\n\n中共中央政治局2020年2月21日召开会议。会议指出，要做好工作。\n' });
    index.upsertFile({ uri: 'file:///c/b.txt', path: '/c/b.txt', text: '政府工作报告\n\n各位代表：现在，我代表国务院向大会报告政府工作。\n' });
    index.upsertFile({ uri: 'file:///c/c-2019.txt', path: '/c/c-2019.txt', text: '中共中央政治局常务委员会召开会议 研究工作\n\n中共中央政治局常务委员会3月4日召开会议。\n' });
    const byUri = new Map(index.meetingsChronological().map((m) => [m.uri, m.meeting.date]));
    assert.deepEqual(byUri.get('file:///c/b.txt'), { iso: null, source: 'none', span: undefined });
    assert.equal(byUri.get('file:///c/c-2019.txt')?.iso, '2019-03-04');
  });
});

describe('dateFromPath: the day a file name or path gives', () => {
  const table: [string | undefined, string | undefined][] = [
    ['corpus/20200103.txt', '2020-01-03'],
    ['corpus/2020-01-03.txt', '2020-01-03'],
    ['corpus/2020_1_3.txt', '2020-01-03'],
    ['corpus/2020/0103.txt', '2020-01-03'],
    ['corpus/2020/01/03.txt', '2020-01-03'],
    ['corpus/2020年1月3日新闻联播.txt', '2020-01-03'],
    ['C:\\xwlb\\xwlb_20161231.txt', '2016-12-31'],
    ['corpus/news/2016/20160906.txt', '2016-09-06'],
    // Not a day: a year or a month alone, an id, an impossible date, seven digits.
    ['corpus/2020-03.txt', undefined],
    ['corpus/000_0e5442cdf73d87c8.txt', undefined],
    ['corpus/a20200103b.txt', undefined],
    ['corpus/20200231.txt', undefined],
    ['corpus/2020013.txt', undefined],
    [undefined, undefined],
  ];
  for (const [p, iso] of table) {
    it(String(p), () => {
      const a = dateFromPath(p);
      assert.equal(a ? `${a.year}-${String(a.month).padStart(2, '0')}-${String(a.day).padStart(2, '0')}` : undefined, iso);
      if (a) assert.equal(a.source, 'file-name');
    });
  }
});

describe('parseMetaDate: a front matter date or year', () => {
  const table: [string, ReturnType<typeof parseMetaDate>][] = [
    ['2019-03-05', { year: 2019, month: 3, day: 5 }],
    ['2019/3/5', { year: 2019, month: 3, day: 5 }],
    ['20190305', { year: 2019, month: 3, day: 5 }],
    ['2019年3月5日', { year: 2019, month: 3, day: 5 }],
    ['2019-03-05T09:00:00+08:00', { year: 2019, month: 3, day: 5 }],
    ['2019-03', { year: 2019, month: 3 }],
    ['2019', { year: 2019 }],
    ['2019-02-30', undefined],
    ['March 2019', undefined],
  ];
  for (const [v, expected] of table) it(v, () => assert.deepEqual(parseMetaDate(v), expected));
});

describe('findMeetingDate: ranges', () => {
  const table: [string, RawDate, string][] = [
    ['中央经济工作会议12月16日至18日在北京举行', { month: 12, day: 16, endDay: 18 }, '12月16日至18日'],
    ['12月30日至1月2日，各地举办迎新活动', { month: 12, day: 30, endMonth: 1, endDay: 2 }, '12月30日至1月2日'],
    ['16日至18日，代表团访问了三个城市', { day: 16, endDay: 18 }, '16日至18日'],
    ['记者5日从国家统计局获悉', { day: 5 }, '5日'],
  ];
  for (const [text, raw, written] of table) {
    it(text, () => {
      const found = findMeetingDate(text, 0)!;
      assert.deepEqual(found.raw, raw);
      assert.equal(text.slice(found.span.start, found.span.end), written);
    });
  }
});

describe('resolveDates: against the file’s own date', () => {
  const anchor = (iso: string, source: 'file-name' | 'front-matter' = 'file-name') => ({ year: +iso.slice(0, 4), month: +iso.slice(5, 7), day: +iso.slice(8, 10), source });
  type Row = [string, RawDate | undefined, 'date-line' | 'text' | undefined, string, string, string?];
  // file date, written date, where it was written, expected date, source, range end
  const table: Row[] = [
    ['2016-09-06', { day: 5 }, 'text', '2016-09-05', 'inferred-month'],
    ['2016-09-06', { day: 6 }, 'text', '2016-09-06', 'inferred-month'],
    ['2016-09-06', { month: 9, day: 6 }, 'text', '2016-09-06', 'inferred-year'],
    ['2016-12-31', { day: 30 }, 'text', '2016-12-30', 'inferred-month'],
    ['2017-01-01', { day: 30 }, 'text', '2016-12-30', 'inferred-month'],
    ['2017-01-01', { month: 12, day: 31 }, 'text', '2016-12-31', 'inferred-year'],
    ['2016-03-19', { month: 3, day: 18 }, 'text', '2016-03-18', 'inferred-year'],
    // `31日` after a 30-day month: the month before that (in a date line, where age does not matter).
    ['2016-05-02', { day: 31 }, 'date-line', '2016-03-31', 'inferred-month'],
    ['2016-12-19', { month: 12, day: 16, endDay: 18 }, 'text', '2016-12-16', 'inferred-year', '2016-12-18'],
    ['2017-01-02', { month: 12, day: 30, endMonth: 1, endDay: 2 }, 'text', '2016-12-30', 'inferred-year', '2017-01-02'],
    // Four days back is an earlier event the item recalls.
    ['2016-09-06', { day: 2 }, 'text', '2016-09-06', 'file-name'],
    // A lead's date long before the file's (history) or after it (an announcement): the file's date.
    ['2021-08-01', { year: 1927, month: 8, day: 1 }, 'text', '2021-08-01', 'file-name'],
    ['2016-09-06', { month: 3, day: 18 }, 'text', '2016-09-06', 'file-name'],
    ['2016-09-06', { year: 2016, month: 9, day: 7 }, 'text', '2016-09-06', 'file-name'],
    // A date line or title counts however old: a speech's text published later.
    ['2020-03-10', { year: 2020, month: 2, day: 23 }, 'date-line', '2020-02-23', 'stated'],
    ['2016-09-06', undefined, undefined, '2016-09-06', 'file-name'],
  ];
  for (const [file, raw, from, iso, source, end] of table) {
    it(`${file}: ${JSON.stringify(raw)} in the ${from ?? 'nowhere'} → ${iso}`, () => {
      const m: Meeting = { ...meeting(raw), anchor: anchor(file) };
      if (from) m.dateWrittenIn = from;
      resolveDates([m]);
      assert.equal(m.date.iso, iso);
      assert.equal(m.date.source, source);
      assert.equal(m.date.end, end);
    });
  }
  it('a front matter’s year alone dates what has no date of its own by the year', () => {
    const m: Meeting = { ...meeting(undefined), anchor: { year: 2019, source: 'front-matter' } };
    const n: Meeting = { ...meeting({ month: 3, day: 5 }), anchor: { year: 2019, source: 'front-matter' } };
    // Alone in its file: no neighbour to borrow a day from.
    resolveDates([m, n], { groupOf: (x) => x });
    assert.deepEqual([m.date.iso, m.date.source, m.date.precision], ['2019-01-01', 'front-matter', 'year']);
    assert.deepEqual([n.date.iso, n.date.source], ['2019-03-05', 'inferred-year']);
    assert.equal(formatMeetingDate(m.date), '2019');
  });
});

describe('dates across files with their own dates', () => {
  it('the index keeps each file’s anchor when it resolves all files together', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CorpusIndex } = require('../../server/src/core/corpusIndex') as typeof import('../../server/src/core/corpusIndex');
    const index = new CorpusIndex();
    index.upsertFile({ uri: 'file:///c/20161231.txt', path: '/c/20161231.txt', text: '习近平签署中央军委新年度1号命令\n\n习近平30日签署命令。\n\n全国各地喜迎新年\n\n各地群众喜迎新年。\n' });
    index.upsertFile({ uri: 'file:///c/20170101.txt', path: '/c/20170101.txt', text: '中国驻外使领馆举行新年招待会\n\n30日至31日，中国驻外使领馆举行新年招待会。\n' });
    index.upsertFile({ uri: 'file:///c/seed.txt', path: '/c/seed.txt', text: '中共中央政治局召开会议 研究工作\n\n中共中央政治局2月21日召开会议。会议指出，要做好工作。\n' });
    const rows = index.meetingsChronological().map((m) => `${m.meeting.date.iso} ${m.meeting.date.source} ${m.meeting.title}`);
    assert.deepEqual(rows, [
      '2016-12-30 inferred-month 习近平签署中央军委新年度1号命令',
      '2016-12-30 inferred-month 中国驻外使领馆举行新年招待会',
      '2016-12-31 file-name 全国各地喜迎新年',
      // No date of its own and no year: a neighbour in corpus order gives it one, as before.
      '2017-02-21 inferred-year 中共中央政治局召开会议 研究工作',
    ]);
  });
});
