// Datasets (server/src/core/datasets.ts, datasetFiles.ts): CSV, JSONL and JSON files whose records
// are documents. Table-driven: a file's text in, its records (or problems) out.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { asRecordDocument, DatasetFields, DatasetKind, importPlan, isDatasetFile, readDataset } from '../../server/src/core/datasets';
import { parseDateValue } from '../../server/src/core/dates';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { readCorpusText } from '../../server/src/core/reader';
import { GlobSet } from '../../server/src/core/glob';
import { Glossary, parseGlossary } from '../../server/src/core/glossary';
import { meetingPasses } from '../../server/src/core/study/query';
import { trend } from '../../server/src/core/study/trend';
import { isRecordUri, normalizeRecordUri, recordInput, recordUri } from '../../server/src/datasetFiles';
import { DEFAULT_SETTINGS, discover } from '../../server/src/workspaceFiles';
import { govReportsAvailable, GOV_REPORTS_JSONL } from './fixtures/govReports';

/** A record as the tables write it: text, then title, date and facets when there are any. */
type Expected = { n: number; text: string; title?: string; date?: string; facets?: Record<string, string> };

function summary(text: string, kind: DatasetKind, fields?: DatasetFields) {
  const r = readDataset(text, kind, fields);
  const records: Expected[] = r.records.map((x) => {
    const e: Expected = { n: x.number, text: x.text };
    if (x.title !== undefined) e.title = x.title;
    if (x.date) e.date = [x.date.year, x.date.month, x.date.day].filter((v) => v !== undefined).join('-');
    if (Object.keys(x.facets).length > 0) e.facets = x.facets;
    return e;
  });
  // Each problem as `severity@line: message`, the line counted from 1 in the file's text.
  const problems = r.problems.map((p) => `${p.severity}@${p.span ? text.slice(0, p.span.start).split('\n').length : '-'}: ${p.message}`);
  return { records, problems, fields: r.fields };
}

/** Problems as expected: as many, each beginning as written. */
function sameProblems(got: string[], expected: string[]): void {
  assert.equal(got.length, expected.length, `problems: ${JSON.stringify(got)}`);
  got.forEach((p, i) => assert.ok(p.startsWith(expected[i]), `${p}\ndoes not begin with\n${expected[i]}`));
}

function check(text: string, kind: DatasetKind, expected: { records: Expected[]; problems?: string[]; fields?: DatasetFields }, fields?: DatasetFields): void {
  const got = summary(text, kind, fields);
  assert.deepEqual(got.records, expected.records);
  if (expected.problems) sameProblems(got.problems, expected.problems);
  if (expected.fields) assert.deepEqual(got.fields, expected.fields);
}

describe('datasets: CSV', () => {
  const table: [string, string, { records: Expected[]; problems?: string[] }][] = [
    ['plain rows, CRLF, a column of other data as a facet', 'title,date,text,source\r\n会议一,2020-01-03,正文一,新华社\r\n会议二,2020年2月5日,正文二,人民日报\r\n', {
      records: [
        { n: 1, text: '正文一', title: '会议一', date: '2020-1-3', facets: { date: '2020-01-03', source: '新华社' } },
        { n: 2, text: '正文二', title: '会议二', date: '2020-2-5', facets: { date: '2020年2月5日', source: '人民日报' } },
      ],
      problems: [],
    }],
    ['quoted fields with the separator, "" and line breaks inside; a BOM before the header', '\ufefftitle,text\n"会议，一","第一段\n\n第二段 ""引文"", 完"\n"二",三\n', {
      records: [
        { n: 1, text: '第一段\n\n第二段 "引文", 完', title: '会议，一' },
        { n: 2, text: '三', title: '二' },
      ],
      problems: [],
    }],
    ['tabs as the separator (a TSV), blank lines skipped, no line break at the end', 'text\ttitle\n\n甲文\t甲\n\n乙文\t乙', {
      records: [
        { n: 1, text: '甲文', title: '甲' },
        { n: 2, text: '乙文', title: '乙' },
      ],
    }],
    ['semicolons as the separator', 'titel;content\nA;正文A\n', { records: [{ n: 1, text: '正文A', facets: { titel: 'A' } }] }],
    ['a quote never closed: that record is a problem, the lines after it are read', 'title,text\n一,"未完\n二,正文二\n', {
      records: [{ n: 2, text: '正文二', title: '二' }],
      problems: ['warning@2: A quote opened here is never c'],
    }],
    ['more fields than the header: a warning, the record is read; fewer: the rest empty', 'title,text,year\n一,正文一,2020,多余\n二,正文二\n', {
      records: [
        { n: 1, text: '正文一', title: '一', date: '2020', facets: { year: '2020' } },
        { n: 2, text: '正文二', title: '二' },
      ],
      problems: ['warning@2: This record has 4 fields and th'],
    }],
    ['an empty text: skipped with a note', 'title,text\n一,\n二,正文\n', {
      records: [{ n: 2, text: '正文', title: '二' }],
      problems: ['info@2: This record\'s "text" is empty: s'],
    }],
    ['duplicate and empty header names become unique', 'text,x,x,\n正文,1,2,3\n', { records: [{ n: 1, text: '正文', facets: { x: '1', x_2: '2', column4: '3' } }] }],
  ];
  for (const [name, text, expected] of table) it(name, () => check(text, 'csv', expected));
});

describe('datasets: JSONL', () => {
  const table: [string, string, { records: Expected[]; problems?: string[] }][] = [
    ['one object a line; numbers and lists as facets; a null year is no date', '{"title":"甲","content":"正文甲","year":2020,"tags":["a","b"]}\n{"title":"乙","content":"正文乙","year":null}\n', {
      records: [
        { n: 1, text: '正文甲', title: '甲', date: '2020', facets: { year: '2020', tags: 'a; b' } },
        { n: 2, text: '正文乙', title: '乙' },
      ],
      problems: [],
    }],
    ['a broken line is a problem at that line; the lines after it are read, numbered by place', '{"text":"一"}\n{"text": "二\n\n[1,2]\n{"text":"四\\n\\t转义\\u3000"}\r\n', {
      records: [
        { n: 1, text: '一' },
        { n: 4, text: '四\n\t转义\u3000' },
      ],
      problems: ['warning@2: Not a JSON record (Unterminated', 'warning@4: This line is JSON but not an obj'],
    }],
    ['a record without its text field is skipped', '{"text":"一"}\n{"title":"无正文"}\n', {
      records: [{ n: 1, text: '一' }],
      problems: ['warning@2: This record has no text in "tex'],
    }],
  ];
  for (const [name, text, expected] of table) it(name, () => check(text, 'jsonl', expected));
});

describe('datasets: JSON', () => {
  const table: [string, string, { records: Expected[]; problems?: string[] }][] = [
    ['an array of records, strings with brackets and escaped quotes inside', '[\n {"标题": "甲 [1]", "正文": "他说：\\"{好}\\""},\n {"标题": "乙", "正文": "二", "日期": "2021-05-06T08:00:00Z"}\n]\n', {
      records: [
        { n: 1, text: '他说："{好}"', title: '甲 [1]' },
        { n: 2, text: '二', title: '乙', date: '2021-5-6', facets: { 日期: '2021-05-06T08:00:00Z' } },
      ],
      problems: [],
    }],
    ['a broken element is a problem at it; the elements after it are read; a trailing comma is fine', '[{"text":"一"},\n{"text": 二},\n{"text":"三"},]', {
      records: [
        { n: 1, text: '一' },
        { n: 3, text: '三' },
      ],
      problems: ['warning@2: Not a JSON record (Unexpected t'],
    }],
    ['a file cut short: the complete records are read, the rest is a problem', '[{"text":"一"},{"text":"二', {
      records: [{ n: 1, text: '一' }],
      problems: ['warning@1: Not a JSON record (Unterminated', 'warning@1: The array of records is not clos'],
    }],
    ['an object with one array of records among its fields', '{"version": 2, "data": [{"text": "一"}, 3]}', {
      records: [{ n: 1, text: '一' }],
      problems: ['warning@1: Element 2 of "data" is not an o'],
    }],
    ['a JSON object that holds no records', '{"name": "x"}', { records: [], problems: ['warning@1: This file is not an array of re'] }],
  ];
  for (const [name, text, expected] of table) {
    it(name, () => {
      const got = summary(text, 'json');
      assert.deepEqual(got.records, expected.records);
      // V8's JSON messages differ between versions: compared up to where they begin.
      sameProblems(got.problems, expected.problems!.map((p) => p.replace(/\(.*$/, '(')));
    });
  }
});

describe('datasets: fields', () => {
  it('guesses text, title and date from common names, Chinese ones and other cases too', () => {
    const table: [string, DatasetFields][] = [
      ['{"title":"t","content":"c","year":2020}', { text: 'content', title: 'title', year: 'year' }],
      ['{"标题":"t","正文":"c","日期":"2020-01-01"}', { text: '正文', title: '标题', date: '日期' }],
      ['{"Title":"t","Text":"c","Date":"2020-01-01","年份":"2020"}', { text: 'Text', title: 'Title', date: 'Date', year: '年份' }],
      ['{"题目":"t","内容":"c","时间":"2020年1月1日"}', { text: '内容', title: '题目', date: '时间' }],
    ];
    for (const [line, fields] of table) {
      const got = summary(line, 'jsonl');
      const clean = Object.fromEntries(Object.entries(got.fields).filter(([, v]) => v !== undefined));
      assert.deepEqual(clean, fields, line);
      assert.equal(got.records[0].text, 'c', line);
    }
  });

  it('with no common text field, the field with the longest values, with a note; none long enough is a problem', () => {
    const long = 'x'.repeat(60);
    const got = summary(`{"id":1,"body_zh":"${long}"}\n`, 'jsonl');
    assert.equal(got.fields.text, 'body_zh');
    sameProblems(got.problems, ['info@1: The text of each record is rea']);
    const none = summary('{"id":1,"note":"短"}\n', 'jsonl');
    assert.deepEqual(none.records, []);
    sameProblems(none.problems, ['warning@1: No text field found among id,']);
  });

  it('the setting names the fields; one the file lacks is a warning and the guess stands', () => {
    const text = 'title,body,content,pub\nT,正文B,正文C,2019-12-31\n';
    check(text, 'csv', { records: [{ n: 1, text: '正文B', title: 'T', date: '2019-12-31', facets: { content: '正文C', pub: '2019-12-31' } }], problems: [] }, { text: 'body', date: 'pub' });
    check(text, 'csv', { records: [{ n: 1, text: '正文C', title: 'T', facets: { body: '正文B', pub: '2019-12-31' } }], problems: ['warning@2: No field "正文" (setting corpusSt'] }, { text: '正文' });
  });

  it('a date the reader does not know is a note, and the record is dated from its text', () => {
    check('{"text":"一","date":"last week"}', 'jsonl', { records: [{ n: 1, text: '一', facets: { date: 'last week' } }], problems: ['info@1: "last week" in "date" is not a '] });
  });
});

describe('datasets: date values', () => {
  const table: [unknown, string | undefined][] = [
    ['2020-01-03', '2020-1-3'],
    ['2020/1/3', '2020-1-3'],
    ['2020.01.03', '2020-1-3'],
    ['20200103', '2020-1-3'],
    ['2020-01-03T08:00:00+08:00', '2020-1-3'],
    ['2020-01-03 08:00', '2020-1-3'],
    ['2020年1月3日', '2020-1-3'],
    ['二〇二〇年一月三日', '2020-1-3'],
    ['２０２０年３月', '2020-3'],
    ['2020-03', '2020-3'],
    ['2020', '2020'],
    ['2020年', '2020'],
    [2020, '2020'],
    [' 1954 ', '1954'],
    ['2020-13-01', undefined],
    ['2020-01-32', undefined],
    ['1月3日', undefined],
    ['yesterday', undefined],
    [20.5, undefined],
    [null, undefined],
  ];
  for (const [value, expected] of table) {
    it(`${JSON.stringify(value)} → ${expected ?? 'none'}`, () => {
      const d = parseDateValue(value);
      assert.equal(d ? [d.year, d.month, d.day].filter((v) => v !== undefined).join('-') : undefined, expected);
    });
  }
});

describe('datasets: a record as a document', () => {
  const meta = (title?: string, date?: { year: number; month?: number; day?: number }, facets: Record<string, string> = {}) => ({ dataset: '/d/x.jsonl', title, date, facets });

  it('one document under the record title, with the reader\'s sections; the reader\'s no-title note goes', () => {
    const text = '各位代表：\n\n现在，我代表国务院作报告。\n\n一、过去一年工作回顾\n\n内容。\n\n二、今年工作总体部署\n\n内容。';
    const doc = asRecordDocument(readCorpusText(text), text, meta('2019年政府工作报告', { year: 2019 }, { year: '2019' }));
    assert.equal(doc.meetings.length, 1);
    const m = doc.meetings[0];
    assert.equal(m.title, '2019年政府工作报告');
    assert.deepEqual(m.span, { start: 0, end: text.length });
    assert.equal(text.slice(m.titleSpan.start, m.titleSpan.end), '各位代表：');
    assert.deepEqual(m.sections.map((s) => s.name), ['一、过去一年工作回顾', '二、今年工作总体部署']);
    assert.deepEqual(m.facets, { year: '2019' });
    assert.deepEqual(doc.problems, []);
    assert.equal(m.untitled, undefined);
  });

  it('without a record title: the reader\'s title, else the first words', () => {
    const titled = '政府工作报告\n\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n\n各位代表：';
    assert.equal(asRecordDocument(readCorpusText(titled), titled, meta()).meetings[0].title, '政府工作报告');
    const plain = '第十四届全国人民代表大会第三次会议听取和审议了政府工作报告。会议充分肯定。';
    const doc = asRecordDocument(readCorpusText(plain), plain, meta());
    assert.equal(doc.meetings[0].title, '第十四届全国人民代表大会第三次会议听取和审议了政府工作报告');
    const long = '这是一句没有标点而且非常非常长的第一句话用来检验名字会在三十个字以后截断的例子。后面还有。';
    assert.equal(asRecordDocument(readCorpusText(long), long, meta()).meetings[0].title, '这是一句没有标点而且非常非常长的第一句话用来检验名字会在三十…');
  });

  it('dates: a full date is the date; a year is completed by the text\'s own date in that year, else 1 January; an undated record borrows from the record before it in its dataset only', () => {
    const index = new CorpusIndex();
    const add = (dataset: string, n: number, text: string, date?: { year: number; month?: number; day?: number }) =>
      index.upsertFile({ uri: `corpus-record:${dataset}/${n}/t`, path: `${dataset}/${n}`, text, metadata: { dataset, title: `t${n}`, date, facets: {} } });
    add('/d/a.jsonl', 1, '会议文本。', { year: 2020, month: 5, day: 6 });
    add('/d/a.jsonl', 2, '政府工作报告\n\n（2024年3月5日）\n\n各位代表：', { year: 2024 });
    add('/d/a.jsonl', 3, '政府工作报告\n\n（2023年3月5日）\n\n各位代表：', { year: 2024 });
    add('/d/a.jsonl', 4, '决议全文，没有日期。');
    add('/d/a.jsonl', 5, '报告，1月2日。', { year: 2021, month: 3 });
    add('/d/b.jsonl', 1, '另一个数据集的记录，没有日期。');
    const dates = index.meetingsChronological().map((m) => `${m.uri.replace('corpus-record:/d/', '').replace('/t', '')} ${m.meeting.date.iso} ${m.meeting.date.source}`);
    assert.deepEqual(dates, [
      'a.jsonl/1 2020-05-06 metadata',
      'a.jsonl/5 2021-03-01 metadata',
      'a.jsonl/3 2024-01-01 metadata',
      'a.jsonl/4 2024-01-01 inferred',
      'a.jsonl/2 2024-03-05 stated',
      'b.jsonl/1 null none',
    ]);
  });

  it('facets filter the meetings study requests count; a document without the facet fails it', () => {
    const index = new CorpusIndex();
    index.setGlossary(new Glossary([parseGlossary('- term: 联防联控\n  category: mechanism\n  gloss: joint\n  zh: 联防\n  en: joint', 'g.yaml')]));
    const rows: [number, string, string][] = [
      [1, '2019', '联防联控一次。'],
      [2, '2020', '联防联控，联防联控。'],
      [3, '2020', '没有。'],
    ];
    for (const [n, year, text] of rows) index.upsertFile({ uri: `corpus-record:/d/a.jsonl/${n}/t`, path: `/d/a.jsonl/${n}`, text, metadata: { dataset: '/d/a.jsonl', date: { year: Number(year) }, facets: { year, source: n === 3 ? 'x' : 'y' } } });
    index.upsertFile({ uri: 'file:///d/plain.txt', path: '/d/plain.txt', text: '2021年1月1日会议\n\n联防联控。' });
    const chrono = index.meetingsChronological();
    const kept = (facets: Record<string, string[]>) => chrono.filter((m) => meetingPasses(m, { facets })).map((m) => m.uri.replace(/^.*\/(\d+)\/t$/, '$1').replace(/^file:.*/, 'txt'));
    assert.deepEqual(kept({ year: ['2020'] }), ['2', '3']);
    assert.deepEqual(kept({ year: ['2019', '2020'], source: ['y'] }), ['1', '2']);
    assert.deepEqual(kept({ year: [] }), ['1', '2', '3', 'txt']);
    assert.deepEqual(kept({ nosuch: ['1'] }), []);
    const t = trend(index, ['联防联控'], { facets: { year: ['2020'] } });
    assert.deepEqual(t.series[0].counts, [2, 0]);
  });
});

describe('datasets: record URIs', () => {
  it('are the dataset path, the record number and the title, encoded as VS Code encodes a path; normalizing gives them back', () => {
    const uri = recordUri('/home/me/my corpus/报告.jsonl', 12, '2024年 政府/工作报告');
    assert.equal(uri, 'corpus-record:/home/me/my%20corpus/%E6%8A%A5%E5%91%8A.jsonl/12/2024%E5%B9%B4%20%E6%94%BF%E5%BA%9C%EF%BC%8F%E5%B7%A5%E4%BD%9C%E6%8A%A5%E5%91%8A');
    assert.ok(isRecordUri(uri));
    for (const other of [uri, uri.replace('corpus-record:', 'corpus-record://'), uri.replace(/%E6%8A%A5/g, '%e6%8a%a5'), 'corpus-record:/home/me/my corpus/报告.jsonl/12/2024年 政府／工作报告']) {
      assert.equal(normalizeRecordUri(other), uri, other);
    }
    assert.equal(normalizeRecordUri('file:///x.txt'), 'file:///x.txt');
    assert.equal(recordUri('/d/x.csv', 3, "it's (a) *test*!"), "corpus-record:/d/x.csv/3/it%27s%20%28a%29%20%2Atest%2A%21");
    assert.equal(recordUri('/d/x.csv', 4), 'corpus-record:/d/x.csv/4/untitled');
  });

  it('a record input carries its text as is, and its path sorts its records in file order', () => {
    const input = recordInput('/d/x.jsonl', { number: 2, text: ' 正文\n', title: 'T', facets: { a: '1' }, span: { start: 0, end: 1 } });
    assert.equal(input.text, ' 正文\n');
    assert.equal(input.path, `/d/x.jsonl${path.sep}2`);
    assert.deepEqual(input.metadata, { dataset: '/d/x.jsonl', title: 'T', date: undefined, facets: { a: '1' } });
  });
});

describe('datasets: import as text files', () => {
  it('writes front matter and text; names from date and title, never one taken', () => {
    const records = readDataset('{"title":"报告","content":"正文一","year":2020,"url":"http://x/y?a=1"}\n{"title":"报告","content":"正文二\\n","date":"2020-03-05","note":"a: b"}\n{"title":"a/b:c","content":"三"}\n{"content":"无题的记录。第二句。"}\n', 'jsonl').records;
    const plan = importPlan(records, ['2020 报告.TXT']);
    assert.deepEqual(plan.map((f) => f.name), ['2020 报告-2.txt', '2020-03-05 报告.txt', 'a b c.txt', '无题的记录.txt']);
    assert.equal(plan[0].text, '---\ntitle: 报告\nyear: 2020\nurl: http://x/y?a=1\n---\n正文一\n');
    assert.equal(plan[1].text, '---\ntitle: 报告\ndate: 2020-03-05\nnote: "a: b"\n---\n正文二\n');
    assert.equal(plan[3].text, '无题的记录。第二句。\n');
  });
});

describe('datasets: discovery', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datasets-'));
    for (const f of ['corpus/a.txt', 'corpus/b.jsonl', 'corpus/c.csv', 'corpus/d.json', 'corpus/package.json', 'corpus/tsconfig.json', 'corpus/e.md', 'other/f.json', 'other/g.csv', 'package.json']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), '[]');
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const names = (files: string[]) => files.map((f) => path.relative(dir, f).split(path.sep).join('/'));

  it('the default globs take datasets in the corpus folder, not configuration files; the old default still takes .txt only', async () => {
    assert.deepEqual(names((await discover(dir, DEFAULT_SETTINGS)).corpusFiles), ['corpus/a.txt', 'corpus/b.jsonl', 'corpus/c.csv', 'corpus/d.json']);
    assert.deepEqual(names((await discover(dir, { ...DEFAULT_SETTINGS, corpusGlobs: ['corpus/**/*.txt'] })).corpusFiles), ['corpus/a.txt']);
    assert.ok(new GlobSet(['corpus/**/*.{txt,csv,jsonl,json}']).matches('corpus/x/y.jsonl'));
    assert.ok(!new GlobSet(['corpus/**/*.{txt,csv,jsonl,json}']).matches('corpus/x/y.jsonld'));
    assert.ok(!isDatasetFile('package-lock.json') && !isDatasetFile('x.schema.json') && isDatasetFile('reports.JSON') && isDatasetFile('a.tsv'));
  });

  it('a folder that matches no glob is the corpus: its .txt, CSV and JSONL files (not .json)', async () => {
    assert.deepEqual(names((await discover(path.join(dir, 'other'), DEFAULT_SETTINGS)).corpusFiles), ['other/g.csv']);
  });
});

describe('datasets: the government work reports (../shared/corpora)', function () {
  before(function () {
    if (!govReportsAvailable()) this.skip();
  });

  it('72 records with title and text; the year where there is one', () => {
    const r = readDataset(fs.readFileSync(GOV_REPORTS_JSONL, 'utf8'), 'jsonl');
    assert.equal(r.records.length, 72);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.fields, { text: 'content', title: 'title', date: undefined, year: 'year' });
    assert.ok(r.records.every((x) => x.title && x.text.length > 200));
    assert.equal(r.records.filter((x) => x.date).length, 52);
    assert.deepEqual(r.records[0].date, { year: 2025 });
  });
});
