// Corpus text with HTML, script and Markdown in it is shown as text: hovers escape it (the
// "First: …" link's meeting title included), and "Add to glossary" writes it as a YAML string.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeAction, DocumentSymbol, Hover, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { tempCorpus, uriOf, positionAt } from '../protocol/fixtures';
import { hoverText, startWatched, waitReady, WatchedServer } from './harness';
import { addToGlossaryEdit } from '../../server/src/features/codeActions';
import { escapeMarkdown } from '../../server/src/features/lsp';
import { parseGlossary } from '../../server/src/core/glossary';

// At most 90 characters, or it is not a title.
const TITLE = '政治局会议<script>alert(1)</script>**加粗**[点我](javascript:alert(1))![图](http://x/y.png)';
const HOSTILE = [
  TITLE,
  '',
  // Dated before the seed, so this meeting is every term's first mention and its title is in "First: …".
  '中共中央政治局2019年1月1日召开会议。会议强调，要坚持联防联控，落实“防控<script>措施”和“**重点**”和“[防控](x)”要求，<img src=x onerror=alert(1)>，[链接](javascript:alert(1))，![图](http://x/y.png)。',
  '会议指出，要坚持联防联控，落实“防控<script>措施”和“**重点**”和“[防控](x)”要求，做好复工复产。',
  '',
].join('\n');

// markdown-it comes with @vscode/vsce; rendering with HTML on is stricter than VS Code's hover.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (o: object) => { render(s: string): string };
const render = (md: string) => new MarkdownIt({ html: true, linkify: false }).render(md);

/** Hover Markdown that can only show text: no HTML, no links or images but our own. */
function assertInert(md: string): void {
  const ours = /\]\((?:file:\/\/\/[^)\s]*|command:corpusStudy\.[^)]*)\)/g;
  const withoutOurLinks = md.replace(ours, ']');
  assert.ok(!withoutOurLinks.includes('<'), `raw < in ${md}`);
  assert.ok(!/(?<!\\)\]\(/.test(withoutOurLinks), `unescaped ]( in ${md}`);
  assert.ok(!/(?<!\\)!\[/.test(md), `unescaped ![ in ${md}`);
  assert.ok(!md.includes('**加粗**') && !md.includes('**重点**'), `emphasis from the corpus in ${md}`);
  const html = render(md);
  assert.ok(!/<(script|img|iframe|svg)/i.test(html), `HTML came through: ${html}`);
  for (const m of html.matchAll(/<a href="([^"]*)"/g)) assert.match(m[1], /^(file:|command:corpusStudy\.)/, `link to ${m[1]}`);
  assert.ok(!/javascript:alert/.test(html.replace(/>[^<]*</g, '><')), `javascript: in an attribute: ${html}`);
}

describe('hostile text is shown as text', function () {
  this.timeout(60000);
  let dir: string;
  let server: WatchedServer;
  let uri: string;

  before(async () => {
    dir = tempCorpus({ 'hostile.txt': HOSTILE });
    uri = uriOf(path.join(dir, 'corpus', 'hostile.txt'));
    server = await startWatched({ folder: dir });
    await server.client.waitForIndex();
    await waitReady(server.client);
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const hover = async (needle: string, nth = 0) => {
    let at = -1;
    for (let i = 0; i <= nth; i++) at = HOSTILE.indexOf(needle, at + 1);
    return hoverText(await server.client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(HOSTILE, at + 1) }));
  };

  it('the hostile title is read as a meeting, and the outline gives it as plain text', async () => {
    const s = await server.client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(s.length, 1);
    assert.equal(s[0].name, TITLE);
    assert.match(s[0].detail ?? '', /^2019-01-01/);
  });

  it('a glossary term hover whose "First: …" link names the hostile meeting is escaped', async () => {
    const md = await hover('联防联控');
    assert.ok(md.startsWith('**联防联控**'), md);
    assert.ok(md.includes('First: [2019-01-01 · '), md);
    assert.ok(md.includes('&lt;script&gt;'), md);
    assertInert(md);
  });

  it('quoted candidate terms with markup, and words next to it, hover as text', async () => {
    const shown: string[] = [];
    for (const needle of ['防控<script>措施', '**重点**', '[防控](x)', '复工复产', '要求']) {
      const md = await hover(needle);
      if (md) shown.push(md);
      assertInert(md);
    }
    assert.ok(shown.some((m) => m.includes('防控&lt;script&gt;措施')), shown.join('\n---\n'));
    server.assertHealthy();
  });

  it('escapeMarkdown leaves no active Markdown or HTML in any of the hostile strings', () => {
    for (const s of [TITLE, HOSTILE, '`code`', '<a href="javascript:x">a</a>', '&lt;script&gt;', '# heading', '| a | b |', '~~x~~', '_i_', 'a\nb\r\nc']) {
      const md = escapeMarkdown(s);
      assert.ok(!md.includes('<') && !/[\r\n]/.test(md), md);
      const html = render(md);
      assert.equal(html.replace(/^<p>|<\/p>\n$/g, '').includes('<'), false, `${s} → ${html}`);
    }
  });

  it('"Add to glossary" on a term with YAML syntax in it writes a valid entry for exactly that term', async () => {
    const glossary = fs.readFileSync(path.join(dir, 'corpus', 'glossary.yaml'), 'utf8');
    for (const term of ['防控<script>措施', '**重点**', '[防控](x)', '&anchor 词', '"引号"', "'单引号'", '# 注释', 'a: b', '- 列表', '{x}', '@符号', '`反引号`', '%指令', '|竖线', '>大于', '!标签', '  空格  ']) {
      const edit = addToGlossaryEdit(term, { uri: 'file:///g.yaml', text: glossary });
      const text = glossary + (edit.changes!['file:///g.yaml'][0] as TextEdit).newText.replace('zh: ""', 'zh: 定义').replace('en: ""', 'en: Definition');
      const g = parseGlossary(text, 'g.yaml');
      assert.equal(g.fatal, false, `${term}: ${JSON.stringify(g.problems.slice(0, 2))}`);
      assert.equal(g.entries[g.entries.length - 1].term, term.trim(), term);
    }
    // Through the server: the code action on the quoted candidate carries the same edit.
    const at = HOSTILE.indexOf('防控<script>措施') + 1;
    const actions = await server.client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: positionAt(HOSTILE, at), end: positionAt(HOSTILE, at) },
      context: { diagnostics: [] },
    });
    const add = actions.find((a) => a.title.includes('防控<script>措施'));
    assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
    const edit = add!.edit as WorkspaceEdit;
    const [[target, edits]] = Object.entries(edit.changes!);
    assert.ok(target.endsWith('/glossary.yaml'));
    const after = parseGlossary(glossary + edits[0].newText.replace('zh: ""', 'zh: 定义').replace('en: ""', 'en: Definition'), 'g.yaml');
    assert.equal(after.entries[after.entries.length - 1].term, '防控<script>措施');
  });
});
