// corpusStudy/compare over the protocol, on the seed: the 4 March 2020 Standing Committee meeting
// against the one before it (26 February). The expected items were read off the two texts: the
// economy (扩大内需, 稳外贸, 稳外资, new in the corpus) comes in, the war metaphors and the
// international side of 26 February (人民战争, 人类命运共同体, 世界卫生组织) go.

import * as assert from 'node:assert/strict';
import { LspTestClient, REPO } from './lspClient';
import { SEED, seedText, uriOf, positionAt } from './fixtures';

/** Semantic tokens decoded to absolute positions: (line, character) → modifiers. */
function modifiersAt(data: number[]): Map<string, number> {
  const out = new Map<string, number>();
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    out.set(`${line}:${character}`, data[i + 4]);
  }
  return out;
}
const NEW_FORMULATION = 2;

interface Item {
  text: string;
  status: 'new' | 'dropped' | 'kept';
  count: number;
  againstCount: number;
  kind: 'term' | 'candidate' | 'phrase';
  firstInCorpus: boolean;
  uri: string;
  ranges: { start: { line: number; character: number }; end: { line: number; character: number } }[];
}
interface Result {
  meeting: { date: string; title: string; index: number };
  against: { date: string; title: string; index: number } | null;
  items: Item[];
}

describe('corpusStudy/compare on the seed', function () {
  this.timeout(60000);
  let client: LspTestClient;
  const uri = uriOf(SEED);
  const lines = seedText().split('\n');
  const textAt = (r: Item['ranges'][number]) => lines[r.start.line].slice(r.start.character, r.end.character);
  let result: Result;

  before(async () => {
    client = await LspTestClient.start({ folder: REPO });
    await client.waitForIndex();
    const meetings = await client.request<{ uri: string; indexInFile: number; date: string }[]>('corpusStudy/meetings', {});
    const m = meetings.find((x) => x.date === '2020-03-04')!;
    result = await client.request<Result>('corpusStudy/compare', { uri, meeting: m.indexInFile });
  });
  after(async () => client?.stop());

  const item = (text: string) => result.items.find((i) => i.text === text);

  it('compares 4 March with the Standing Committee meeting of 26 February by default', () => {
    assert.equal(result.meeting.date, '2020-03-04');
    assert.equal(result.against?.date, '2020-02-26');
    assert.match(result.against!.title, /^中共中央政治局常务委员会召开会议/);
  });

  it('finds what is new, first in the corpus among it: 扩大内需, 稳外贸, 稳外资', () => {
    for (const t of ['扩大内需', '稳外贸', '稳外资']) assert.deepEqual([item(t)?.status, item(t)?.firstInCorpus, item(t)?.againstCount], ['new', true, 0], t);
    // New against 26 February, but said before (in earlier meetings).
    for (const t of ['新型基础设施', '外商投资法', '内防扩散']) assert.deepEqual([item(t)?.status, item(t)?.firstInCorpus], ['new', false], t);
  });

  it('finds what was dropped: 人民战争, 人类命运共同体, 世界卫生组织', () => {
    for (const t of ['人民战争', '人类命运共同体', '世界卫生组织']) {
      const i = item(t);
      assert.deepEqual([i?.status, i?.count, i?.againstCount], ['dropped', 0, 1], t);
      assert.equal(textAt(i!.ranges[0]), t, 'a dropped item points into the earlier meeting');
    }
  });

  it('keeps 复工复产, said 9 times against 4', () => {
    assert.deepEqual([item('复工复产')?.status, item('复工复产')?.count, item('复工复产')?.againstCount], ['kept', 9, 4]);
  });

  it('ranks new first-in-corpus items first, then new, then dropped, then kept', () => {
    const group = (i: Item) => (i.status === 'new' ? (i.firstInCorpus ? 0 : 1) : i.status === 'dropped' ? 2 : 3);
    const groups = result.items.map(group);
    assert.deepEqual(groups, [...groups].sort((a, b) => a - b));
  });

  it('gives each phrase its ranges in the text', () => {
    const phrases = result.items.filter((i) => i.kind === 'phrase');
    assert.ok(phrases.length > 10, `${phrases.length} phrases`);
    for (const p of phrases) {
      assert.equal(p.ranges.length, p.status === 'dropped' ? p.againstCount : p.count, p.text);
      for (const r of p.ranges) assert.equal(textAt(r), p.text);
    }
  });

  it('semantic tokens mark the terms new against the last meeting of the kind (newFormulation), and only those', async () => {
    const text = seedText();
    const march4 = text.indexOf('中共中央政治局常务委员会召开会议 研究当前新冠肺炎疫情防控和稳定经济社会运行重点工作');
    const key = (offset: number) => `${positionAt(text, offset).line}:${positionAt(text, offset).character}`;
    const tokens = modifiersAt((await client.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } })).data);
    assert.equal(tokens.get(key(text.indexOf('扩大内需', march4)))! & NEW_FORMULATION, NEW_FORMULATION, '扩大内需 is new on 4 March');
    assert.equal(tokens.get(key(text.indexOf('复工复产', march4)))! & NEW_FORMULATION, 0, '复工复产 was said on 26 February too');
    // The first meeting has nothing before it: nothing in it is new against anything.
    assert.equal(tokens.get(key(text.indexOf('四个意识')))! & NEW_FORMULATION, 0);
  });

  it('with corpusStudy.highlightNewFormulations off, no token carries newFormulation', async () => {
    const off = await LspTestClient.start({ folder: REPO, settings: { highlightNewFormulations: false } });
    try {
      await off.waitForIndex();
      const data = (await off.request<{ data: number[] }>('textDocument/semanticTokens/full', { textDocument: { uri } })).data;
      assert.ok(data.length > 0);
      assert.ok([...modifiersAt(data).values()].every((m) => (m & NEW_FORMULATION) === 0));
    } finally {
      await off.stop();
    }
  });
});
