// The benchmark's corpora, written to a temporary folder outside the repository: the seed, the
// government work reports (one .txt a report), and ~10 MB made from both by repetition with
// small, deterministic changes (sentences swapped or dropped), in several hundred files.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadGovReports } from '../test/unit/fixtures/govReports';
import { SEED } from '../test/protocol/fixtures';

export interface BenchCorpus {
  name: string;
  /** Workspace folder; the texts are in its corpus/ subfolder. */
  folder: string;
  files: { path: string; text: string }[];
  chars: number;
  bytes: number;
}

/** A small deterministic PRNG (mulberry32), so every run builds the same corpora. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function write(root: string, name: string, texts: { name: string; text: string }[]): BenchCorpus {
  const folder = path.join(root, name);
  const corpus = path.join(folder, 'corpus');
  fs.mkdirSync(corpus, { recursive: true });
  const files = texts.map((t) => {
    const p = path.join(corpus, t.name);
    fs.writeFileSync(p, t.text, 'utf8');
    return { path: p, text: t.text };
  });
  return {
    name,
    folder,
    files,
    chars: files.reduce((n, f) => n + f.text.length, 0),
    bytes: files.reduce((n, f) => n + Buffer.byteLength(f.text, 'utf8'), 0),
  };
}

/** A variant of a body: in some paragraphs two sentences swap, in a few one is dropped. */
function vary(body: string, rnd: () => number): string {
  return body
    .split('\n')
    .map((para) => {
      const sentences = para.split(/(?<=。)/);
      if (sentences.length < 3) return para;
      const r = rnd();
      if (r < 0.25) {
        const i = Math.floor(rnd() * (sentences.length - 1));
        [sentences[i], sentences[i + 1]] = [sentences[i + 1], sentences[i]];
      } else if (r < 0.35) {
        sentences.splice(Math.floor(rnd() * sentences.length), 1);
      }
      return sentences.join('');
    })
    .join('\n');
}

export function buildCorpora(root = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-bench-')), targetBytes = 10_000_000): BenchCorpus[] {
  const seedText = fs.readFileSync(SEED, 'utf8');
  const reports = loadGovReports();
  const seed = write(root, 'seed', [{ name: path.basename(SEED), text: seedText }]);
  const gov = write(root, 'gov-reports', reports.map((r) => ({ name: r.fileName, text: r.text })));

  // The large corpus: variants of every report, each split in two files at a paragraph break
  // (the second half keeps a title line), plus variants of the seed, until ~targetBytes.
  const rnd = prng(20250305);
  const texts: { name: string; text: string }[] = [];
  let bytes = 0;
  for (let v = 1; bytes < targetBytes; v++) {
    texts.push({ name: `v${v}_seed.txt`, text: vary(seedText, rnd) });
    bytes += Buffer.byteLength(texts[texts.length - 1].text);
    for (const r of reports) {
      if (bytes >= targetBytes) break;
      const body = vary(r.text.slice(r.title.length + 2), rnd);
      const cut = body.indexOf('\n', Math.floor(body.length / 2));
      const halves = cut > 0 ? [body.slice(0, cut), body.slice(cut + 1)] : [body];
      halves.forEach((h, i) => {
        const title = i === 0 ? `${r.title}（第${v}稿）` : `${r.title}（第${v}稿·续）`;
        const text = `${title}\n\n${h}\n`;
        texts.push({ name: `v${v}_${r.fileName.replace(/\.txt$/, '')}_${i + 1}.txt`, text });
        bytes += Buffer.byteLength(text);
      });
    }
  }
  const big = write(root, 'large', texts);

  // One file of ~targetBytes: variants of the seed (12 meetings each) one after the other, as a
  // user who keeps years of readouts in a single file has it. Not in the default sizes.
  const copies: string[] = [];
  let oneBytes = 0;
  while (oneBytes < targetBytes) {
    copies.push(vary(seedText, rnd));
    oneBytes += Buffer.byteLength(copies[copies.length - 1]) + 1;
  }
  const one = write(root, 'one-file', [{ name: 'readouts.txt', text: copies.join('\n') }]);
  return [seed, gov, big, one];
}
