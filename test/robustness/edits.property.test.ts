// Property: after thousands of random incremental edits (titles, paragraphs, blank lines, glossary
// terms, characters outside the BMP, deletions) sent through didChange, the live server answers
// exactly as a fresh server started on the final texts: outline, mentions, first mentions, hovers.
//
// Replay a failure with FC_SEED=<seed> (and FC_PATH=<path>); FC_RUNS / FC_EDITS scale the run.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { DocumentSymbol, Hover, Location, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { tempCorpus, seedText, uriOf, SEED } from '../protocol/fixtures';
import { LspTestClient } from '../protocol/lspClient';
import { startWatched, waitReady, WatchedServer } from './harness';

const RUNS = Number(process.env.FC_RUNS ?? 4);
const EDITS = Number(process.env.FC_EDITS ?? 600);
const SEED_TEXT = seedText();

// ---- text model: positions as LSP counts them (UTF-16, \n, \r\n and \r end lines) --------------

function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) {
        if (i + 1 >= offset) break;
        i++;
      }
      line++;
      start = i + 1;
    }
  }
  return { line, character: offset - start };
}

/** Moves an offset off the middle of a surrogate pair or a CRLF (editors never split those). */
function snap(text: string, offset: number): number {
  const c = text.charCodeAt(offset);
  const p = text.charCodeAt(offset - 1);
  if (offset > 0 && offset < text.length && ((c >= 0xdc00 && c <= 0xdfff && p >= 0xd800 && p <= 0xdbff) || (c === 10 && p === 13))) return offset - 1;
  return offset;
}

// ---- edits --------------------------------------------------------------------------------------

const TERMS = ['联防联控', '复工复产', '四个意识', '六稳', '六保', '政治意识', '国务院联防联控机制', '两不愁三保障', '“菜篮子”', '“新词语”', '坚定信心、同舟共济、科学防治、精准施策'];
const ODD = ['𠮷', '😀', 'e\u0301', '👩‍👩‍👧', '🇨🇳', '\u200b', '\u3000', '𪚥𪚥'];
const TITLES = [
  '中共中央政治局常务委员会召开会议 研究疫情防控工作',
  '中共中央政治局召开会议 研究部署经济工作',
  '习近平主持召开中央全面深化改革委员会会议',
  '一、总体要求',
  '（二）加强防控',
  '第一部分 形势',
];
const LEADS = ['中共中央政治局常务委员会3月9日召开会议。', '2月3日，中共中央政治局召开会议。', '中共中央政治局2020年4月1日召开会议，', '会议强调，', '习近平指出，', '第一，', '一是'];
const FILL = ['要', '坚持', '工作', '，', '。', '落实', '医务人员', '发展', '稳定'];

const fragment = fc
  .array(fc.oneof(fc.constantFrom(...TERMS), fc.constantFrom(...ODD), fc.constantFrom(...FILL), fc.constantFrom(...LEADS)), { minLength: 1, maxLength: 12 })
  .map((xs) => xs.join(''));
const lineBreak = fc.constantFrom('\n', '\n', '\n', '\r\n');

type Op =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'replace'; at: number; length: number; text: string };

/** `at` is a fraction of the text length, so an op fits whatever text it meets. */
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(10000), text: fragment }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(10000), text: fc.tuple(lineBreak, fc.constantFrom(...TITLES), lineBreak).map((t) => t.join('')) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(10000), text: fc.tuple(lineBreak, fc.constantFrom(...LEADS), fragment, lineBreak).map((t) => t.join('')) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(10000), text: fc.array(lineBreak, { minLength: 1, maxLength: 3 }).map((t) => t.join('')) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(10000), length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(10000), length: fc.integer({ min: 1, max: 12 }), text: fragment }) },
);

/** A step: one didChange with one to three changes to one of the open documents. */
const step = fc.record({ doc: fc.nat(1), ops: fc.array(op, { minLength: 1, maxLength: 3 }), probe: fc.boolean() });

function apply(text: string, o: Op): { text: string; change: TextDocumentContentChangeEvent } {
  const at = snap(text, Math.floor((o.at / 10000) * text.length));
  const end = o.kind === 'insert' ? at : snap(text, Math.min(text.length, at + o.length));
  const insert = o.kind === 'delete' ? '' : o.text;
  const change = { range: { start: positionOf(text, at), end: positionOf(text, end) }, text: insert };
  return { text: text.slice(0, at) + insert + text.slice(end), change };
}

// ---- what we compare ----------------------------------------------------------------------------

/** Positions in the (never edited) seed whose answers cover mentions everywhere in the corpus. */
const PROBES = ['联防联控', '复工复产', '四个意识', '六稳', '政治意识', '医务人员', '菜篮子', '同舟共济'].flatMap((t) => {
  const at = SEED_TEXT.indexOf(t);
  return at >= 0 ? [{ term: t, position: positionOf(SEED_TEXT, at + 1) }] : [];
});

async function answers(client: LspTestClient, dir: string, docs: string[]): Promise<unknown> {
  const seedUri = uriOf(path.join(dir, 'corpus', path.basename(SEED)));
  const out: Record<string, unknown> = {};
  for (const d of docs) {
    out[`symbols ${d}`] = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(path.join(dir, 'corpus', d)) } });
  }
  for (const p of PROBES) {
    const params = { textDocument: { uri: seedUri }, position: p.position };
    out[`references ${p.term}`] = await client.request<Location[]>('textDocument/references', { ...params, context: { includeDeclaration: true } });
    out[`definition ${p.term}`] = await client.request<Location | null>('textDocument/definition', params);
    out[`hover ${p.term}`] = await client.request<Hover | null>('textDocument/hover', params);
  }
  out.candidates = await client.request('corpusStudy/candidates', {});
  // Answers name files by URI: make them comparable across the two temp folders.
  return JSON.parse(JSON.stringify(out).split(uriOf(dir)).join('file:///CORPUS').split(encodeURIComponent(uriOf(dir))).join('CORPUS'));
}

const START = [
  SEED_TEXT.slice(0, SEED_TEXT.indexOf('\n', 1200) + 1),
  '习近平主持召开中央全面深化改革委员会会议\n\n中共中央政治局2020年2月14日召开会议。会议强调，要坚持联防联控，做好复工复产。𠮷\n',
];
const DOCS = ['edited-a.txt', 'edited-b.txt'];

describe('random edits through didChange leave the index as a fresh build on the final texts', function () {
  this.timeout(600000);
  const servers: WatchedServer[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.stop();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it(`${RUNS} runs × ${EDITS} didChange steps: outline, references, definition, hover and candidates match`, async function () {
    const t0 = Date.now();
    let steps = 0;
    let changes = 0;
    const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : Date.now() % 2 ** 31;
    const property = fc.asyncProperty(fc.array(step, { minLength: EDITS, maxLength: EDITS }), async (plan) => {
      const liveDir = tempCorpus(Object.fromEntries(DOCS.map((d, i) => [d, START[i]])));
      dirs.push(liveDir);
      const live = await startWatched({ folder: liveDir });
      servers.push(live);
      await live.client.waitForIndex();
      const texts = [...START];
      const uris = DOCS.map((d) => uriOf(path.join(liveDir, 'corpus', d)));
      for (let i = 0; i < DOCS.length; i++) await live.client.open(uris[i], texts[i]);
      for (const s of plan) {
        const contentChanges: TextDocumentContentChangeEvent[] = [];
        for (const o of s.ops) {
          const r = apply(texts[s.doc], o);
          texts[s.doc] = r.text;
          contentChanges.push(r.change);
        }
        await live.client.change(uris[s.doc], contentChanges);
        steps++;
        changes += contentChanges.length;
        // Requests between edits, so caches see every intermediate state.
        if (s.probe) await live.client.request('textDocument/hover', { textDocument: { uri: uris[s.doc] }, position: positionOf(texts[s.doc], texts[s.doc].length >> 1) });
      }
      await waitReady(live.client);
      live.assertHealthy();
      const freshDir = tempCorpus(Object.fromEntries(DOCS.map((d, i) => [d, texts[i]])));
      dirs.push(freshDir);
      const fresh = await startWatched({ folder: freshDir });
      servers.push(fresh);
      await fresh.client.waitForIndex();
      await waitReady(fresh.client);
      const expected = await answers(fresh.client, freshDir, DOCS);
      // The live index may still be settling (candidate terms are rebuilt in slices): poll, bounded.
      let actual: unknown;
      const deadline = Date.now() + 10000;
      do {
        actual = await answers(live.client, liveDir, DOCS);
        if (JSON.stringify(actual) === JSON.stringify(expected)) break;
        await new Promise((r) => setTimeout(r, 100));
      } while (Date.now() < deadline);
      try {
        assert.deepEqual(actual, expected);
      } catch (e) {
        const out = path.join(os.tmpdir(), `corpus-study-property-${seed}.json`);
        fs.writeFileSync(out, JSON.stringify({ seed, texts }, null, 1));
        console.error(`final texts written to ${out}`);
        throw e;
      }
      live.assertHealthy();
      fresh.assertHealthy();
      for (const s of servers.splice(0)) await s.stop();
      for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
    });
    await fc.assert(property, { numRuns: RUNS, seed, path: process.env.FC_PATH, endOnFailure: true, verbose: true });
    this.test!.title += ` [seed ${seed}: ${steps} steps, ${changes} changes in ${((Date.now() - t0) / 1000).toFixed(1)} s]`;
  });
});
