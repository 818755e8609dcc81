// Soak: the server under a stream of edits and requests for several minutes; prints its RSS.
// Not part of npm test. Run: node out/test/robustness/soak.js --minutes 3

import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentSymbol, Hover, Location } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../protocol/lspClient';
import { tempCorpus, seedText, uriOf, positionAt, SEED } from '../protocol/fixtures';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

/** Resident set size of a process in MB, from /proc (Linux). */
function rssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

async function main(): Promise<void> {
  const minutes = arg('minutes', 3);
  const seed = seedText();
  const docText = seed.slice(0, seed.indexOf('\n', 3000) + 1);
  const dir = tempCorpus({ 'soak.txt': docText });
  const client = await LspTestClient.start({ folder: dir });
  await client.waitForIndex();
  const pid = client.process.pid!;
  const uri = uriOf(path.join(dir, 'corpus', 'soak.txt'));
  const seedUri = uriOf(path.join(dir, 'corpus', path.basename(SEED)));
  await client.open(uri, docText);
  let text = docText;
  const samples: { s: number; rss: number }[] = [];
  const t0 = Date.now();
  const end = t0 + minutes * 60000;
  let edits = 0;
  let requests = 0;
  let slowest = 0;
  const insertions = ['会议强调，要坚持联防联控，做好复工复产。𠮷😀', '\n中共中央政治局召开会议 研究部署工作\n\n中共中央政治局3月9日召开会议。\n', '“新提法”、“六稳”、四个意识', '\n\n'];
  let nextSample = t0;
  while (Date.now() < end) {
    // Grow the document, then cut it back to the start text: the live text stays bounded,
    // so memory that keeps growing would be a leak, not content.
    const n = edits % 200;
    if (n < 150) {
      const ins = insertions[edits % insertions.length];
      const at = text.indexOf('\n', (edits * 7919) % text.length);
      const off = at < 0 ? text.length : at;
      const pos = positionAt(text, off);
      await client.change(uri, [{ range: { start: pos, end: pos }, text: ins }]);
      text = text.slice(0, off) + ins + text.slice(off);
    } else if (n === 150) {
      await client.change(uri, [{ text: docText }]);
      text = docText;
    } else {
      // Deletions of a few characters in the middle.
      const off = (edits * 104729) % Math.max(1, text.length - 10);
      const s = positionAt(text, off);
      const e = positionAt(text, off + 3);
      if (s.line === e.line) {
        await client.change(uri, [{ range: { start: s, end: e }, text: '' }]);
        text = text.slice(0, off) + text.slice(off + 3);
      }
    }
    edits++;
    const t = Date.now();
    const at = positionAt(seed, seed.indexOf('联防联控') + 1);
    await Promise.all([
      client.request<Hover>('textDocument/hover', { textDocument: { uri: seedUri }, position: at }),
      client.request<Location[]>('textDocument/references', { textDocument: { uri: seedUri }, position: at, context: { includeDeclaration: true } }),
      client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } }),
      client.request('textDocument/semanticTokens/full', { textDocument: { uri } }),
      edits % 20 === 0 ? client.request('corpusStudy/candidates', {}) : Promise.resolve(),
    ]);
    requests += edits % 20 === 0 ? 5 : 4;
    slowest = Math.max(slowest, Date.now() - t);
    if (Date.now() >= nextSample) {
      samples.push({ s: Math.round((Date.now() - t0) / 1000), rss: rssMB(pid) });
      console.log(`${samples[samples.length - 1].s}s rss ${samples[samples.length - 1].rss} MB, ${edits} edits, ${requests} requests`);
      nextSample += 15000;
    }
  }
  samples.push({ s: Math.round((Date.now() - t0) / 1000), rss: rssMB(pid) });
  const exited = client.process.exitCode;
  await client.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  const mid = samples[Math.floor(samples.length / 2)];
  const first = samples[0];
  const last = samples[samples.length - 1];
  console.log(`RSS MB: start ${first.rss} (${first.s}s), middle ${mid.rss} (${mid.s}s), end ${last.rss} (${last.s}s); ` +
    `${edits} edits, ${requests} requests, slowest round of requests ${slowest} ms, server exit code while running: ${exited}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
