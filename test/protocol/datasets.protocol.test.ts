// Datasets over stdio: the government work reports (a JSONL file of 72 records) dropped into a
// corpus folder are 72 documents under `corpus-record:` URIs, dated by their year, with hovers,
// first mentions, references and trends over them; a broken dataset is read but for its broken lines.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentSymbol, Hover, Location, MarkupContent, SymbolInformation } from 'vscode-languageserver-protocol';
import { LspTestClient } from './lspClient';
import { offsetsOf, positionAt, tempCorpus, uriOf } from './fixtures';
import { govReportsAvailable, GOV_REPORTS_JSONL } from '../unit/fixtures/govReports';

interface MeetingRow {
  uri: string;
  indexInFile: number;
  title: string;
  date: string | null;
  dateSource: string;
  line: number;
}
interface Trend {
  meetings: { uri: string; date: string | null; title: string }[];
  series: { query: string; counts: number[]; total: number }[];
}

const TERM = '一带一路';

describe('datasets: the government work reports as a JSONL file in the corpus (stdio)', function () {
  let client: LspTestClient;
  let dir: string;
  let meetings: MeetingRow[];
  const records: { title: string; content: string; year: number | string | null }[] = govReportsAvailable()
    ? fs.readFileSync(GOV_REPORTS_JSONL, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l))
    : [];
  /** The record's text as the server sends it (`corpusStudy/recordText`), by URI. */
  const texts = new Map<string, string>();

  before(async function () {
    if (!govReportsAvailable()) this.skip();
    dir = tempCorpus({}, false);
    fs.copyFileSync(GOV_REPORTS_JSONL, path.join(dir, 'corpus', path.basename(GOV_REPORTS_JSONL)));
    client = await LspTestClient.start({ folder: dir });
    await client.waitForIndex();
    meetings = await client.request<MeetingRow[]>('corpusStudy/meetings', {});
    for (const m of meetings) texts.set(m.uri, (await client.request<{ text: string; title: string }>('corpusStudy/recordText', { uri: m.uri })).text);
  });
  after(async () => {
    await client?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('72 documents, one per record, each under a corpus-record: URI with its title and text', async () => {
    const status = await client.request<{ meetings: number; files: number }>('corpusStudy/status', {});
    assert.equal(status.meetings, 72);
    assert.equal(meetings.length, 72);
    const byTitle = new Map(records.map((r) => [r.title, r]));
    for (const m of meetings) {
      assert.match(m.uri, /^corpus-record:\/.*\/government_work_reports_1954_2025\.jsonl\/\d+\/.+$/);
      const r = byTitle.get(m.title);
      assert.ok(r, `a record is titled ${m.title}`);
      assert.equal(texts.get(m.uri), r!.content, m.title);
    }
    assert.equal(new Set(meetings.map((m) => m.uri)).size, 72);
  });

  it('dated by year: a record with a year is dated in that year; the dates go up', () => {
    const byTitle = new Map(records.map((r) => [r.title, r]));
    for (const m of meetings) {
      const year = byTitle.get(m.title)!.year;
      if (year !== null && year !== '') {
        assert.equal(m.date?.slice(0, 4), String(year), m.title);
        assert.ok(['metadata', 'stated', 'inferred-year'].includes(m.dateSource), `${m.title}: ${m.dateSource}`);
      }
    }
    const report2024 = meetings.find((m) => m.title === '2024年中华人民共和国国务院政府工作报告')!;
    // Its text states the day: `——2024年3月5日在第十四届全国人民代表大会第二次会议上`.
    assert.equal(report2024.date, '2024-03-05');
    const dated = meetings.filter((m) => m.date).map((m) => m.date!);
    assert.deepEqual(dated, [...dated].sort());
    assert.equal(meetings[0].title, '1954年中华人民共和国国务院政府工作报告');
  });

  it(`a hover on ${TERM} inside a record, opened with the text the server gives, is the term's`, async () => {
    const uri = meetings.find((m) => m.title === '2015年中华人民共和国国务院政府工作报告')!.uri;
    const text = texts.get(uri)!;
    await client.open(uri, text);
    const at = text.indexOf(TERM);
    assert.ok(at >= 0);
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, at + 1) });
    const value = (h?.contents as MarkupContent | undefined)?.value ?? '';
    assert.ok(value.startsWith(`**${TERM}**`), value.slice(0, 80));
    assert.match(value, /mentions? in \*\*\d+\*\* of 72 meetings/);
    // The first mention's link opens the record through the client's command (hovers follow no corpus-record: link).
    assert.match(value, /First: \[2015-[\d-]+ · 2015年中华人民共和国国务院政府工作报告\]\(command:corpusStudy\.openMeeting\?/);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0].name, '2015年中华人民共和国国务院政府工作报告');
    assert.ok(symbols[0].children!.length >= 3, 'the report\'s sections');
    assert.ok(symbols[0].children!.some((s) => s.name.startsWith('一、')));
    await client.close(uri);
  });

  it(`references to ${TERM} land on corpus-record: URIs, on every occurrence; the first mention is the earliest record`, async () => {
    const uri = meetings.find((m) => m.title === '2015年中华人民共和国国务院政府工作报告')!.uri;
    const text = texts.get(uri)!;
    const position = positionAt(text, text.indexOf(TERM) + 1);
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } });
    assert.ok(refs.length >= 40, `${refs.length} references`);
    assert.ok(refs.every((r) => r.uri.startsWith('corpus-record:')));
    for (const [u, t] of texts) {
      for (const off of offsetsOf(t, TERM)) {
        const p = positionAt(t, off);
        assert.ok(refs.some((r) => r.uri === u && r.range.start.line === p.line && r.range.start.character <= p.character && (r.range.end.line > p.line || r.range.end.character >= p.character + TERM.length)), `a reference covers ${u} at ${p.line}:${p.character}`);
      }
    }
    // Asked from a later record (on the first mention itself, it goes to the glossary entry).
    const later = meetings.find((m) => m.title === '2024年中华人民共和国国务院政府工作报告')!.uri;
    const laterText = texts.get(later)!;
    const first = await client.request<Location | Location[] | null>('textDocument/definition', { textDocument: { uri: later }, position: positionAt(laterText, laterText.indexOf(TERM) + 1) });
    const loc = Array.isArray(first) ? first[0] : first;
    assert.ok(loc && loc.uri.startsWith('corpus-record:'));
    const firstMeeting = meetings.find((m) => m.uri === loc.uri)!;
    assert.equal(firstMeeting.title, '2015年中华人民共和国国务院政府工作报告');
    assert.deepEqual(loc.range.start, positionAt(text, text.indexOf(TERM)));
  });

  it(`a trend of ${TERM} over the records, by year; facets narrow it to the records of some years`, async () => {
    const t = await client.request<Trend>('corpusStudy/trend', { terms: [TERM] });
    assert.equal(t.meetings.length, 72);
    const s = t.series[0];
    const refsTotal = s.counts.reduce((a, b) => a + b, 0);
    assert.equal(s.total, refsTotal);
    const years = t.meetings.map((m, i) => (s.counts[i] > 0 ? m.date?.slice(0, 4) : undefined)).filter(Boolean);
    assert.ok(years.every((y) => y! >= '2015'), `years with mentions: ${years.join(' ')}`);
    const narrowed = await client.request<Trend>('corpusStudy/trend', { terms: [TERM], facets: { year: [2024, '2025'] } });
    assert.deepEqual(narrowed.meetings.map((m) => m.title), ['2024年中华人民共和国国务院政府工作报告', '2025年中华人民共和国国务院政府工作报告']);
    const concordance = await client.request<{ total: number; rows: { uri: string }[] }>('corpusStudy/concordance', { query: TERM, facets: { year: '2024' } });
    assert.ok(concordance.rows.every((r) => r.uri === narrowed.meetings[0].uri));
  });

  it('workspace symbols find a record by its title', async () => {
    const hits = await client.request<SymbolInformation[]>('workspace/symbol', { query: '2024年中华人民共和国国务院政府工作报告' });
    const hit = hits.find((h) => h.name === '2024年中华人民共和国国务院政府工作报告');
    assert.ok(hit && hit.location.uri.startsWith('corpus-record:'));
  });
});

describe('datasets: broken files, settings and changes on disk (stdio)', function () {
  let client: LspTestClient;
  let dir: string;
  after(async () => {
    await client?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a broken line is a diagnostic on the dataset; the other records are documents; field names from the settings; a change on disk is read again', async () => {
    dir = tempCorpus({
      'a.jsonl': '{"title":"甲","body":"联防联控第一。","when":"2020-02-03","src":"x"}\n{"title":"乙","body": "坏\n{"title":"丙","body":"联防联控第三。","when":"2020年2月5日","src":"y"}\n',
      'b.csv': '标题,正文,日期\n"丁","第一段\n\n第二段，""引号""。",2020-03-01\n',
    }, false);
    client = await LspTestClient.start({ folder: dir, settings: { datasetFields: { text: 'body', date: 'when' } } });
    await client.waitForIndex();
    const meetings = await client.request<MeetingRow[]>('corpusStudy/meetings', {});
    assert.deepEqual(meetings.map((m) => `${m.date} ${m.dateSource} ${m.title}`), ['2020-02-03 metadata 甲', '2020-02-05 metadata 丙', '2020-03-01 metadata 丁']);
    const ding = meetings.find((m) => m.title === '丁')!;
    assert.equal((await client.request<{ text: string }>('corpusStudy/recordText', { uri: ding.uri })).text, '第一段\n\n第二段，"引号"。');
    const diags = client.diagnostics.get(uriOf(path.join(dir, 'corpus', 'a.jsonl')));
    assert.ok(diags && diags.diagnostics.length === 1, JSON.stringify(diags));
    assert.equal(diags.diagnostics[0].range.start.line, 1);
    assert.match(diags.diagnostics[0].message, /Not a JSON record/);
    // A facet from a field the settings do not name.
    const t = await client.request<Trend>('corpusStudy/trend', { terms: ['联防联控'], facets: { src: 'y' } });
    assert.deepEqual(t.meetings.map((m) => m.title), ['丙']);
    // The file fixed on disk: its second record joins, the diagnostic goes.
    const file = path.join(dir, 'corpus', 'a.jsonl');
    fs.writeFileSync(file, '{"title":"甲","body":"联防联控第一。","when":"2020-02-03","src":"x"}\n{"title":"乙","body":"第二。","when":"2020-02-04"}\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file), type: 2 }] });
    const deadline = Date.now() + 20000;
    let titles: string[] = [];
    while (Date.now() < deadline) {
      titles = (await client.request<MeetingRow[]>('corpusStudy/meetings', {})).map((m) => m.title);
      if (titles.join() === '甲,乙,丁') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(titles, ['甲', '乙', '丁']);
    assert.equal(client.diagnostics.get(uriOf(file))?.diagnostics.length, 0);
    // Deleted: its records leave.
    fs.rmSync(file);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file), type: 3 }] });
    while (Date.now() < deadline + 10000) {
      titles = (await client.request<MeetingRow[]>('corpusStudy/meetings', {})).map((m) => m.title);
      if (titles.join() === '丁') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(titles, ['丁']);
  });
});

describe('datasets: a restart (stdio)', function () {
  let dir: string;
  let storage: string;
  after(() => {
    for (const d of [dir, storage]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('puts the records back from the index snapshot, with their titles, dates and facets; a changed field is read again', async function () {
    if (!govReportsAvailable()) this.skip();
    dir = tempCorpus({}, false);
    storage = fs.mkdtempSync(path.join(path.dirname(dir), 'corpus-study-storage-'));
    const dataset = path.join(dir, 'corpus', 'reports.jsonl');
    const lines = fs.readFileSync(GOV_REPORTS_JSONL, 'utf8').split('\n').filter((l) => l.trim()).slice(0, 6);
    fs.writeFileSync(dataset, lines.join('\n') + '\n');
    const run = async () => {
      const client = await LspTestClient.start({ folder: dir, initializationOptions: { storagePath: storage } });
      try {
        await client.waitForIndex();
        const status = await client.request<{ restoredFiles?: number }>('corpusStudy/status', {});
        const meetings = await client.request<MeetingRow[]>('corpusStudy/meetings', {});
        const trend = await client.request<Trend>('corpusStudy/trend', { terms: ['高质量发展'], facets: { year: 2024 } });
        return { restored: status.restoredFiles ?? 0, meetings: meetings.map((m) => `${m.date} ${m.dateSource} ${m.title}`), trend: trend.meetings.map((m) => m.title) };
      } finally {
        await client.stop();
      }
    };
    const cold = await run();
    assert.equal(cold.meetings.length, 6);
    assert.deepEqual(cold.trend, ['2024年中华人民共和国国务院政府工作报告']);
    const warm = await run();
    assert.equal(warm.restored, 6);
    assert.deepEqual(warm, { ...cold, restored: 6 });
    // The same text (and URI) with another year: its date and facet are the new ones, not the snapshot's.
    fs.writeFileSync(dataset, lines.map((l) => l.replace('"year": "2024"', '"year": "2023"')).join('\n') + '\n');
    const changed = await run();
    assert.equal(changed.restored, 6);
    assert.ok(changed.meetings.includes('2023-01-01 metadata 2024年中华人民共和国国务院政府工作报告'), changed.meetings.join('\n'));
    assert.deepEqual(changed.trend, []);
  });
});
