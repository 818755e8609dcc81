// Helpers for robustness tests: a server over stdio whose health we watch (exit code, stderr,
// popups), a probe that the seed still answers right, and byte-level snapshots of a folder.

import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Hover, MarkupContent, Location, DocumentSymbol } from 'vscode-languageserver-protocol';
import { LspTestClient, StartOptions } from '../protocol/lspClient';
import { positionAt, seedText, SEED, uriOf, tempCorpus } from '../protocol/fixtures';

export interface WatchedServer {
  client: LspTestClient;
  stderr: string[];
  /** window/showMessage and window/showMessageRequest: popups the user would see. */
  popups: string[];
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  /** Fails if the process died, printed an unhandled error or opened a popup. */
  assertHealthy(): void;
  stop(): Promise<void>;
}

export async function startWatched(options: StartOptions): Promise<WatchedServer> {
  const client = await LspTestClient.start(options);
  const w: WatchedServer = {
    client,
    stderr: [],
    popups: [],
    assertHealthy() {
      assert.equal(w.exit, undefined, `server exited: ${JSON.stringify(w.exit)}\n${w.stderr.join('')}`);
      const err = w.stderr.join('');
      assert.ok(!/unhandled|uncaught|Error:/i.test(err), `server stderr: ${err}`);
      assert.deepEqual(w.popups, [], 'no popups');
      assert.ok(!client.logs.some((l) => /unhandled|uncaught|Indexing failed/i.test(l)), client.logs.join('\n'));
    },
    async stop() {
      await client.stop();
    },
  };
  client.process.stderr!.on('data', (d: Buffer) => w.stderr.push(d.toString()));
  client.process.on('exit', (code, signal) => (w.exit = { code, signal }));
  client.connection.onNotification('window/showMessage', (p: { message: string }) => w.popups.push(p.message));
  client.connection.onRequest('window/showMessageRequest', (p: { message: string }) => {
    w.popups.push(p.message);
    return null;
  });
  return w;
}

export const hoverText = (h: Hover | null): string => (h ? (h.contents as MarkupContent).value : '');

/** The seed in `corpusDir` still answers: a hover on 联防联控 and its 24 mentions. */
export async function assertSeedAnswers(client: LspTestClient, corpusDir: string, mentions = 24): Promise<void> {
  const text = seedText();
  const uri = uriOf(path.join(corpusDir, path.basename(SEED)));
  const at = positionAt(text, text.indexOf('联防联控') + 1);
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at });
  assert.ok(hoverText(h).startsWith('**联防联控**'), `hover on the seed: ${hoverText(h).slice(0, 80)}`);
  const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: at, context: { includeDeclaration: true } });
  assert.equal(refs.length, mentions, 'mentions of 联防联控');
}

/** Polls (bounded) until `ok` holds; returns the last value either way. */
export async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Waits until the server says its index is ready (status request, not only progress end). */
/** Indexing done and nothing pending: no segmentation of an edit, no term-table rebuild under way. */
export async function waitReady(client: LspTestClient, timeoutMs = 120000): Promise<void> {
  const s = await eventually(
    () => client.request<{ phase: string; busy?: boolean }>('corpusStudy/status', {}),
    (s) => s.phase === 'ready' && !s.busy,
    timeoutMs,
  );
  assert.equal(s.phase, 'ready');
  assert.ok(!s.busy, 'the server is still busy');
}

/** Every entry under `dir` (symlinks not followed) with the sha256 of each regular file. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      const rel = path.relative(dir, full);
      const st = fs.lstatSync(full);
      if (st.isSymbolicLink()) out.set(rel, 'symlink:' + fs.readlinkSync(full));
      else if (st.isDirectory()) {
        out.set(rel + '/', 'dir');
        walk(full);
      } else if (st.isFile()) out.set(rel, createHash('sha256').update(fs.readFileSync(full)).digest('hex') + ` ${st.size} ${st.mtimeMs}`);
      else out.set(rel, 'special');
    }
  };
  walk(dir);
  return out;
}

/** Diagnostics published for a file (empty when none). */
export function diagnosticsOf(client: LspTestClient, file: string): { message: string; severity?: number }[] {
  return client.diagnostics.get(uriOf(file))?.diagnostics ?? [];
}

/** Log lines (output channel) that name a path. */
export function logsAbout(client: LspTestClient, file: string): string[] {
  return client.logs.filter((l) => l.includes(file));
}

// ---- a temp corpus served for one test at a time -------------------------------------------------

export const SEED_TEXT = seedText();
export const SEED_MEETINGS = 12;
// GB18030 bytes of the seed (made once with iconv; Node has no GB18030 encoder).
export const SEED_GB18030 = path.join(path.dirname(SEED), '..', 'test', 'unit', 'fixtures', 'seed.gb18030.txt');
export const seedIn = (corpus: string): string => path.join(corpus, path.basename(SEED));

/** A temp copy of the corpus with extra files, a watched server on it, and the checks tests share. */
export class ServedCorpus {
  dir = '';
  corpus = '';
  server: WatchedServer | undefined;

  /** A temp corpus with the seed and `files`, a server on it, indexing done. */
  async serve(files: Record<string, string | Buffer>, prepare?: (corpus: string) => void): Promise<WatchedServer> {
    this.dir = tempCorpus(files);
    this.corpus = path.join(this.dir, 'corpus');
    prepare?.(this.corpus);
    this.server = await startWatched({ folder: this.dir });
    await this.server.client.waitForIndex();
    await waitReady(this.server.client);
    return this.server;
  }

  symbols(file: string): Promise<DocumentSymbol[]> {
    return this.server!.client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(file) } });
  }

  /** The seed still answers (mentions of 联防联控: 24 per copy of the seed text in the corpus). */
  async stillUp(seedCopies = 1): Promise<void> {
    this.server!.assertHealthy();
    await assertSeedAnswers(this.server!.client, this.corpus, 24 * seedCopies);
    this.server!.assertHealthy();
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = '';
  }
}
