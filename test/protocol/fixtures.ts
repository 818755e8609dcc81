// Helpers shared by protocol tests: the seed corpus and positions computed independently of the server.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './lspClient';

export const CORPUS = path.join(REPO, 'corpus');
export const SEED = path.join(CORPUS, '000_0e5442cdf73d87c8.txt');
export const seedText = (): string => fs.readFileSync(SEED, 'utf8');
export const uriOf = (p: string): string => pathToFileURL(p).toString();

/** LSP position of UTF-16 offset `offset`, computed by splitting on \n (the seed has LF line ends). */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** Every UTF-16 offset where `needle` occurs. */
export function offsetsOf(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/** A throwaway copy of the corpus folder, for tests that change files on disk. */
export function tempCorpus(files: Record<string, string | Buffer> = {}, withSeed = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-study-'));
  const corpus = path.join(dir, 'corpus');
  fs.mkdirSync(corpus);
  if (withSeed) fs.copyFileSync(SEED, path.join(corpus, path.basename(SEED)));
  fs.copyFileSync(path.join(CORPUS, 'glossary.yaml'), path.join(corpus, 'glossary.yaml'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(corpus, name), content);
  return dir;
}
