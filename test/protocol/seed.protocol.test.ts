// The server over stdio on the seed corpus, as any LSP client sees it.

import * as assert from 'node:assert/strict';
import { DocumentSymbol, Hover, Location, SymbolInformation, MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient, REPO } from './lspClient';
import { SEED, CORPUS, seedText, uriOf, positionAt, offsetsOf } from './fixtures';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

describe('language server on the seed corpus (stdio)', function () {
  let client: LspTestClient;
  const text = seedText();
  const uri = uriOf(SEED);

  before(async function () {
    client = await LspTestClient.start({ folder: REPO });
    await client.waitForIndex();
  });
  after(async () => client?.stop());

  const hoverAt = (offset: number) => client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, offset) });
  const hoverText = (h: Hover | null) => (h ? (h.contents as MarkupContent).value : '');

  it('reports indexing through work-done progress with file counts', () => {
    const messages = client.progress.map((p) => p.value.message ?? '');
    assert.ok(messages.some((m) => /^Indexing corpus \d+\/\d+$/.test(m)), messages.join(' | '));
    assert.equal(client.progress[client.progress.length - 1].value.kind, 'end');
  });

  it('hover on 四个意识 gives its definition and names its four parts', async () => {
    const h = hoverText(await hoverAt(text.indexOf('四个意识') + 1));
    for (const part of ['政治意识', '大局意识', '核心意识', '看齐意识']) assert.ok(h.includes(part), `missing ${part} in ${h}`);
    assert.match(h, /Four/i);
    assert.match(h, /mentions? in \*\*\d+\*\* of 12 meetings/);
  });

  it('hover inside 国务院联防联控机制 is about the longest term', async () => {
    const at = text.indexOf('国务院联防联控机制');
    assert.ok(at >= 0);
    const h = await hoverAt(at + 4); // on 联防联控
    assert.ok(hoverText(h).startsWith('**国务院联防联控机制**'), hoverText(h).slice(0, 80));
    assert.deepEqual(h!.range!.start, positionAt(text, at));
  });

  it('hover on an ordinary word gives its corpus statistics without a definition', async () => {
    const at = text.indexOf('医务人员');
    const h = hoverText(await hoverAt(at + 1));
    assert.match(h, /mentions? in \*\*\d+\*\* of 12 meetings/);
  });

  it('F12 on 联防联控 in the 12 February meeting lands on its first mention, in the 25 January meeting', async () => {
    const meetingStart = text.indexOf('2月12日召开会议');
    // The standalone mention (the meeting's other one is inside 国务院联防联控机制, a longer term).
    const at = text.indexOf('联防联控、群防群控', meetingStart);
    assert.ok(at > meetingStart && at < text.indexOf('习近平主持召开中央全面深化改革委员会'));
    const loc = await client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position: positionAt(text, at) });
    assert.ok(loc);
    const first = text.indexOf('联防联控');
    assert.ok(first < text.indexOf('2月3日召开会议'), 'first mention is in the first meeting');
    assert.equal(loc.uri, uri);
    assert.deepEqual(loc.range.start, positionAt(text, first));
  });

  it('F12 on the first mention itself opens the glossary entry', async () => {
    const first = text.indexOf('联防联控');
    const loc = await client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position: positionAt(text, first) });
    assert.ok(loc && loc.uri.endsWith('/corpus/glossary.yaml'), JSON.stringify(loc));
  });

  it('Shift+F12 lists every mention in chronological order: 联防联控 24, 复工复产 34', async () => {
    for (const [term, count] of [['联防联控', 24], ['复工复产', 34]] as const) {
      assert.equal(offsetsOf(text, term).length, count, 'the plain count of the string agrees');
      const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: positionAt(text, text.indexOf(term)), context: { includeDeclaration: true } });
      assert.equal(refs.length, count, term);
      assert.deepEqual(refs.map((r) => r.range.start), offsetsOf(text, term).map((o) => positionAt(text, o)));
    }
  });

  it('the Outline shows 12 meetings with ISO dates, and the speech has 一、二、三、四 with items', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 12);
    assert.deepEqual(
      symbols.map((s) => s.detail!.slice(0, 10)),
      ['2020-01-25', '2020-02-03', '2020-02-05', '2020-02-10', '2020-02-12', '2020-02-14', '2020-02-21', '2020-02-23', '2020-02-26', '2020-03-02', '2020-03-04', '2020-03-06'],
    );
    const speech = symbols[7];
    assert.equal(speech.name, '在统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议上的讲话');
    assert.equal(speech.detail, '2020-02-23 · speech · date: stated');
    assert.deepEqual(speech.children!.map((c) => c.name.slice(0, 2)), ['一、', '二、', '三、', '四、']);
    assert.deepEqual(speech.children!.map((c) => c.children!.length), [7, 7, 8, 0]);
    assert.equal(symbols[8].name, '中共中央政治局常务委员会召开会议 分析新冠肺炎疫情形势研究近期防控重点工作');
  });

  it('Ctrl+T finds the speech by 2月23日, 2020-02-23 and 0223, and 六稳 as a glossary term', async () => {
    for (const q of ['2月23日', '2020-02-23', '0223']) {
      const hits = await client.request<SymbolInformation[]>('workspace/symbol', { query: q });
      assert.ok(hits.length > 0 && hits[0].name.startsWith('在统筹推进新冠肺炎疫情防控'), `${q}: ${hits[0]?.name}`);
    }
    const six = await client.request<SymbolInformation[]>('workspace/symbol', { query: '六稳' });
    assert.equal(six[0].name, '六稳');
    assert.ok(six[0].location.uri.endsWith('glossary.yaml'));
    const gloss = (parse(readFileSync(path.join(CORPUS, 'glossary.yaml'), 'utf8')).terms as { term: string; gloss: string }[]).find((t) => t.term === '六稳')!.gloss;
    const english = await client.request<SymbolInformation[]>('workspace/symbol', { query: gloss.toLowerCase() });
    assert.ok(english.some((s) => s.name === '六稳'), english.map((s) => s.name).join(','));
  });

  it('folding ranges cover meetings and sections', async () => {
    const ranges = await client.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(ranges.some((r) => r.startLine === 0 && r.endLine >= 10));
    assert.ok(ranges.length > 12);
  });

  it('semantic tokens mark glossary terms', async () => {
    const tokens = await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } });
    assert.ok(tokens.data.length >= 5 * 50);
    // Decode (line delta, char delta, length, type, modifiers): only the first 联防联控 carries firstMention.
    const decoded: { line: number; character: number; length: number; modifiers: number }[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, length, , modifiers] = tokens.data.slice(i, i + 5);
      line += dl;
      character = dl === 0 ? character + dc : dc;
      decoded.push({ line, character, length, modifiers });
    }
    const at = (offset: number) => decoded.find((t) => t.line === positionAt(text, offset).line && t.character === positionAt(text, offset).character);
    const mentions = offsetsOf(text, '联防联控').filter((o) => !text.startsWith('国务院联防联控机制', o - 3));
    assert.equal(at(mentions[0])!.modifiers & 1, 1, 'the first mention is marked');
    assert.equal(at(mentions[1])!.modifiers & 1, 0, 'later mentions are not');
  });
});
