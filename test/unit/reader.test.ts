import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { readCorpusText, readOpenDocument } from '../../server/src/core/reader';
import { changedStretch } from '../../server/src/core/positions';
import type { Meeting, Section } from '../../server/src/core/model';
import { decodeBytes } from '../../server/src/core/decode';
import { govReportsAvailable, loadGovReports, writeGovReports } from './fixtures/govReports';

function findRepoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}
const SEED_PATH = path.join(findRepoRoot(), 'corpus', '000_0e5442cdf73d87c8.txt');
const seed = fs.readFileSync(SEED_PATH, 'utf8');

/** A compact outline: `kind name` per section, children indented by two spaces. */
function outline(sections: Section[], depth = 0): string[] {
  return sections.flatMap((s) => [`${'  '.repeat(depth)}${s.kind} ${s.name}`, ...outline(s.children, depth + 1)]);
}

function summary(m: Meeting): string {
  return `${m.date.iso} ${m.kind} ${m.title}`;
}

describe('reader: seed corpus', () => {
  const parsed = readCorpusText(seed, { path: 'corpus/000_0e5442cdf73d87c8.txt' });
  const meetings = parsed.meetings;

  it('finds the twelve meetings with their titles, dates and kinds', () => {
    assert.deepEqual(meetings.map(summary), [
      '2020-01-25 standing-committee 中共中央政治局常务委员会召开会议 研究新型冠状病毒感染的肺炎疫情防控工作',
      '2020-02-03 standing-committee 中共中央政治局常务委员会召开会议 研究加强新型冠状病毒感染的肺炎疫情防控工作',
      '2020-02-05 commission 习近平：全面提高依法防控依法治理能力 为疫情防控提供有力法治保障',
      '2020-02-10 inspection 习近平在北京市调研指导新型冠状病毒肺炎疫情防控工作时强调 以更坚定的信心更顽强的意志更果断的措施 坚决打赢疫情防控的人民战争总体战阻击战',
      '2020-02-12 standing-committee 中共中央政治局常务委员会召开会议 分析新冠肺炎疫情形势研究加强防控工作',
      '2020-02-14 commission 习近平主持召开中央全面深化改革委员会第十二次会议强调 完善重大疫情防控体制机制 健全国家公共卫生应急管理体系',
      '2020-02-21 politburo 中共中央政治局召开会议 研究新冠肺炎疫情防控工作 部署统筹做好疫情防控和经济社会发展工作',
      '2020-02-23 speech 在统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议上的讲话',
      '2020-02-26 standing-committee 中共中央政治局常务委员会召开会议 分析新冠肺炎疫情形势研究近期防控重点工作',
      '2020-03-02 inspection 习近平在北京考察新冠肺炎防控科研攻关工作时强调 协同推进新冠肺炎防控科研攻关 为打赢疫情防控阻击战提供科技支撑',
      '2020-03-04 standing-committee 中共中央政治局常务委员会召开会议 研究当前新冠肺炎疫情防控和稳定经济社会运行重点工作',
      '2020-03-06 symposium 习近平：坚决克服新冠肺炎疫情影响，坚决夺取脱贫攻坚战全面胜利',
    ]);
    assert.deepEqual(parsed.problems, []);
  });

  it('says where each date came from', () => {
    const table: [number, string, string][] = [
      [0, 'inferred-year', '1月25日'],
      [1, 'inferred-year', '2月3日'],
      [2, 'inferred-year', '2月5日'],
      [7, 'stated', '（2020年2月23日）'],
      [9, 'inferred-month', '2日'],
      [11, 'inferred-month', '6日'],
    ];
    for (const [i, source, written] of table) {
      const d = meetings[i].date;
      assert.equal(d.source, source, `meeting ${i}`);
      assert.ok(d.span, `meeting ${i} has a date span`);
      assert.equal(seed.slice(d.span.start, d.span.end), written, `meeting ${i}`);
    }
    assert.deepEqual(meetings[9].rawDate, { day: 2 });
    assert.deepEqual(meetings[7].rawDate, { year: 2020, month: 2, day: 23 });
  });

  it('title spans cover the trimmed title text; the split title spans both lines', () => {
    meetings.forEach((m, i) => {
      const slice = seed.slice(m.titleSpan.start, m.titleSpan.end);
      if (i === 8) {
        assert.equal(slice, '中共中央政治局常务委员会召开会议\n\n分析新冠肺炎疫情形势研究近期防控重点工作');
      } else {
        assert.equal(slice, m.title, `meeting ${i}`);
      }
      assert.ok(m.span.start <= m.titleSpan.start && m.titleSpan.end <= m.span.end);
      assert.ok(!/[\r\n]$/.test(seed.slice(m.span.start, m.span.end)), `meeting ${i} span ends before the line break`);
    });
    // Meetings follow each other and do not overlap.
    for (let i = 1; i < meetings.length; i++) assert.ok(meetings[i - 1].span.end < meetings[i].span.start);
    // The first title line has a leading and a trailing space; the title does not.
    assert.equal(seed.slice(0, meetings[0].titleSpan.start), ' ');
    assert.equal(meetings[11].span.end, seed.lastIndexOf('参加座谈会。') + '参加座谈会。'.length);
  });

  it('gives the speech four headings with their numbered items', () => {
    assert.deepEqual(outline(meetings[7].sections), [
      'heading 一、关于前一段疫情防控工作',
      '  item 一是及时制定疫情防控战略策略',
      '  item 二是加强对武汉和湖北防疫的统一指挥',
      '  item 三是统筹抓好其他地区防控工作',
      '  item 四是加强医用物资和生活必需品应急保供',
      '  item 五是切实维护社会稳定',
      '  item 六是加强宣传教育和舆论引导',
      '  item 七是积极争取国际社会支持',
      'heading 二、关于当前加强疫情防控重点工作',
      '  item 第一，坚决打好湖北保卫战、武汉保卫战',
      '  item 第二，全力做好北京疫情防控工作',
      '  item 第三，科学调配医疗力量和重要物资',
      '  item 第四，加快科技研发攻关',
      '  item 第五，扩大国际和地区合作',
      '  item 第六，提高新闻舆论工作有效性',
      '  item 第七，切实维护社会稳定',
      'heading 三、关于统筹推进疫情防控和经济社会发展工作',
      '  item 第一，落实分区分级精准复工复产',
      '  item 第二，加大宏观政策调节力度',
      '  item 第三，全面强化稳就业举措',
      '  item 第四，坚决完成脱贫攻坚任务',
      '  item 第五，推动企业复工复产',
      '  item 第六，不失时机抓好春季农业生产',
      '  item 第七，切实保障基本民生',
      '  item 第八，稳住外贸外资基本盘',
      'heading 四、关于加强党对统筹推进疫情防控和经济社会发展工作的领导',
    ]);
  });

  it('section spans: a heading runs to its last line, narrative lines extend the section before them', () => {
    const [one, two, , four] = meetings[7].sections;
    assert.equal(seed.slice(one.span.start, one.span.end).split('\n')[0], '一、关于前一段疫情防控工作');
    assert.equal(seed[one.span.end], '\n');
    assert.equal(seed.slice(one.span.end + 1, two.span.start), '');
    // 七是 runs on over the two narrative paragraphs that follow it, up to heading 二.
    const seven = one.children[6];
    assert.equal(seven.span.end, one.span.end);
    // The last heading runs to the end of the speech.
    assert.equal(four.span.end, meetings[7].span.end);
    for (const s of meetings[7].sections) {
      assert.equal(seed.slice(s.nameSpan.start, s.nameSpan.end), s.name);
      for (const c of s.children) assert.ok(s.span.start <= c.span.start && c.span.end <= s.span.end);
    }
  });

  it('makes readout paragraphs opened by a cue into points, named by cue and first clause', () => {
    assert.deepEqual(outline(meetings[0].sections), [
      'point 会议决定：党中央成立应对疫情工作领导小组',
      'point 习近平指出：面对新型冠状病毒感染的肺炎疫情加快蔓延的严重形势',
      'point 会议强调：湖北省武汉市等地近期陆续发生新型冠状病毒感染的肺炎疫情以来',
      'point 会议指出：要分类指导各地做好疫情防控工作',
      'point 会议强调：要全力以赴救治感染患者',
      'point 会议指出：要依法科学有序防控',
      'point 会议强调：要及时准确、公开透明发布疫情',
    ]);
    const points = meetings[2].sections;
    assert.deepEqual(points.map((p) => p.marker), [
      '会议审议通过了', '习近平在讲话中强调', '习近平指出', '习近平强调', '会议指出', '会议强调',
    ]);
    assert.equal(points[1].name, '习近平在讲话中强调：当前，疫情防控正处于关键时期');
    // The two paragraphs that start mid-sentence after U+3000 spaces stay in the point before them.
    const m1 = meetings[1];
    const midSentence = seed.indexOf('\u3000\u3000身体健康');
    assert.ok(m1.sections.every((s) => !(s.span.start === seed.lastIndexOf('\n', midSentence) + 1)));
    const m4 = meetings[4];
    const macro = m4.sections.find((s) => s.name === '会议指出：要加大宏观政策调节力度')!;
    const continuation = seed.indexOf('\u3000\u3000化地方政府专项债券投向');
    assert.ok(macro.span.start < continuation && continuation < macro.span.end);
  });

  it('does not start meetings at body dates or at titles beginning 习近平：', () => {
    // 2月19日 opens the second paragraph of the Politburo readout: still one meeting, dated 21 Feb.
    assert.equal(meetings[6].date.iso, '2020-02-21');
    assert.equal(meetings.filter((m) => m.title.startsWith('习近平：')).length, 2);
  });
});

describe('reader: line endings', () => {
  const lf = seed;
  const cases: [string, string][] = [['CRLF', '\r\n'], ['CR', '\r']];
  const lfParsed = readCorpusText(lf);
  for (const [label, eol] of cases) {
    it(`${label} gives the same outline as LF with offsets into the original text`, () => {
      const text = lf.replace(/\n/g, eol);
      const parsed = readCorpusText(text);
      assert.deepEqual(parsed.meetings.map(summary), lfParsed.meetings.map(summary));
      assert.deepEqual(parsed.meetings.map((m) => outline(m.sections)), lfParsed.meetings.map((m) => outline(m.sections)));
      for (const m of parsed.meetings) {
        if (!m.title.includes('近期防控重点工作')) assert.equal(text.slice(m.titleSpan.start, m.titleSpan.end), m.title);
        const check = (s: Section): void => {
          const covered = text.slice(s.span.start, s.span.end);
          assert.ok(!covered.endsWith('\r') && !covered.endsWith('\n'), `${s.name} span ends before the terminator`);
          assert.ok(text.slice(s.nameSpan.start, s.nameSpan.end).startsWith(s.marker));
          s.children.forEach(check);
        };
        m.sections.forEach(check);
        if (m.date.span) assert.ok(/日/.test(text.slice(m.date.span.start, m.date.span.end)));
      }
    });
  }
});

describe('reader: inputs that must not break it', () => {
  type Case = { name: string; text: string; path?: string; meetings: number; untitled?: boolean; title?: string; problem?: RegExp };
  const table: Case[] = [
    { name: 'empty file', text: '', meetings: 0, problem: /empty file/ },
    { name: 'whitespace only', text: ' \n\u3000\r\n\t\n', meetings: 0, problem: /empty file/ },
    { name: 'no recognisable title', text: '这是一个段落，没有标题。\n又一个段落。\n', path: 'notes/随笔.txt', meetings: 1, untitled: true, title: '随笔', problem: /no title/ },
    { name: 'binary-looking text', text: '\u0000\u0001\u0002ELF\u0000\u0000\u0003\u0004', path: 'a.bin', meetings: 1, untitled: true, problem: /binary/ },
    { name: 'lone surrogates', text: '标题\uD800行 测试\n\n\uDC00中共中央政治局常务委员会2月3日召开会议\uD800，研究\uDFFF。\n会议强调\uD83D，要\uDE00努力。\n', meetings: 1, title: '标题\uD800行 测试' },
    { name: 'only a title', text: '中共中央政治局召开会议\n', meetings: 1, title: '中共中央政治局召开会议' },
    { name: 'title-like lines without a dated lead stay in the body', text: '第一篇文章的标题\n\n正文第一段。\n第二个像标题的行\n正文第二段，没有日期。\n', meetings: 1, title: '第一篇文章的标题' },
  ];
  for (const c of table) {
    it(c.name, () => {
      const parsed = readCorpusText(c.text, { path: c.path });
      assert.equal(parsed.meetings.length, c.meetings);
      if (c.untitled !== undefined) assert.equal(parsed.meetings[0].untitled, c.untitled);
      if (c.title !== undefined) assert.equal(parsed.meetings[0].title, c.title);
      if (c.problem) assert.ok(parsed.problems.some((p) => c.problem!.test(p.message)), JSON.stringify(parsed.problems));
    });
  }

  it('a dated lead confirms a title that directly follows a paragraph', () => {
    const text = [
      '中共中央政治局召开会议 研究经济工作',
      '中共中央政治局12月6日召开会议，分析研究经济工作。',
      '会议认为，今年以来经济运行总体平稳。',
      '习近平在北京考察时强调 推动高质量发展',
      '二〇一九年十二月八日，习近平来到北京考察，了解情况。',
      '习近平强调，要推动高质量发展。',
    ].join('\n');
    const parsed = readCorpusText(text, { path: '2019/12.txt' });
    assert.deepEqual(parsed.meetings.map(summary), [
      '2019-12-06 politburo 中共中央政治局召开会议 研究经济工作',
      '2019-12-08 inspection 习近平在北京考察时强调 推动高质量发展',
    ]);
    assert.deepEqual(outline(parsed.meetings[0].sections), ['point 会议认为：今年以来经济运行总体平稳']);
  });

  it('reads a 5,000,000-character single line quickly', () => {
    const line = '会议强调，' + '要'.repeat(5_000_000 - 5);
    const t0 = performance.now();
    const parsed = readCorpusText(line, { path: 'big.txt' });
    const ms = performance.now() - t0;
    console.log(`      5,000,000-character line: ${ms.toFixed(0)} ms`);
    assert.equal(parsed.meetings.length, 1);
    assert.equal(parsed.meetings[0].untitled, true);
    assert.equal(parsed.meetings[0].span.end, 5_000_000);
    assert.ok(ms < 1000, `took ${ms} ms`);
  });

  it('handles many lines that each look like a title', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `像标题一样的短行${i}`).join('\n');
    const t0 = performance.now();
    const parsed = readCorpusText(text);
    assert.equal(parsed.meetings.length, 1);
    assert.ok(performance.now() - t0 < 1000);
  });

  it('warns of a binary-looking text exactly when its first 8,192 characters hold a NUL or one control character in twenty', () => {
    const warned = (t: string) => readCorpusText(t).problems.some((p) => /binary/.test(p.message));
    // The definition: controls are the characters below U+0020 but tab, line feed, form feed and carriage return.
    const expected = (t: string) => {
      const sample = t.slice(0, 8192);
      const controls = [...sample].filter((ch) => ch.charCodeAt(0) < 0x20 && !'\t\n\f\r'.includes(ch)).length;
      return controls > 0 && (sample.includes('\u0000') || controls > sample.length / 20);
    };
    const ch = fc.oneof(fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), fc.constantFrom('中', '国', 'a', ' ', '\n'));
    fc.assert(
      // Some text besides: a file of nothing but blanks and controls is an empty file, which has no other problem.
      fc.property(fc.array(ch, { maxLength: 60 }), fc.integer({ min: 1, max: 9000 }), (chars, pad) => {
        const t = '会'.repeat(pad) + chars.join('');
        assert.equal(warned(t), expected(t));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on non-string input', () => {
    assert.deepEqual(readCorpusText(undefined as unknown as string).meetings, []);
  });
});

const govSuite = govReportsAvailable() ? describe : describe.skip;
govSuite('reader: government work reports 1954–2025 (a corpus nobody tuned for)', () => {
  const reports = govReportsAvailable() ? loadGovReports() : [];
  const FOOTER = /^(Public domain|false|法律|法规|、|》和《|。)$/;

  it('reads every record (72) as exactly one titled document', () => {
    assert.equal(reports.length, 72);
    for (const r of reports) {
      const parsed = readCorpusText(r.text, { path: r.fileName });
      assert.equal(parsed.meetings.length, 1, `${r.fileName}: ${parsed.meetings.map((m) => m.title).join(' | ')}`);
      const m = parsed.meetings[0];
      assert.equal(m.title, r.title);
      assert.equal(r.text.slice(m.titleSpan.start, m.titleSpan.end), r.title);
      assert.ok(!m.untitled);
      const names = outline(m.sections).map((l) => l.trim().replace(/^\S+ /, ''));
      for (const n of names) assert.ok(!FOOTER.test(n), `${r.fileName}: section named ${n}`);
    }
  });

  const byYear = (year: number) => reports.find((r) => r.year === year)!;
  const topLevel = (year: number) => readCorpusText(byYear(year).text).meetings[0].sections;

  const pinned: [number, string[]][] = [
    [1954, []],
    [1955, ['一、国家在过渡时期的总任务', '二、第一个五年计划概要', '三、第一個五年計劃的若幹問題', '四、为完成和超额完成第一个五年计划而奋斗']],
    [1979, ['一、伟大的历史性转变', '二、打好四个现代化的第一个战役', '三、加强社会主义民主和社会主义法制', '四、反对霸权主义、维护世界和平']],
    [1998, ['一、关于过去五年的政府工作', '二、关于1 9 9 8 年政府工作的建议', '三、关于国际形势和外交工作']],
    [2010, ['一、2009年工作回顾', '二、2010年主要任务']],
    [2025, ['一、2024年工作回顾', '二、2025年经济社会发展总体要求和政策取向', '三、2025年政府工作任务']],
  ];
  for (const [year, headings] of pinned) {
    it(`${year}: top-level headings`, () => {
      const sections = topLevel(year);
      assert.deepEqual(sections.map((s) => s.name), headings);
      assert.ok(sections.every((s) => s.kind === 'heading'));
    });
  }

  it('（一） sub-headings nest under their heading', () => {
    const counts: [number, number, number][] = [
      // year, heading index, number of （…） sub-headings under it
      [1955, 2, 9],
      [1979, 1, 5],
      [2010, 0, 4],
      [2010, 1, 8],
      [2025, 2, 10],
    ];
    for (const [year, h, n] of counts) {
      const subs = topLevel(year)[h].children.filter((c) => c.kind === 'subheading');
      assert.equal(subs.length, n, `${year} heading ${h}`);
    }
    const s2025 = topLevel(2025)[2].children;
    assert.equal(s2025[0].name, '（一）大力提振消费、提高投资效益，全方位扩大国内需求');
    assert.equal(s2025[9].name, '（十）加大保障和改善民生力度，提升社会治理效能');
    assert.deepEqual(topLevel(1998)[1].children.map((c) => c.marker), ['第一，', '第二，', '第三，', '第四，', '第五，', '第六，', '第七，', '第八，']);
  });

  it('written out as .txt files, each file decodes and reads as one document', () => {
    const dir = writeGovReports();
    try {
      const files = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
      assert.equal(files.length, 72);
      for (const f of files) {
        const decoded = decodeBytes(fs.readFileSync(path.join(dir, f)));
        assert.equal(decoded.encoding, 'utf-8');
        assert.equal(readCorpusText(decoded.text, { path: path.join(dir, f) }).meetings.length, 1, f);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a 决议 record is one document with no headings', () => {
    const resolution = reports.find((r) => r.title === '第十四届全国人民代表大会第一次会议关于政府工作报告的决议')!;
    const m = readCorpusText(resolution.text).meetings;
    assert.equal(m.length, 1);
    assert.ok(m[0].sections.every((s) => s.kind !== 'heading'));
  });

  it('measures ~10 MB (seed + reports repeated) — prints, does not assert', () => {
    const unit = seed + '\n' + reports.map((r) => r.text).join('\n\n');
    const copies = Math.ceil(10_000_000 / unit.length);
    const big = Array.from({ length: copies }, () => unit).join('\n');
    const t0 = performance.now();
    const parsed = readCorpusText(big);
    const ms = performance.now() - t0;
    console.log(`      ${(big.length / 1e6).toFixed(1)} M characters: ${parsed.meetings.length} meetings in ${ms.toFixed(0)} ms`);
  });
});

describe('reader: an open document read again where an edit changed it', () => {
  // Snippets that make, break or move documents: titles, date lines, bylines, leads, headings,
  // cues, line ends of all three kinds, blank lines, and a character outside the BMP.
  const PIECES = [
    '', '\n', '\r\n', '\r', '\n\n', '。', '，', '𠮷', '一、总体要求', '（一）', '会议强调，', '第一，', '新华社',
    '\n中共中央政治局常务委员会召开会议\n', '\n2020年2月3日\n', '\n中共中央政治局2月21日召开会议，研究疫情防控。\n',
    '\n习近平在湖北考察时强调\n', '二〇二〇年三月十日，习近平来到武汉。', '\n\n新华社\n\n',
  ];
  // Titles right after a paragraph (no blank line between), where the line before a title decides;
  // line ends of one kind, of the other, of all three mixed; a first document without a title.
  const dense = seed.replace(/\n[\s\u3000]*\n/g, '\n').slice(0, 14000);
  // Speeches whose title runs over two lines, then a date line, a byline and the lead: the
  // furthest the search for documents looks ahead.
  const speech = (n: number) => `在中央政治局常委会会议上的讲话${n}\n研究新冠肺炎疫情防控工作\n（2020年2月${n}日）\n习近平\n同志们，今天召开会议，研究疫情防控工作。\n一、总体要求\n要坚决遏制疫情蔓延势头。\n`;
  const speeches = Array.from({ length: 8 }, (_, n) => speech(n + 1)).join('');
  const bases = [seed, dense, speeches, speeches.replace(/\n/g, '\r\n'), dense.replace(/\n/g, '\r'), seed.slice(0, 6000).replace(/\n/g, '\r\n') + dense.slice(6000, 12000).replace(/\n/g, '\r'), '这是一个段落，没有标题。\n' + dense.slice(0, 9000)];
  const edit = fc.record({
    anchor: fc.constantFrom('anywhere', 'line start', 'line end', 'near a title'),
    at: fc.nat(),
    k: fc.nat({ max: 6 }),
    del: fc.oneof(fc.nat({ max: 2 }), fc.nat({ max: 60 })),
    piece: fc.constantFrom(...PIECES, '2月3日', '二〇二〇年三月十日，', '。\n'),
    paste: fc.option(fc.record({ from: fc.nat(), length: fc.nat({ max: 400 }) }), { freq: 4 }),
  });
  /** Where an edit lands: anywhere, at a line's start or just before its end, or a few lines into a meeting (its header, date line, lead). */
  function place(text: string, e: { anchor: string; at: number; k: number }): number {
    const at = e.at % (text.length + 1);
    const eol = /[\r\n]/g;
    if (e.anchor === 'line start' || e.anchor === 'line end') {
      eol.lastIndex = at;
      const m = eol.exec(text);
      if (!m) return text.length;
      return e.anchor === 'line end' ? Math.max(0, m.index - (e.k % 3)) : m.index + 1;
    }
    if (e.anchor === 'near a title') {
      const meetings = readCorpusText(text).meetings;
      if (meetings.length === 0) return at;
      let p = meetings[e.at % meetings.length].span.start;
      for (let j = 0; j < e.k; j++) {
        eol.lastIndex = p;
        const m = eol.exec(text);
        if (!m) break;
        p = m.index + 1;
      }
      return p;
    }
    return at;
  }

  it('gives what reading the whole new text gives, edit after edit (meetings, sections, dates, problems)', function () {
    this.timeout(180000);
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(edit, { minLength: 1, maxLength: 6 }), (start, edits) => {
        const options = { path: 'corpus/2020/readouts.txt' };
        let text = start;
        let reading = readOpenDocument(text, options);
        for (const e of edits) {
          let at = place(text, e);
          if (at > 0 && at < text.length && /[\uDC00-\uDFFF]/.test(text[at])) at--;
          let end = Math.min(text.length, at + e.del);
          if (end > 0 && end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end++;
          // Or a paste of a stretch of the text itself (whole meetings, titles and all).
          const from = (e.paste?.from ?? 0) % (text.length + 1);
          const piece = e.paste ? text.slice(from, from + e.paste.length).replace(/^[\uDC00-\uDFFF]/, '').replace(/[\uD800-\uDBFF]$/, '') : e.piece;
          const next = text.slice(0, at) + piece + text.slice(end);
          reading = readOpenDocument(next, options, { reading, edit: changedStretch(text, next) });
          assert.deepEqual(reading.parsed, readCorpusText(next, options));
          text = next;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads again only around the edit: an edit in the middle of a long document costs its neighbourhood', () => {
    const long = seed.repeat(200);
    const options = { path: 'long.txt' };
    const first = readOpenDocument(long, options);
    const at = long.indexOf('会议强调', long.length >> 1);
    const next = long.slice(0, at) + '年' + long.slice(at);
    const again = readOpenDocument(next, options, { reading: first, edit: changedStretch(long, next) });
    assert.deepEqual(again.parsed, readCorpusText(next, options));
    // Meetings before the edit are the very objects of the first reading; none was read again but the edited one and its neighbour.
    const before = first.parsed.meetings.filter((m) => m.span.end < at);
    assert.ok(before.length > 1000);
    const reused = again.parsed.meetings.filter((m) => first.parsed.meetings.includes(m)).length;
    assert.ok(reused >= before.length - 2, `${reused} of ${before.length} reused`);
  });
});
