// What the reader decides about a file before it reads it (front matter, one document per line)
// and about single lines (subtitle, byline, roundup title, inline header), and the kinds.

import * as assert from 'node:assert/strict';
import { readFrontMatter } from '../../server/src/core/text/frontMatter';
import { holdsLineDocuments, readFileShape } from '../../server/src/core/text/fileShape';
import { isByline, isRoundupTitle, isSalutation, isSubtitle, parseInlineHeader } from '../../server/src/core/text/titleBlocks';
import { classify, MEETING_KINDS } from '../../server/src/core/kinds';
import { readCorpusText } from '../../server/src/core/reader';

describe('front matter', () => {
  it('reads flat fields, quotes, comments, lists and blocks; the body starts after it', () => {
    const text = '---\ntitle: "习近平：在庆祝大会上的讲话"\ndate: 2021-07-01 # 建党百年\nkind: speech\ntags: [讲话, 庆祝大会]\nplaces:\n  - 北京\n  - 天安门广场\nnote: |\n  第一行\n  第二行\nempty:\n---\n正文。\n';
    const fm = readFrontMatter(text)!;
    assert.deepEqual(fm.fields, { title: '习近平：在庆祝大会上的讲话', date: '2021-07-01', kind: 'speech', tags: '讲话, 庆祝大会', places: '北京, 天安门广场', note: '第一行\n第二行', empty: '' });
    assert.equal(text.slice(fm.bodyStart), '正文。\n');
    assert.equal(text.slice(fm.span.start, fm.span.end).split('\n').length, 13);
    assert.equal(text.slice(fm.valueSpans.kind.start, fm.valueSpans.kind.end), 'speech');
    assert.deepEqual(fm.problems, []);
  });

  const none: [string, string][] = [
    ['no opening line', '标题\n---\n'],
    ['no closing line', '---\ntitle: 标题\n正文。\n'],
    ['text after the dashes', '--- 标题\ntitle: x\n---\n'],
    ['a horizontal rule in the body', '正文。\n\n---\n\n正文。\n'],
  ];
  for (const [name, text] of none) it(`none: ${name}`, () => assert.equal(readFrontMatter(text), undefined));

  it('CRLF and a BOM; a line that is not a field is a problem, not an exception', () => {
    const fm = readFrontMatter('\ufeff---\r\ntitle: 标题\r\n这不是字段\r\n...\r\n正文')!;
    assert.deepEqual(fm.fields, { title: '标题' });
    assert.equal(fm.problems.length, 1);
    assert.equal(fm.span.start, 1);
  });

  it('a front matter kind that is not a known kind stays a facet only', () => {
    const parsed = readCorpusText('---\nkind: 新闻综述\n---\n标题一\n\n正文，2月3日召开会议。\n');
    assert.equal(parsed.meetings[0].kind, 'other');
    assert.equal(parsed.meetings[0].facets?.kind, '新闻综述');
  });
});

describe('one document per line', () => {
  const R = '\u3000\u3000';
  const long = (t: string) => t + R + '同志们：' + R + '会议强调，要'.repeat(40) + '。' + R + '第二段，' + '要'.repeat(200) + '。';
  const table: [string, string, boolean][] = [
    ['four speeches, one per line', [long('讲话一'), long('讲话二'), long('讲话三'), long('讲话四')].join('\n'), true],
    ['one long line', long('讲话'), true],
    ['blank lines between them', [long('讲话一'), '', long('讲话二')].join('\n'), true],
    ['paragraphs indented at the start of their lines', `标题\n\n${R}第一段，内容。\n${R}第二段，内容。\n`, false],
    ['one line of many with a run inside', ['标题', '', long('正文'), '第二段，内容。', '第三段，内容。'].join('\n'), false],
    ['news items whose paragraphs were joined on one line', ['标题一', '', long('正文'), '', '标题二', '', long('正文')].join('\n'), false],
    ['three of four lines with paragraphs', [long('讲话一'), long('讲话二'), '同志们：今天我们召开会议。', long('讲话四')].join('\n'), true],
    ['spaced name, single U+3000', '习\u3000近\u3000平\n正文，内容。', false],
    ['empty', '', false],
  ];
  for (const [name, text, expected] of table) it(name, () => assert.equal(holdsLineDocuments(text), expected));

  it('the sample is bounded: a 20-million-character file with no line break is looked at once', () => {
    const text = '要'.repeat(20_000_000);
    const t0 = performance.now();
    assert.equal(readFileShape(text, 'a.txt').lineDocuments, false);
    assert.ok(performance.now() - t0 < 500);
  });
});

describe('title block lines', () => {
  it('subtitles', () => {
    for (const t of ['——在中国共产党第二十次全国代表大会上的报告', '——2024年3月5日在第十四届全国人民代表大会第二次会议上', '—— 在庆祝大会上的讲话']) assert.ok(isSubtitle(t), t);
    for (const t of ['——经济总体回升向好。国内生产总值超过126万亿元', '在大会上的报告', '—']) assert.ok(!isSubtitle(t), t);
  });
  it('bylines', () => {
    for (const t of ['习近平', '习　近　平', '李　强', '李克强']) assert.ok(isByline(t), t);
    for (const t of ['国务院总理　李克强', '同志们：', '习', '中华人民共和国']) assert.ok(!isByline(t), t);
  });
  it('roundup titles', () => {
    for (const t of ['国内联播快讯', '国际联播快讯', '联播快讯', '【国内联播快讯】', '新闻速览']) assert.ok(isRoundupTitle(t), t);
    for (const t of ['国内联播快讯发布新规', '快讯：某地发生地震']) assert.ok(!isRoundupTitle(t), t);
  });
  it('salutations', () => {
    for (const t of ['同志们：', '同志们，朋友们：', '各位代表：', '女士们、先生们：', '亲爱的同学们：', '尊敬的主席先生，']) assert.ok(isSalutation(t), t);
    for (const t of ['同志们的努力得到了肯定。', '各位代表团成员出席会议。']) assert.ok(!isSalutation(t), t);
  });
  it('inline headers: title, date line, speaker; or title ※ speaker', () => {
    const a = parseInlineHeader('在全国抗击新冠肺炎疫情表彰大会上的讲话（2020年9月8日）习近平', 100)!;
    assert.equal(a.title, '在全国抗击新冠肺炎疫情表彰大会上的讲话');
    assert.deepEqual([a.titleStart, a.titleEnd, a.date?.raw], [100, 100 + a.title.length, { year: 2020, month: 9, day: 8 }]);
    const b = parseInlineHeader('在庆祝中国共产党成立100周年大会上的讲话※习近平', 0)!;
    assert.deepEqual([b.title, b.date], ['在庆祝中国共产党成立100周年大会上的讲话', undefined]);
    assert.equal(parseInlineHeader('同志们：今天（2020年9月8日）我们在这里集会。', 0), undefined);
    assert.equal(parseInlineHeader('在大会上的讲话（2020年9月8日）', 0)?.title, '在大会上的讲话');
    // Whole in its paragraph (a speaker after it at most), or running on into the text.
    assert.deepEqual([a.whole, b.whole, parseInlineHeader('在大会上的讲话（2020年9月8日）习　近　平', 0)?.whole], [true, true, true]);
    const c = parseInlineHeader('在大会上的讲话※习近平\u3000同志们：今天我们召开会议。', 0)!;
    assert.deepEqual([c.title, c.whole], ['在大会上的讲话', false]);
  });
});

describe('kinds', () => {
  const table: [string, string, string][] = [
    ['中共中央政治局常务委员会召开会议 研究疫情防控工作', '', 'standing-committee'],
    ['习近平在北京考察时强调 推动高质量发展', '', 'inspection'],
    ['人民日报评论员文章：凝聚共识 共创未来', '', 'commentary'],
    ['【央视快评】为世界经济发展注入新动力', '', 'commentary'],
    ['周会明：扎根雪域高原 守望公正', '周会明是一名基层法官。', 'profile'],
    ['江西：推进乡村振兴', '本台消息，江西省…', 'news'],
    ['【时代楷模】张桂梅：用爱点亮山区女孩的梦想', '', 'profile'],
    ['习近平致信祝贺中国人民大学建校80周年', '', 'letter'],
    ['习近平复信北京大学援鄂医疗队全体“90后”党员', '', 'letter'],
    ['习近平向第二届世界互联网大会致贺电', '', 'letter'],
    ['2025年中华人民共和国国务院政府工作报告', '', 'report'],
    ['中共中央办公厅 国务院办公厅印发《关于推进乡村振兴的意见》', '', 'document'],
    ['中华人民共和国数据安全法', '', 'document'],
    ['第十四届全国人民代表大会第一次会议关于政府工作报告的决议', '', 'document'],
    ['中国共产党第十九届中央委员会第六次全体会议公报', '', 'communique'],
    ['中央经济工作会议在北京举行 习近平李克强作重要讲话', '', 'conference'],
    ['十三届全国人大四次会议在京闭幕', '', 'conference'],
    ['在统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议上的讲话', '', 'speech'],
    ['《习近平在厦门》《习近平在宁德》出版发行', '本台消息，两本书即日起在全国发行。', 'news'],
    ['7月24日新增新冠肺炎确诊病例34例', '7月24日0—24时，报告新增确诊病例34例。', 'other'],
    ['李克强会见出席中国发展高层论坛的境外代表', '', 'other'],
  ];
  for (const [title, lead, kind] of table) it(`${title} → ${kind}`, () => assert.equal(classify(title, lead), kind));

  it('news files make news of what fits nothing else; a report subtitle makes a report', () => {
    assert.equal(classify('7月24日新增新冠肺炎确诊病例34例', '', { newsFile: true }), 'news');
    assert.equal(classify('决胜全面建成小康社会　夺取新时代中国特色社会主义伟大胜利', '同志们：', { subtitle: '——在中国共产党第十九次全国代表大会上的报告', dateLineAndByline: true }), 'report');
    assert.ok(MEETING_KINDS.includes('other') && MEETING_KINDS.length === 15);
  });
});
