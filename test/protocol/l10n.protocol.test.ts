// The server speaks the client's language (initialize's `locale`), as any LSP client sees it; the
// command line follows LC_ALL / LC_MESSAGES / LANG and --lang.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeLens, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient, REPO } from './lspClient';
import { CORPUS, SEED, positionAt, seedText, tempCorpus, uriOf } from './fixtures';

const LANGUAGES = [
  {
    locale: 'zh-cn',
    title: '建立语料库索引',
    indexing: /^正在建立索引 \d+\/\d+$/,
    hoverHead: '**四个意识** · *数字概括提法*',
    hoverStats: /出现 \*\*\d+\*\* 次，见于 \*\*\d+\*\*\/12 次会议/,
    first: '首次出现：[',
    links: ['[语境共现](command:corpusStudy.concordance?', '[历时趋势](command:corpusStudy.trend?'],
    lens: /^特征词：/,
    compareLens: /^对比 2020-02-26 政治局常委会会议：新增 \d+ · 删去 \d+$/,
    empty: '空文件：没有可读的文本',
  },
  {
    locale: 'en',
    title: 'Indexing corpus',
    indexing: /^Indexing corpus \d+\/\d+$/,
    hoverHead: '**四个意识** · Four Consciousnesses · *numbered formula*',
    hoverStats: /\*\*\d+\*\* mentions? in \*\*\d+\*\* of 12 meetings/,
    first: 'First: [',
    links: ['[Concordance](command:corpusStudy.concordance?', '[Trend](command:corpusStudy.trend?'],
    lens: /^Distinctive: /,
    compareLens: /^Compared with 2020-02-26 standing-committee: \d+ new · \d+ dropped$/,
    empty: 'empty file: no text to read',
  },
];

for (const lang of LANGUAGES) {
  describe(`language server with locale "${lang.locale}" (stdio)`, function () {
    let client: LspTestClient;
    let folder: string;
    const text = seedText();
    let uri: string;

    before(async function () {
      folder = tempCorpus({ 'empty.txt': '' });
      uri = uriOf(path.join(folder, 'corpus', path.basename(SEED)));
      client = await LspTestClient.start({ folder, locale: lang.locale });
      await client.waitForIndex();
    });
    after(async () => {
      await client?.stop();
      if (folder) fs.rmSync(folder, { recursive: true, force: true });
    });

    it('reports indexing progress in that language', () => {
      const begin = client.progress.find((p) => p.value.kind === 'begin');
      assert.equal(begin?.value.title, lang.title);
      const messages = client.progress.map((p) => p.value.message ?? '');
      assert.ok(messages.some((m) => lang.indexing.test(m)), messages.join(' | '));
    });

    it('gives the hover labels in that language', async () => {
      const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('四个意识') + 1) });
      const md = (h!.contents as MarkupContent).value;
      assert.ok(md.startsWith(lang.hoverHead), md.slice(0, 80));
      assert.match(md, lang.hoverStats);
      assert.ok(md.includes(lang.first), md);
      for (const link of lang.links) assert.ok(md.includes(link), `${link} in ${md}`);
    });

    it('titles the CodeLens in that language', async () => {
      const lenses = (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).filter((l) => l.command);
      assert.equal(lenses.length, 12);
      for (const l of lenses) assert.match(l.command!.title, lang.lens);
      // The compare lens over the 4 March title (the 11th meeting), resolved as an editor resolves the lenses it shows.
      const compare = (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } })).filter((l) => !l.command);
      const resolved = await client.request<CodeLens>('codeLens/resolve', compare[10]);
      assert.match(resolved.command!.title, lang.compareLens);
    });

    it('gives diagnostics in that language', () => {
      const d = client.diagnostics.get(uriOf(path.join(folder, 'corpus', 'empty.txt')));
      assert.deepEqual(d?.diagnostics.map((x) => x.message), [lang.empty]);
    });
  });
}

describe('corpus-study CLI in English and Chinese', function () {
  this.timeout(60000);
  const CLI = path.join(REPO, 'server', 'out', 'cli.js');
  const run = (env: Record<string, string>, ...args: string[]) => {
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: REPO, env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: '', ...env } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  it('the help follows LANG (zh_CN.UTF-8: Chinese; C: English)', () => {
    const zh = run({ LANG: 'zh_CN.UTF-8' }, '--help');
    assert.equal(zh.code, 0);
    assert.ok(zh.out.startsWith('corpus-study：在命令行中研读中文会议文本语料'), zh.out);
    assert.match(zh.out, /用法：corpus-study <命令> \[选项\]/);
    assert.match(zh.out, /kwic <检索词> <目录>\s+语境共现/);
    const en = run({ LANG: 'C' }, '--help');
    assert.equal(en.code, 0);
    assert.match(en.out, /^corpus-study: study a corpus of Chinese meeting texts/);
    assert.match(en.out, /Usage: corpus-study <command> \[options\]/);
  });

  it('LC_ALL wins over LANG, and LC_MESSAGES over LANG', () => {
    assert.match(run({ LANG: 'zh_CN.UTF-8', LC_ALL: 'en_US.UTF-8' }, '--help').out, /^corpus-study: study/);
    assert.match(run({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }, '--help').out, /^corpus-study：/);
  });

  it('--lang en|zh overrides the environment, before or after the command', () => {
    assert.match(run({ LANG: 'C' }, '--lang', 'zh', '--help').out, /^corpus-study：/);
    assert.match(run({ LANG: 'zh_CN.UTF-8' }, '--lang=en', '--help').out, /^corpus-study: study/);
    const kwicZh = run({ LANG: 'C' }, 'kwic', '--help', '--lang', 'zh');
    assert.equal(kwicZh.code, 0);
    assert.match(kwicZh.out, /^用法：corpus-study kwic <检索词> <目录>/);
    assert.match(run({ LANG: 'zh_CN.UTF-8' }, 'kwic', '--help', '--lang', 'en').out, /^Usage: corpus-study kwic <query> <dir>/);
    const bad = run({}, '--lang', 'fr', '--help');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--lang must be en or zh, not 'fr'/);
  });

  it('notes and errors in Chinese: the hit count of kwic, an unknown command', () => {
    const k = run({ LANG: 'zh_CN.UTF-8' }, 'kwic', '联防联控', CORPUS);
    assert.equal(k.code, 0, k.err);
    assert.match(k.err, /术语 联防联控 共 24 处/);
    // The rows themselves are corpus text, the same in either language.
    assert.equal(k.out, run({ LANG: 'C' }, 'kwic', '联防联控', CORPUS).out);
    const u = run({ LANG: 'zh_CN.UTF-8' }, 'frobnicate', CORPUS);
    assert.equal(u.code, 2);
    assert.match(u.err, /未知命令 'frobnicate'/);
  });
});
