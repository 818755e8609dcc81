// The study requests over stdio on the seed, with every figure counted here from the text.

import * as assert from 'node:assert/strict';
import { Range } from 'vscode-languageserver-protocol';
import { LspTestClient, REPO } from './lspClient';
import { SEED, seedText, uriOf, positionAt, offsetsOf } from './fixtures';

interface MeetingInfo {
  uri: string;
  index: number;
  rank: number;
  date: string | null;
  title: string;
  kind: string;
  chars: number;
}
interface Row {
  uri: string;
  start: number;
  end: number;
  range: Range;
  left: string;
  hit: string;
  right: string;
  leftWord: string;
  rightWord: string;
  meeting: MeetingInfo | null;
}
interface Concordance {
  matchedAs: string;
  term?: string;
  total: number;
  unfiltered: number;
  rows: Row[];
}
interface Trend {
  meetings: MeetingInfo[];
  series: { query: string; counts: number[]; per10k: number[]; total: number; dispersion: { position: number; uri: string; range: Range }[][] }[];
}
interface Distinctive {
  meeting: MeetingInfo;
  tokens: number;
  restTokens: number;
  items: { text: string; kind: string; count: number; rest: number; g2: number; logRatio: number }[];
}
interface Collocates {
  hits: number;
  window: number;
  collocates: { word: string; freq: number; left: number; right: number; corpusFreq: number; mi: number; g2: number; logDice: number }[];
}
interface MeetingRow {
  uri: string;
  indexInFile: number;
  date: string;
  kind: string;
  line: number;
}

const count = (text: string, s: string) => text.split(s).length - 1;

describe('study requests on the seed corpus (stdio)', function () {
  let client: LspTestClient;
  const text = seedText();
  const uri = uriOf(SEED);
  let meetings: MeetingRow[];
  /** The seed cut at the title lines the server reports: the text of each meeting, by date. */
  let slices: string[];

  before(async function () {
    client = await LspTestClient.start({ folder: REPO });
    await client.waitForIndex();
    meetings = await client.request<MeetingRow[]>('corpusStudy/meetings', {});
    const lines = text.split('\n');
    const lineStart = (l: number) => lines.slice(0, l).reduce((n, s) => n + s.length + 1, 0);
    const starts = meetings.map((m) => lineStart(m.line));
    slices = starts.map((s, i) => text.slice(s, starts[i + 1] ?? text.length));
  });
  after(async () => client?.stop());

  it('corpusStudy/concordance: 联防联控 gives 24 rows, one per plain occurrence, with LSP ranges on the hit', async () => {
    const c = await client.request<Concordance>('corpusStudy/concordance', { query: '联防联控' });
    assert.equal(c.matchedAs, 'term');
    assert.equal(c.total, 24);
    assert.equal(c.rows.length, count(text, '联防联控'));
    assert.deepEqual(
      c.rows.map((r) => r.range.start).sort((a, b) => a.line - b.line || a.character - b.character),
      offsetsOf(text, '联防联控').map((o) => positionAt(text, o)),
    );
    for (const r of c.rows) {
      assert.equal(r.uri, uri);
      assert.equal(text.slice(r.start, r.end), '联防联控');
      assert.deepEqual(r.range.end, positionAt(text, r.end));
      assert.ok(r.meeting && r.meeting.date);
    }
    // Date order.
    const dates = c.rows.map((r) => r.meeting!.date!);
    assert.deepEqual(dates, [...dates].sort());
  });

  it('corpusStudy/concordance: any string, filters by kind and date, word sorting and paging', async () => {
    const s = await client.request<Concordance>('corpusStudy/concordance', { query: '人民战争' });
    assert.equal(s.total, count(text, '人民战争'));
    const kinds = ['inspection', 'speech'];
    const filtered = await client.request<Concordance>('corpusStudy/concordance', { query: '联防联控', kinds });
    const expected = meetings.reduce((n, m, i) => n + (kinds.includes(m.kind) ? count(slices[i], '联防联控') : 0), 0);
    assert.equal(filtered.total, expected);
    assert.equal(filtered.unfiltered, 24);
    assert.ok(filtered.rows.every((r) => kinds.includes(r.meeting!.kind)));
    const march = await client.request<Concordance>('corpusStudy/concordance', { query: '复工复产', dateFrom: '2020-03-01', dateTo: '2020-03-31' });
    assert.equal(march.total, meetings.reduce((n, m, i) => n + (m.date >= '2020-03-01' ? count(slices[i], '复工复产') : 0), 0));
    const right = await client.request<Concordance>('corpusStudy/concordance', { query: '联防联控', sort: 'right' });
    const collator = new Intl.Collator('zh');
    for (let i = 1; i < right.rows.length; i++) assert.ok(collator.compare(right.rows[i - 1].rightWord, right.rows[i].rightWord) <= 0);
    const page = await client.request<Concordance>('corpusStudy/concordance', { query: '联防联控', sort: 'right', offset: 20, limit: 10 });
    assert.deepEqual(page.rows, right.rows.slice(20));
  });

  it('corpusStudy/concordance rejects a request without a query', async () => {
    await assert.rejects(client.request('corpusStudy/concordance', {}), /query/);
  });

  it('corpusStudy/trend: per-meeting counts equal plain counts in each meeting’s text; per 10,000 characters', async () => {
    const t = await client.request<Trend>('corpusStudy/trend', { terms: ['联防联控', '复工复产', '脱贫攻坚'] });
    assert.equal(t.meetings.length, 12);
    assert.deepEqual(t.meetings.map((m) => m.date), meetings.map((m) => m.date));
    for (const s of t.series) {
      assert.deepEqual(s.counts, slices.map((sl) => count(sl, s.query)), s.query);
      assert.equal(s.total, count(text, s.query));
      s.counts.forEach((n, i) => {
        // The meeting's characters: its slice without the blank lines before the next title.
        assert.ok(Math.abs(t.meetings[i].chars - slices[i].trimEnd().length) <= 2, `${t.meetings[i].chars} vs ${slices[i].trimEnd().length}`);
        assert.ok(Math.abs(s.per10k[i] - (n * 10000) / t.meetings[i].chars) < 0.001);
      });
      // Dispersion: each hit's range is on the term, its position inside its meeting.
      s.dispersion.forEach((hits, i) => {
        assert.equal(hits.length, s.counts[i]);
        for (const h of hits) {
          assert.ok(h.position >= 0 && h.position < 1);
          assert.equal(h.range.start.line >= meetings[i].line, true);
        }
      });
    }
  });

  it('corpusStudy/distinctiveTerms: the 6 March symposium is about poverty alleviation (脱贫攻坚 in the top 3)', async () => {
    const last = meetings[meetings.length - 1];
    assert.equal(last.date, '2020-03-06');
    const d = await client.request<Distinctive>('corpusStudy/distinctiveTerms', { uri: last.uri, meeting: last.indexInFile });
    const top3 = d.items.slice(0, 3).map((i) => i.text);
    assert.ok(top3.includes('脱贫攻坚'), top3.join(' '));
    const item = d.items.find((i) => i.text === '脱贫攻坚')!;
    assert.equal(item.count, count(slices[11], '脱贫攻坚'));
    assert.equal(item.rest, count(text, '脱贫攻坚') - item.count);
    const limited = await client.request<Distinctive>('corpusStudy/distinctiveTerms', { uri: last.uri, meeting: last.indexInFile, limit: 5, minFrequency: 10 });
    assert.equal(limited.items.length <= 5, true);
    assert.ok(limited.items.every((i) => i.count >= 10));
  });

  it('corpusStudy/distinctiveTerms: the 23 February speech stands out for the economy (unemployment, supply chains, foreign trade)', async () => {
    const i = meetings.findIndex((m) => m.date === '2020-02-23');
    const d = await client.request<Distinctive>('corpusStudy/distinctiveTerms', { uri: meetings[i].uri, meeting: meetings[i].indexInFile });
    assert.match(d.meeting.title, /统筹推进新冠肺炎疫情防控和经济社会发展/);
    const top15 = d.items.slice(0, 15);
    for (const w of ['失业', '产业链', '外贸']) {
      const item = top15.find((x) => x.text === w);
      assert.ok(item, `${w} not in ${top15.map((x) => x.text).join(' ')}`);
      assert.equal(item.count, count(slices[i], w));
      assert.equal(item.rest, 0);
    }
  });

  it('corpusStudy/distinctiveTerms answers null for a meeting that does not exist', async () => {
    assert.equal(await client.request('corpusStudy/distinctiveTerms', { uri, meeting: 99 }), null);
  });

  it('corpusStudy/collocates: 联防联控 goes with 群防群控 and 群防群治', async () => {
    const r = await client.request<Collocates>('corpusStudy/collocates', { term: '联防联控' });
    assert.equal(r.hits, 24);
    assert.equal(r.window, 5);
    const words = r.collocates.map((c) => c.word);
    assert.ok(words.includes('群防群控') && words.includes('群防群治'), words.join(' '));
    // Each written 联防联控、群防群X is a co-occurrence one word to the right.
    const qz = r.collocates.find((c) => c.word === '群防群治')!;
    assert.ok(qz.right >= count(text, '联防联控、群防群治'));
    const bigWindow = await client.request<Collocates>('corpusStudy/collocates', { term: '联防联控', window: 10, sort: 'logDice', limit: 5 });
    assert.equal(bigWindow.window, 10);
    assert.equal(bigWindow.collocates.length, 5);
    for (let k = 1; k < 5; k++) assert.ok(bigWindow.collocates[k - 1].logDice >= bigWindow.collocates[k].logDice);
  });

  it('corpusStudy/frequencyTable and corpusStudy/concordanceCsv: CSV with a BOM, one row per term / hit', async () => {
    const t = await client.request<{ rows: { term: string; counts: number[] }[]; csv: string }>('corpusStudy/frequencyTable', { format: 'csv' });
    assert.ok(t.csv.startsWith('\uFEFFterm,kind,category,total,'));
    assert.deepEqual(t.rows.find((r) => r.term === '联防联控')!.counts, slices.map((s) => count(s, '联防联控')));
    const c = await client.request<{ csv: string; rows: number }>('corpusStudy/concordanceCsv', { query: '联防联控' });
    assert.equal(c.rows, 24);
    assert.ok(c.csv.startsWith('\uFEFFdate,title,meeting_kind,uri,meeting_index,line,character,left,hit,right,left_word,right_word\r\n'));
    assert.equal(c.csv.split('\r\n').filter(Boolean).length, 25);
  });

  it('corpusStudy/candidates: pages of the ranked list, the whole list without parameters, capped by corpusStudy.maxCandidates', async () => {
    type CandidateRow = { term: string; reasons: string[]; count: number; meetings: number; periods: number; score: number };
    type Page = { items: CandidateRow[]; total: number; found: number };
    const all = await client.request<CandidateRow[]>('corpusStudy/candidates', undefined);
    assert.ok(all.length > 20, `${all.length} candidates`);
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].score >= all[i].score, 'best first');
    const first = await client.request<Page>('corpusStudy/candidates', { limit: 10 });
    assert.deepEqual(first.items, all.slice(0, 10));
    assert.equal(first.total, all.length);
    assert.ok(first.found >= first.total);
    const next = await client.request<Page>('corpusStudy/candidates', { offset: 10, limit: 10 });
    assert.deepEqual(next.items, all.slice(10, 20));
    assert.deepEqual((await client.request<Page>('corpusStudy/candidates', {})).items, all.slice(0, 200));
    for (const stock of ['疫情防控', '医务人员', '有关部门', '人民群众']) assert.ok(!all.some((c) => c.term === stock), stock);
    // The setting, as the client sends it at initialize: the top 5 only, and only they are terms.
    const capped = await LspTestClient.start({ folder: REPO, settings: { maxCandidates: 5 } });
    try {
      await capped.waitForIndex();
      const page = await capped.request<Page>('corpusStudy/candidates', { limit: 100 });
      assert.deepEqual(page.items.map((c) => c.term), all.slice(0, 5).map((c) => c.term));
      assert.equal(page.total, 5);
      assert.equal(page.found, first.found);
    } finally {
      await capped.stop();
    }
  });

  it('corpusStudy/outline and corpusStudy/glossaryTerms feed the sidebar', async () => {
    const o = await client.request<{ date: string; range: Range; sections: { name: string; range: Range }[] }[]>('corpusStudy/outline', {});
    assert.equal(o.length, 12);
    assert.deepEqual(o.map((m) => m.range.start.line), meetings.map((m) => m.line));
    assert.ok(o.every((m) => m.sections.every((s) => s.range.start.line >= m.range.start.line)));
    const g = await client.request<{ category: string; terms: { term: string; count: number }[] }[]>('corpusStudy/glossaryTerms', {});
    assert.equal(g.flatMap((c) => c.terms).find((t) => t.term === '联防联控')?.count, 24);
  });
});
