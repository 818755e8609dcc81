// The interface in English and Chinese: every bundle and table has the same keys in both languages
// (and no stray ones), the server's problems are recognized and given in Chinese, and the hover,
// lenses and outline speak the language they are asked for.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MarkupContent } from 'vscode-languageserver';
import { HELP } from '../../server/src/cliHelp';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { decodeBytes } from '../../server/src/core/decode';
import { Glossary, parseGlossary } from '../../server/src/core/glossary';
import { readCorpusText } from '../../server/src/core/reader';
import { JiebaSegmenter } from '../../server/src/core/segmenter';
import { runToEnd } from '../../server/src/core/study/slices';
import { codeLensSteps } from '../../server/src/features/codeLens';
import { fileDiagnostics, glossaryDiagnostics } from '../../server/src/features/diagnostics';
import { provideDocumentSymbols } from '../../server/src/features/documentSymbols';
import { provideHover } from '../../server/src/features/hover';
import { languageFromEnv, languageOf, localizeProblem, MESSAGE_TABLES, translate } from '../../server/src/l10n';

const REPO = path.resolve(__dirname, '..', '..', '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO, file), 'utf8')) as Record<string, unknown>;
const keys = (o: object) => Object.keys(o).sort();
/** The `{0}`, `{1}` … of a message, as a sorted list. */
const placeholders = (s: string) => [...new Set(s.match(/\{\d+\}/g) ?? [])].sort();
const CJK = /[\u4e00-\u9fff]/;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Every `l10n.t('…')` message in the client's source; a call with anything but one quoted literal first fails. */
function clientMessages(): Set<string> {
  const found = new Set<string>();
  for (const file of filesUnder(path.join(REPO, 'client', 'src'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const call of text.matchAll(/l10n\.t\(/g)) {
      const literal = /^l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/.exec(text.slice(call.index));
      assert.ok(literal, `${path.relative(REPO, file)}: l10n.t( without a single-quoted message literal: ${text.slice(call.index, call.index + 60)}`);
      found.add(literal[1].replace(/\\(.)/g, '$1'));
    }
  }
  return found;
}

describe('l10n: bundles and tables', () => {
  it('every %key% of package.json is in package.nls.json, which has no key package.json does not use', () => {
    const manifest = fs.readFileSync(path.join(REPO, 'package.json'), 'utf8');
    const used = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
    const nls = readJson('package.nls.json');
    assert.ok(used.size >= 20, `${used.size} keys`);
    for (const k of used) assert.ok(k in nls, `package.json uses %${k}%, which package.nls.json lacks`);
    for (const k of Object.keys(nls)) assert.ok(used.has(k), `package.nls.json has the stray key ${k}`);
  });

  it('package.nls.zh-cn.json has a Chinese entry for every key of package.nls.json, and no other', () => {
    const nls = readJson('package.nls.json');
    const zh = readJson('package.nls.zh-cn.json');
    assert.deepEqual(keys(zh), keys(nls));
    for (const [k, v] of Object.entries(zh)) assert.ok(typeof v === 'string' && v.trim() !== '', `empty ${k}`);
    for (const k of Object.keys(nls).filter((k) => !/title$|displayName/.test(k))) assert.match(zh[k] as string, CJK, `${k} is not in Chinese`);
  });

  it('the l10n bundle has a Chinese entry for each message of l10n.t in client/src, and no stray one', () => {
    const messages = clientMessages();
    assert.ok(messages.size > 100, `${messages.size} messages`);
    const bundle = readJson(path.join('l10n', 'bundle.l10n.zh-cn.json'));
    for (const m of messages) assert.ok(m in bundle, `no Chinese for the client's message ${JSON.stringify(m)}`);
    for (const k of Object.keys(bundle)) assert.ok(messages.has(k), `the bundle's key ${JSON.stringify(k)} is not a message of client/src`);
    for (const [k, v] of Object.entries(bundle)) assert.deepEqual(placeholders(v as string), placeholders(k), `placeholders of ${JSON.stringify(k)}`);
  });

  it('package.json names the l10n folder, and the .vsix ships it and the nls files', () => {
    assert.equal(readJson('package.json').l10n, './l10n');
    const ignore = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split(/\r?\n/);
    for (const line of ['!package.nls.json', '!package.nls.*.json', '!l10n/**']) assert.ok(ignore.includes(line), `.vscodeignore lacks ${line}`);
  });

  it("the server's table has the same keys in English and Chinese, with the same placeholders", () => {
    assert.deepEqual(keys(MESSAGE_TABLES.zh), keys(MESSAGE_TABLES.en));
    for (const [k, en] of Object.entries(MESSAGE_TABLES.en)) {
      const zh = MESSAGE_TABLES.zh[k];
      assert.ok(zh.trim() !== '', `empty ${k}`);
      assert.deepEqual(placeholders(zh), placeholders(en), `placeholders of ${k}`);
    }
  });

  it("the CLI's help has the same topics in both languages, and each names the same options", () => {
    assert.deepEqual(keys(HELP.zh), keys(HELP.en));
    const options = (s: string) => [...new Set(s.match(/--[a-z][a-zA-Z]*/g) ?? [])].sort();
    for (const topic of Object.keys(HELP.en) as (keyof typeof HELP.en)[]) {
      assert.deepEqual(options(HELP.zh[topic]), options(HELP.en[topic]), `options in the help of ${topic}`);
      assert.match(HELP.zh[topic], CJK);
    }
  });
});

describe('l10n: which language', () => {
  it('a zh-* locale is Chinese; anything else, or none, is English', () => {
    for (const l of ['zh', 'zh-cn', 'zh-CN', 'zh-tw', 'zh_CN.UTF-8', 'zh_TW.Big5', 'zh_CN@pinyin']) assert.equal(languageOf(l), 'zh', l);
    for (const l of [undefined, null, '', 'en', 'en-US', 'C', 'POSIX', 'de-DE', 'zhx', 'C.UTF-8']) assert.equal(languageOf(l), 'en', String(l));
  });

  it('the command line: LC_ALL over LC_MESSAGES over LANG; an empty variable counts as unset', () => {
    assert.equal(languageFromEnv({ LANG: 'zh_CN.UTF-8' }), 'zh');
    assert.equal(languageFromEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' }), 'en');
    assert.equal(languageFromEnv({ LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' }), 'zh');
    assert.equal(languageFromEnv({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }), 'zh');
    assert.equal(languageFromEnv({ LC_MESSAGES: 'zh_CN.UTF-8', LC_ALL: 'C' }), 'en');
    assert.equal(languageFromEnv({ LANG: 'zh_CN.UTF-8', LC_ALL: '' }), 'zh');
    assert.equal(languageFromEnv({}), 'en');
  });

  it('messages fill their placeholders; an unknown category or kind reads as its words', () => {
    assert.equal(translate('en', 'progress.indexing', 3, 12), 'Indexing corpus 3/12');
    assert.equal(translate('zh', 'progress.indexing', 3, 12), '正在建立索引 3/12');
    assert.equal(translate('zh', 'lens.distinctive', '脱贫攻坚 · 决战'), '特征词：脱贫攻坚 · 决战');
  });
});

describe('l10n: problems in Chinese at the diagnostics edge', () => {
  /** Problems as the core writes them, from real input. */
  const coreProblems = (): string[] => {
    // GB18030 bytes of the seed (an iconv fixture: Node has no GB18030 encoder).
    const gb = new Uint8Array(fs.readFileSync(path.join(REPO, 'test', 'unit', 'fixtures', 'seed.gb18030.txt')));
    const glossary = [
      'terms:',
      '  - term: 四',
      '    zh: 一',
      '    en: one',
      '    gloss: One',
      '  - term: 联防联控',
      '    category: nonsense',
      '    colour: red',
      '    see: [不存在的条目]',
      '  - term: 联防联控',
      '    zh: 二',
      '    en: two',
      '    gloss: Two',
      '    category: mechanism',
    ].join('\n');
    return [
      ...decodeBytes(gb).problems,
      ...decodeBytes(new Uint8Array([0x41, 0x00, 0x42, 0x43])).problems,
      ...decodeBytes(new Uint8Array([0xe4, 0xb8, 0xad, 0xff, 0xe4, 0xb8, 0xad])).problems,
      ...readCorpusText('').problems,
      ...readCorpusText('这一行不是标题。\n会议指出，要做好工作。\n').problems,
      ...parseGlossary(glossary, 'glossary.yaml').problems,
      ...parseGlossary('terms: [\n', 'broken.yaml').problems,
    ].map((p) => p.message);
  };

  it('the problems the decoder, reader and glossary parser write are given in Chinese', () => {
    const messages = coreProblems();
    assert.ok(messages.length >= 10, messages.join('\n'));
    for (const m of messages) {
      const zh = localizeProblem('zh', m);
      assert.notEqual(zh, m, `not recognized: ${m}`);
      assert.match(zh, CJK, m);
      assert.equal(localizeProblem('en', m), m);
    }
  });

  it('the facts inside a message are kept; a message it does not know stays as it is', () => {
    assert.equal(localizeProblem('zh', 'invalid UTF-8 bytes at byte 1234, shown as \ufffd'), '第 1234 字节处有无效的 UTF-8 字节，显示为 \ufffd');
    assert.equal(
      localizeProblem('zh', 'Alias 「联控」 of 「联防联控」 is already an alias of 「群防群控」; an alias may belong to one entry only.'),
      '「联防联控」的别名「联控」已是「群防群控」的别名；一个别名只能属于一个条目。',
    );
    assert.equal(localizeProblem('zh', 'not a text file: it contains a NUL byte at byte 7'), '不是文本文件：第 7 字节为 NUL 字节');
    assert.equal(localizeProblem('zh', 'Something new happened.'), 'Something new happened.');
  });

  it('diagnostics of a file and of a glossary come in the language asked for', () => {
    const index = new CorpusIndex(new JiebaSegmenter());
    index.upsertFile({ uri: 'file:///c/empty.txt', path: '/c/empty.txt', text: '' });
    const file = index.file('file:///c/empty.txt')!;
    assert.deepEqual(fileDiagnostics(file).map((d) => d.message), ['empty file: no text to read']);
    assert.deepEqual(fileDiagnostics(file, 'zh').map((d) => d.message), ['空文件：没有可读的文本']);
    const text = 'terms:\n  - term: 四\n    zh: 一\n    en: one\n    gloss: One\n';
    const g = parseGlossary(text, 'glossary.yaml');
    assert.match(glossaryDiagnostics(text, g.problems, 'zh')[0].message, /^术语「四」只有一个字/);
    assert.match(glossaryDiagnostics(text, g.problems)[0].message, /^Term 「四」 has one character/);
  });
});

describe('l10n: hover, lenses and outline in either language', () => {
  const SEED = fs.readFileSync(path.join(REPO, 'corpus', '000_0e5442cdf73d87c8.txt'), 'utf8');
  const GLOSSARY = parseGlossary(fs.readFileSync(path.join(REPO, 'corpus', 'glossary.yaml'), 'utf8'), 'glossary.yaml');
  const URI = 'file:///corpus/000_0e5442cdf73d87c8.txt';
  const index = new CorpusIndex(new JiebaSegmenter());
  index.setGlossary(new Glossary([GLOSSARY]));
  index.upsertFile({ uri: URI, path: '/corpus/000_0e5442cdf73d87c8.txt', text: SEED });
  index.segmentFile(URI);
  const file = index.file(URI)!;
  const at = (needle: string) => file.lines.positionAt(SEED.indexOf(needle) + 1);
  const hover = (needle: string, language?: 'en' | 'zh', indexing = false) => (provideHover(index, URI, at(needle), { language, indexing })?.contents as MarkupContent).value;
  const entry = GLOSSARY.entries.find((e) => e.term === '四个意识')!;
  // The hover escapes Markdown; these definitions have nothing to escape but the odd full stop.
  const plain = (md: string) => md.replace(/\\(.)/g, '$1');

  it('in Chinese a glossary hover leads with the Chinese definition and keeps the gloss and English below', () => {
    const h = plain(hover('四个意识', 'zh'));
    assert.ok(h.startsWith('**四个意识** · *数字概括提法*'), h.slice(0, 60));
    assert.match(h, /共 4 项：政治意识、大局意识、核心意识、看齐意识/);
    const zh = h.indexOf(entry.zh);
    const en = h.indexOf(entry.en);
    assert.ok(zh > 0 && en > zh, 'the Chinese definition comes before the English');
    assert.ok(h.indexOf(entry.gloss) > zh, 'the gloss goes with the English, below');
    assert.match(h, /提出：2016-01-29 · 中共中央政治局会议/);
    assert.match(h, /出现 \*\*\d+\*\* 次，见于 \*\*\d+\*\*\/12 次会议/);
    assert.match(h, /首次出现：\[2020-/);
    assert.match(h, /\[语境共现\]\(command:corpusStudy\.concordance\?/);
    assert.match(h, /\[历时趋势\]\(command:corpusStudy\.trend\?/);
    assert.doesNotMatch(h, /mentions? in|First:|Introduced:|parts:/);
  });

  it('in English (the default) the gloss and English definition lead, the Chinese follows', () => {
    for (const h of [plain(hover('四个意识', 'en')), plain(hover('四个意识'))]) {
      assert.ok(h.startsWith(`**四个意识** · ${entry.gloss} · *numbered formula*`), h.slice(0, 80));
      const zh = h.indexOf(entry.zh);
      const en = h.indexOf(entry.en);
      assert.ok(en > 0 && zh > en, 'the English definition comes before the Chinese');
      assert.match(h, /4 parts: 政治意识/);
      assert.match(h, /Introduced: 2016-01-29/);
      assert.match(h, /\*\*\d+\*\* mentions? in \*\*\d+\*\* of 12 meetings/);
      assert.match(h, /\[Concordance\]\(command:corpusStudy\.concordance\?/);
    }
  });

  it('a word, a candidate term, and the note while indexing, in Chinese', () => {
    // 召开 first stands in a title: the document's kind and date lead, then the word.
    assert.match(hover('召开', 'zh'), /^\*政治局常委会会议\* · 2020-01-25 · 日期：1月25日, 年份系推断\n\n\*\*召开\*\* · 词语/);
    // 医务人员 was a candidate until the stoplist of generic phrases: 推诿扯皮 still is.
    assert.match(hover('推诿扯皮', 'zh'), /^\*\*推诿扯皮\*\* · \*未收录术语\*（识别依据：并列结构） · \[添加到术语表\]\(command:corpusStudy\.addToGlossary\?/);
    assert.match(hover('推诿扯皮', 'en'), /^\*\*推诿扯皮\*\* · \*undefined term\* \(found as parallel list\) · \[Add to glossary\]/);
    assert.match(hover('联防联控', 'zh', true), /语料库索引建立后显示出现次数/);
  });

  it('CodeLens titles and the outline in Chinese', () => {
    // The distinctive-terms lenses (the compare lens beside each is resolved when shown).
    const lenses = runToEnd(codeLensSteps(index, URI, 'zh')).filter((l) => l.command);
    assert.equal(lenses.length, 12);
    for (const l of lenses) assert.match(l.command!.title, /^特征词：/);
    assert.ok(runToEnd(codeLensSteps(index, URI)).filter((l) => l.command).every((l) => l.command!.title.startsWith('Distinctive:')));
    const symbols = provideDocumentSymbols(index, URI, 'zh');
    assert.match(symbols[0].detail!, /^2020-01-25 · 政治局常委会会议 · 日期：年份系推断$/);
    assert.match(provideDocumentSymbols(index, URI)[0].detail!, /^2020-01-25 · standing-committee · date: year inferred$/);
  });
});
