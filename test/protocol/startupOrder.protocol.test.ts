// A document opened at any moment of the server's start ends up indexed with its open text, as
// one opened after the index is ready. Editors open files as their server starts: Neovim, Helix,
// eglot and Sublime LSP as soon as the server is up, VS Code when it restores the last session's
// tabs. Neovim names a `.txt` file's language `text`, not ours, so the opened document is not a
// corpus text by its language: only discovery says it is.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DocumentSymbol, Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient, StartOptions } from './lspClient';
import { SEED, seedText, tempCorpus, uriOf, positionAt } from './fixtures';
import { govReportsAvailable, loadGovReports } from '../unit/fixtures/govReports';

/** Polls `check` until it holds (bounded: 30 s). */
async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 30000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in 30 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Status {
  phase: string;
  files: number;
  meetings: number;
}

/** What a client sees of the opened document once the index is ready. */
interface Answers {
  files: number;
  meetings: number;
  hover: string;
  symbols: number;
  references: number;
}

// The edit sent right after the open: one more mention of 联防联控 at the end of the last meeting.
const ADDED = '\n联防联控';

describe('start-up order: a document opened at any moment is indexed with its open text', function () {
  this.timeout(120000);
  const base = tempCorpus();
  // More files than the seed, so that reading the structure and segmenting last long enough to
  // open the document while each is under way.
  if (govReportsAvailable()) {
    for (const r of loadGovReports().slice(0, 24)) fs.writeFileSync(path.join(base, 'corpus', r.fileName), r.text);
  }
  const corpusFiles = fs.readdirSync(path.join(base, 'corpus')).filter((f) => f.endsWith('.txt')).length;
  const file = path.join(base, 'corpus', path.basename(SEED));
  const uri = uriOf(file);
  const text = seedText();
  const edited = text + ADDED;
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  /** Opens the seed as Neovim does (language `text`) and at once appends to it. */
  async function openAndEdit(client: LspTestClient): Promise<void> {
    await client.open(uri, text, 'text');
    const end = positionAt(text, text.length);
    await client.change(uri, [{ range: { start: end, end }, text: ADDED }]);
  }

  async function answers(client: LspTestClient): Promise<Answers> {
    const status = await client.request<Status>('corpusStudy/status', {});
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(edited, edited.indexOf('四个意识') + 1) });
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: positionAt(edited, edited.indexOf('联防联控') + 1),
      context: { includeDeclaration: true },
    });
    return { files: status.files, meetings: status.meetings, hover: hover ? (hover.contents as MarkupContent).value : '', symbols: symbols.length, references: refs.length };
  }

  /** When the document is opened: a hook of the test client that calls `open` with the client at that moment. */
  type Moment = (open: (client: LspTestClient) => Promise<void>) => Partial<StartOptions> & { afterStart?: (client: LspTestClient) => Promise<void> };

  /**
   * Starts a server on the corpus, lets `when` open (and edit) the document at its moment, waits
   * for the indexing's end, and returns what a client sees then.
   */
  async function startAndOpen(when: Moment, extra: Partial<StartOptions> = {}): Promise<Answers> {
    let opened: Promise<void> | undefined;
    const open = (client: LspTestClient) => (opened ??= openAndEdit(client));
    const hooks = when(open);
    const client = await LspTestClient.start({ folder: base, ...extra, ...hooks });
    try {
      await hooks.afterStart?.(client);
      await client.waitForIndex(1);
      // The moment may not have come (a phase too short to see): the document is opened now, and the test still holds.
      await open(client);
      // A status request is answered after the notifications sent before it: the open and edit are in.
      await client.request('corpusStudy/status', {});
      return await answers(client);
    } finally {
      await client.stop();
    }
  }

  let expected: Answers;
  before(async () => {
    // The reference: the document opened after the index is ready.
    expected = await startAndOpen(() => ({}));
    assert.equal(expected.files, corpusFiles);
    assert.equal(expected.symbols, 12);
    // Every occurrence of 联防联控 in the corpus, the seed's as edited (24 and the edit's one).
    const others = fs.readdirSync(path.join(base, 'corpus')).filter((f) => f.endsWith('.txt') && f !== path.basename(SEED));
    const inOthers = others.reduce((n, f) => n + fs.readFileSync(path.join(base, 'corpus', f), 'utf8').split('联防联控').length - 1, 0);
    assert.equal(expected.references, 25 + inOthers);
    assert.match(expected.hover, /政治意识/);
    assert.match(expected.hover, /看齐意识/);
  });

  const moments: [string, Moment, Partial<StartOptions>?][] = [
    ['right after initialized', (open) => ({ afterStart: open })],
    ['right after initialized, the settings not sent with initialize', (open) => ({ afterStart: open }), { settingsAtInitialize: false }],
    ['before the configuration answer', (open) => ({ beforeConfiguration: open }), { settingsAtInitialize: false }],
    ['during discovery (when the indexing asks for its progress token)', (open) => ({ beforeProgressCreate: open })],
    ['while the structure is being read', (open) => ({ onProgress: (v, c) => void (/^Indexing corpus/.test(v.message ?? '') && open(c)) })],
    ['during segmentation', (open) => ({ onProgress: (v, c) => void (/^(Structure and mentions ready|Segmenting)/.test(v.message ?? '') && open(c)) })],
    ['after the end', () => ({})],
  ];
  for (const [moment, when, extra] of moments) {
    it(`opened ${moment}: the same status, hover, symbols and references`, async () => {
      assert.deepEqual(await startAndOpen(when, extra), expected);
    });
  }

  it('opened right after initialized on a restart from the index snapshot: the same answers', async () => {
    const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-study-storage-'));
    try {
      // The first start writes the snapshot at its shutdown.
      await startAndOpen(() => ({}), { initializationOptions: { storagePath: storage } });
      assert.ok(fs.readdirSync(storage).length > 0, 'a snapshot was written');
      assert.deepEqual(await startAndOpen((open) => ({ afterStart: open }), { initializationOptions: { storagePath: storage } }), expected);
    } finally {
      fs.rmSync(storage, { recursive: true, force: true });
    }
  });

  it('opened, edited and closed while the structure is read: the text on disk, nothing of the edit', async () => {
    let closed: Promise<void> | undefined;
    const openEditClose = (c: LspTestClient) => (closed ??= openAndEdit(c).then(() => c.close(uri)));
    const client = await LspTestClient.start({ folder: base, onProgress: (v, c) => void (/^Indexing corpus/.test(v.message ?? '') && openEditClose(c)) });
    try {
      await client.waitForIndex(1);
      await openEditClose(client);
      // The disk version is segmented again, although the edit's worker job was still out when it closed.
      await until(async () => {
        const st = await client.request<{ busy: boolean; files: number; segmentedFiles: number }>('corpusStudy/status', {});
        return !st.busy && st.segmentedFiles === st.files;
      });
      const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: positionAt(text, text.indexOf('联防联控') + 1), context: { includeDeclaration: true } });
      assert.equal(refs.length, expected.references - 1);
      const status = await client.request<Status>('corpusStudy/status', {});
      assert.equal(status.files, corpusFiles);
    } finally {
      await client.stop();
    }
  });

  it('edited and closed at once after the index is ready: the text on disk is segmented again', async () => {
    const client = await LspTestClient.start({ folder: base });
    try {
      await client.waitForIndex(1);
      // The close comes while the edit still waits for its pause (or its worker): that wait ends
      // without segmenting the disk version, which the background segmentation must take.
      await openAndEdit(client);
      await client.close(uri);
      await until(async () => {
        const st = await client.request<{ busy: boolean; files: number; segmentedFiles: number }>('corpusStudy/status', {});
        return !st.busy && st.segmentedFiles === st.files;
      });
      const words = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: positionAt(text, text.indexOf('医务人员') + 1), context: { includeDeclaration: true } });
      assert.ok(words.length > 0, 'the words of the file on disk answer');
    } finally {
      await client.stop();
    }
  });

  it('a file created on disk while the structure is read (a watched-file event) joins the index', async () => {
    const created = path.join(base, 'corpus', 'zz_created.txt');
    let client: LspTestClient | undefined;
    let sent: Promise<void> | undefined;
    const create = (c: LspTestClient) =>
      (sent ??= (async () => {
        fs.writeFileSync(created, fs.readFileSync(file, 'utf8'));
        await c.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(created), type: 1 }] });
      })());
    try {
      client = await LspTestClient.start({ folder: base, onProgress: (v, c) => void (/^Indexing corpus/.test(v.message ?? '') && create(c)) });
      await client.waitForIndex(1);
      await create(client);
      await until(async () => (await client!.request<Status>('corpusStudy/status', {})).files === corpusFiles + 1);
      const status = await client.request<Status>('corpusStudy/status', {});
      assert.equal(status.meetings, expected.meetings + 12);
    } finally {
      await client?.stop();
      fs.rmSync(created, { force: true });
    }
  });

  it('a document outside the corpus globs, opened as plain text at start-up, stays out of the index', async () => {
    const outside = path.join(base, 'notes.txt');
    fs.writeFileSync(outside, '关于联防联控的笔记\n\n联防联控');
    let client: LspTestClient | undefined;
    try {
      client = await LspTestClient.start({ folder: base });
      await client.open(uriOf(outside), fs.readFileSync(outside, 'utf8'), 'text');
      await client.waitForIndex(1);
      const status = await client.request<Status>('corpusStudy/status', {});
      assert.equal(status.files, corpusFiles);
      const symbols = await client.request<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri: uriOf(outside) } });
      assert.deepEqual(symbols ?? [], []);
    } finally {
      await client?.stop();
      fs.rmSync(outside, { force: true });
    }
  });
});
