// The shapes real corpora come in (issue 25), one fixture folder each under fixtures/shapes/:
// daily news files, reports with spread title blocks, one speech per line, front matter, text
// already segmented. Each row: the file, then every document as `date source kind title`.

import * as assert from 'node:assert/strict';
import { readCorpusText } from '../../server/src/core/reader';
import type { Meeting, Section } from '../../server/src/core/model';
import { readShape } from './fixtures/shapes';

/** `2016-09-05 inferred-month conference 习近平出席…`; a range shows its end: `2016-12-14..2016-12-16`. */
function row(m: Meeting): string {
  const date = m.date.precision === 'year' ? m.date.iso!.slice(0, 4) : `${m.date.iso}${m.date.end ? `..${m.date.end}` : ''}`;
  return `${date} ${m.date.source} ${m.kind} ${m.title}`;
}

function outline(sections: Section[], depth = 0): string[] {
  return sections.flatMap((s) => [`${'  '.repeat(depth)}${s.kind} ${s.name}`, ...outline(s.children, depth + 1)]);
}

const table: [string, string[]][] = [
  // 1. Daily news: every item a document, dated on or before its broadcast day.
  ['news/20160906.txt', [
    '2016-09-05 inferred-month conference 习近平出席二十国集团领导人杭州峰会闭幕式并发表讲话',
    '2016-09-06 file-name letter 习近平致信祝贺中国人民大学建校80周年',
    '2016-09-06 file-name commentary 人民日报评论员文章：凝聚共识 共创未来',
    '2016-09-06 file-name commentary 【央视快评】为世界经济发展注入新动力',
    '2016-09-06 file-name profile 周会明：扎根雪域高原 守望公正',
    '2016-09-06 file-name news 《习近平在厦门》《习近平在宁德》出版发行',
    '2016-09-06 inferred-year news 全国铁路迎来开学返程客流高峰',
    '2016-09-05 inferred-month news 国务院常务会议部署推进“互联网+政务服务”',
    // Its lead opens with 1927年8月1日: a date of history, not the item's.
    '2016-09-06 file-name news 【奋斗百年路 启航新征程】八一南昌起义：打响武装反抗国民党反动派的第一枪',
    '2016-09-05 inferred-year news 新华社记者走进杭州基层社区',
    '2016-09-05 inferred-month news 中国女排载誉归来！',
    '2016-09-06 file-name news 国内联播快讯',
    '2016-09-05 inferred-month news 俄罗斯举行国家杜马选举投票',
    '2016-09-05 inferred-month news 联合国秘书长呼吁各方落实巴黎协定',
  ]],
  // Paragraphs separated by blank lines; two roundups; a figure in the title; a range.
  ['news/20200725.txt', [
    '2020-07-24 inferred-year news 7月24日新增新冠肺炎确诊病例34例',
    '2020-07-22..2020-07-24 inferred-year inspection 习近平在吉林考察时强调 深入实施东北振兴战略',
    '2020-07-25 file-name news 国内联播快讯',
    '2020-07-25 file-name news 全国防汛抗旱总指挥部部署防汛工作',
    '2020-07-25 file-name news 国际联播快讯',
  ]],
  // Across a year's end: `30日` in a file of 12-31 and of 01-01.
  ['news/20161231.txt', [
    '2016-12-30 inferred-month news 习近平签署中央军委新年度1号命令',
    '2016-12-31 inferred-year news 全国各地喜迎新年',
  ]],
  ['news/20170101.txt', [
    '2017-01-01 file-name news 国家主席习近平发表二〇一七年新年贺词',
    '2017-01-01 inferred-year news 北京迎来新年第一天',
    '2016-12-30..2016-12-31 inferred-month news 中国驻外使领馆举行新年招待会',
  ]],
  // A date of history in a title is not the item's; a date line (also an export's `2021-07-01 19:05`) is.
  ['news/20210701.txt', [
    '2021-07-01 inferred-year conference 庆祝中国共产党成立100周年大会隆重举行',
    '2021-07-01 stated speech 习近平在庆祝中国共产党成立100周年大会上的讲话',
    '2021-07-01 file-name conference 【奋斗百年路 启航新征程】1921年7月23日：中国共产党第一次全国代表大会开幕',
    '2021-07-01 stated news 国家主席习近平向七一勋章获得者颁授勋章',
  ]],
  ['news/20161217.txt', ['2016-12-14..2016-12-16 inferred-year conference 中央经济工作会议在北京举行']],
  ['news/20160319.txt', ['2016-03-18 inferred-year news 李克强会见出席中国发展高层论坛的境外代表']],
  // 2. The file's date from its name, however written.
  ...['news/2020-01-03.txt', 'news/2020/0103.txt', 'news/2020年1月3日新闻联播.txt'].map((f): [string, string[]] => [f, [
    '2020-01-02 inferred-month news 国务院常务会议部署做好春节前后农民工工资支付工作',
    // `1月10日` in the lead is a week ahead (`将于…开始`): the file's date.
    '2020-01-03 file-name news 全国各地做好春运准备',
  ]]),
  // 3. Reports: the title over one or two lines, a subtitle, a date line, a byline (spaced or not).
  ['reports/十九大报告.txt', ['2017-10-18 stated report 决胜全面建成小康社会　夺取新时代中国特色社会主义伟大胜利']],
  ['reports/二十大报告.txt', ['2022-10-16 stated report 高举中国特色社会主义伟大旗帜 为全面建设社会主义现代化国家而团结奋斗']],
  ['reports/两次代表大会报告.txt', [
    '2017-10-18 stated report 决胜全面建成小康社会　夺取新时代中国特色社会主义伟大胜利',
    '2022-10-16 stated report 高举中国特色社会主义伟大旗帜 为全面建设社会主义现代化国家而团结奋斗',
  ]],
  // 4. One speech per line: inline title, date and speaker; `※`; a title block in paragraphs; none (`同志们：`).
  ['speeches/2020-03-10.txt', [
    '2020-02-23 stated speech 在统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议上的讲话',
    '2020-03-10 file-name report 2018年国务院政府工作报告',
    '2020-03-10 file-name speech 同志们：今年是全面贯彻党的二十大精神的开局之年',
    '2020-02-14 stated speech 在中央全面深化改革委员会第十二次会议上的讲话',
    '2020-03-10 file-name other 关于统筹推进疫情防控和经济社会发展的几点意见',
  ]],
  ['speeches/讲话选编.txt', [
    '2020-03-10 front-matter report 2018年国务院政府工作报告',
    '2020-03-10 front-matter speech 同志们：今年是全面贯彻党的二十大精神的开局之年',
  ]],
  // 5. Front matter: a title makes one document; a date anchors news items; a year alone.
  ['frontmatter/2019政府工作报告.txt', ['2019-03-05 front-matter report 2019年国务院政府工作报告']],
  ['frontmatter/title-line.txt', ['2019 front-matter report 2019年国务院政府工作报告']],
  ['frontmatter/year-only.txt', ['2019 front-matter report 关于2018年国民经济和社会发展计划执行情况的报告']],
  ['frontmatter/news-day.txt', [
    '2016-09-06 front-matter letter 习近平致信祝贺中国人民大学建校80周年',
    '2016-09-05 inferred-month news 中国女排载誉归来！',
  ]],
  // 6. Already segmented: found as documents; their words are the user's (see presegmented.test.ts).
  ['segmented/seed-jieba.txt', [
    'null none standing-committee 中共中央政治局 常务委员会 召开 会议 研究 新型 冠状病毒 感染 的 肺炎 疫情 防控 工作',
    'null none standing-committee 中共中央政治局 常务委员会 召开 会议 研究 加强 新型 冠状病毒 感染 的 肺炎 疫情 防控 工作',
  ]],
];

describe('reader: the shapes of real corpora', () => {
  for (const [file, expected] of table) {
    it(file, () => {
      const { text, parsed } = readShape(file);
      assert.deepEqual(parsed.meetings.map(row), expected);
      assert.deepEqual(parsed.problems, []);
      for (const m of parsed.meetings) {
        // Spans are offsets into the file as written: a one-line title is its span's text.
        assert.ok(m.span.start <= m.titleSpan.start && m.titleSpan.end <= m.span.end, `${m.title}: title inside the document`);
        const written = text.slice(m.titleSpan.start, m.titleSpan.end);
        if (!/\s\s/.test(written) && !m.facets?.title) assert.equal(written, m.title);
      }
      for (let i = 1; i < parsed.meetings.length; i++) assert.ok(parsed.meetings[i - 1].span.end < parsed.meetings[i].span.start);
    });
  }

  it('news items are found the same whatever the layout: paragraphs spaced, indented, CRLF, no blank line under the title', () => {
    const { text, parsed } = readShape('news/20160906.txt');
    const items = text.trim().split(/\n\n+/);
    // Each block after a blank line is a title or the paragraphs under it.
    const titles = parsed.meetings.map((m) => m.title);
    const layouts: [string, string][] = [
      ['paragraphs separated by blank lines', text.replace(/([。”！])\n(?!\n)/g, '$1\n\n')],
      ['paragraphs indented with U+3000', text.replace(/\n(?=[^\n])/g, '\n\u3000\u3000')],
      ['CRLF', text.replace(/\n/g, '\r\n')],
      ['no blank line under a title', items.map((b, i) => (titles.includes(b) ? b + '\n' : b + (i + 1 < items.length ? '\n\n' : ''))).join('')],
    ];
    for (const [name, variant] of layouts) {
      const got = readCorpusText(variant, { path: 'corpus/news/20160906.txt' }).meetings;
      assert.deepEqual(got.map((m) => m.title), titles, name);
      assert.deepEqual(got.map((m) => m.date.iso), parsed.meetings.map((m) => m.date.iso), name);
    }
  });

  it('a date says what it was read from', () => {
    const { text, parsed } = readShape('news/20161217.txt');
    const d = parsed.meetings[0].date;
    assert.equal(text.slice(d.span!.start, d.span!.end), '12月14日至16日');
    assert.deepEqual(parsed.meetings[0].rawDate, { month: 12, day: 14, endDay: 16 });
    // The file's date, when used, was read from no span of the text.
    const { parsed: day } = readShape('news/20160906.txt');
    assert.equal(day.meetings[1].date.span, undefined);
    assert.deepEqual(day.meetings[1].anchor, { year: 2016, month: 9, day: 6, source: 'file-name' });
  });

  it('news items: numbered headings stay sections; a roundup’s items are its sub-headlines', () => {
    const { parsed } = readShape('news/20160906.txt');
    const council = parsed.meetings.find((m) => m.title.startsWith('国务院常务会议'))!;
    assert.deepEqual(outline(council.sections), [
      'heading 一、推进政务服务网上办理',
      '  subheading （一）加快建设全国一体化政务服务平台',
      '  subheading （二）推动部门间信息共享',
      'heading 二、加强监督考核',
    ]);
    const roundup = parsed.meetings.find((m) => m.title === '国内联播快讯')!;
    assert.deepEqual(outline(roundup.sections), [
      'headline 全国人大常委会举行第二十二次会议',
      'headline 国家统计局发布8月份经济数据',
      'headline 我国首个海上风电场全面投产',
    ]);
    const { parsed: spaced } = readShape('news/20200725.txt');
    assert.deepEqual(spaced.meetings.map((m) => outline(m.sections).filter((s) => s.startsWith('headline')).length), [0, 0, 2, 0, 2]);
  });

  it('reports in a file dated by its name: still one document each, dated by its date line', () => {
    const { text } = readShape('reports/两次代表大会报告.txt');
    const parsed = readCorpusText(text, { path: 'corpus/2017/1018.txt' });
    assert.deepEqual(parsed.meetings.map(row), [
      '2017-10-18 stated report 决胜全面建成小康社会　夺取新时代中国特色社会主义伟大胜利',
      '2022-10-16 stated report 高举中国特色社会主义伟大旗帜 为全面建设社会主义现代化国家而团结奋斗',
    ]);
  });

  it('reports: the title block is the header, the body starts after the byline', () => {
    const { text, parsed } = readShape('reports/二十大报告.txt');
    const m = parsed.meetings[0];
    assert.equal(text.slice(m.titleSpan.start, m.titleSpan.end), '高举中国特色社会主义伟大旗帜\n\n为全面建设社会主义现代化国家而团结奋斗');
    assert.deepEqual(outline(m.sections), ['heading 一、过去五年的工作和新时代十年的伟大变革', '  subheading （一）全面建设社会主义现代化国家的战略安排']);
  });

  it('one speech per line: each line a document, its paragraphs split at U+3000 runs', () => {
    const { text, parsed } = readShape('speeches/2020-03-10.txt');
    const lines = text.split('\n').filter((l) => l.length > 0);
    assert.equal(parsed.meetings.length, lines.length);
    parsed.meetings.forEach((m, i) => {
      const start = text.indexOf(lines[i]);
      assert.equal(m.span.start, start);
      assert.equal(m.span.end, start + lines[i].length);
    });
    const first = parsed.meetings[0];
    assert.equal(text.slice(first.titleSpan.start, first.titleSpan.end), first.title);
    assert.equal(text.slice(first.date.span!.start, first.date.span!.end), '（2020年2月23日）');
    assert.deepEqual(outline(first.sections).slice(0, 2), ['heading 一、关于前一段疫情防控工作', '  item 一是及时制定疫情防控战略策略']);
    // A section is one paragraph: it starts after the U+3000 run that opens it.
    const heading = first.sections[0];
    assert.ok(text.slice(heading.nameSpan.start).startsWith('一、关于前一段疫情防控工作'));
    assert.equal(text.slice(heading.span.start, heading.nameSpan.start), '\u3000\u3000');
    const untitled = parsed.meetings[2];
    assert.equal(untitled.untitled, true);
    assert.ok(text.slice(untitled.titleSpan.start, untitled.titleSpan.end).startsWith('同志们：'));
  });

  it('front matter: its fields are facets of every document, and belong to none', () => {
    const { text, parsed } = readShape('frontmatter/2019政府工作报告.txt');
    assert.deepEqual(parsed.meetings[0].facets, {
      title: '2019年国务院政府工作报告',
      date: '2019-03-05',
      kind: 'report',
      source: 'zh.wikisource.org',
      speaker: '李克强',
      tags: '政府工作报告, 十三届全国人大二次会议',
    });
    const fm = parsed.frontMatter!;
    assert.equal(fm.start, 0);
    assert.equal(text.slice(fm.end - 3, fm.end), '---');
    assert.ok(parsed.meetings[0].span.start > fm.end);
    assert.equal(text.slice(parsed.meetings[0].span.start, parsed.meetings[0].span.start + 5), '各位代表：');
    const { parsed: news } = readShape('frontmatter/news-day.txt');
    assert.deepEqual(news.meetings.map((m) => m.facets?.program), ['新闻联播', '新闻联播']);
  });

  it('a 5,000,000-character line of paragraphs is one document, read in one linear pass', () => {
    const paragraph = '会议强调，' + '要'.repeat(195);
    const line = '在全国抗击新冠肺炎疫情表彰大会上的讲话（2020年9月8日）习近平' + ('\u3000\u3000' + paragraph).repeat(25_000);
    const t0 = performance.now();
    const parsed = readCorpusText(line + '\n' + line, { path: 'speeches.txt' });
    const ms = performance.now() - t0;
    console.log(`      2 lines of 5,000,000 characters, 50,000 paragraphs: ${ms.toFixed(0)} ms`);
    assert.equal(parsed.meetings.length, 2);
    assert.equal(parsed.meetings[0].title, '在全国抗击新冠肺炎疫情表彰大会上的讲话');
    assert.equal(parsed.meetings[0].date.iso, '2020-09-08');
    assert.equal(parsed.meetings[0].sections.length, 25_000);
    assert.ok(ms < 3000, `took ${ms} ms`);
  });
});
