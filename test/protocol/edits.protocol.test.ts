// Edits in open documents and on disk reach the index; positions stay right in UTF-16.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Hover, Location, MarkupContent, DocumentSymbol, FileChangeType, DidChangeWatchedFilesNotification, DidChangeConfigurationNotification } from 'vscode-languageserver-protocol';
import { LspTestClient } from './lspClient';
import { tempCorpus, uriOf, positionAt, SEED } from './fixtures';

/** Disk changes are handled asynchronously: poll (bounded) until the index shows them. */
async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const hoverText = (h: Hover | null) => (h ? (h.contents as MarkupContent).value : '');

describe('edits reach the index (stdio)', function () {
  let client: LspTestClient;
  let dir: string;
  let file: string;
  let uri: string;
  let text: string;

  beforeEach(async function () {
    dir = tempCorpus();
    file = path.join(dir, 'corpus', path.basename(SEED));
    uri = uriOf(file);
    text = fs.readFileSync(file, 'utf8');
    client = await LspTestClient.start({ folder: dir });
    await client.waitForIndex();
  });
  afterEach(async () => {
    await client?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const refs = (u: string, t: string, offset: number) =>
    client.request<Location[]>('textDocument/references', { textDocument: { uri: u }, position: positionAt(t, offset), context: { includeDeclaration: true } });

  it('an incremental edit in an open document is seen by the next request', async () => {
    await client.open(uri, text);
    const before = await refs(uri, text, text.indexOf('四个意识'));
    // Insert a new mention at the very start of line 3 (the first lead paragraph).
    const insertAt = positionAt(text, text.indexOf('1月25日'));
    await client.change(uri, [{ range: { start: insertAt, end: insertAt }, text: '增强四个意识，' }]);
    const edited = text.slice(0, text.indexOf('1月25日')) + '增强四个意识，' + text.slice(text.indexOf('1月25日'));
    const after = await refs(uri, edited, edited.indexOf('四个意识'));
    assert.equal(after.length, before.length + 1);
    // The new mention is now the first one.
    const def = await client.request<Location>('textDocument/definition', { textDocument: { uri }, position: positionAt(edited, edited.lastIndexOf('四个意识')) });
    assert.deepEqual(def.range.start, positionAt(edited, edited.indexOf('四个意识')));
  });

  it('typing goes to a segmentation worker once it pauses, not at every keystroke; the typed word is then a word', async () => {
    await client.open(uri, text);
    type Status = { busy?: boolean; documentResegmentations?: number };
    const status = () => client.request<Status>('corpusStudy/status', {});
    const idle = await eventually(status, (s) => !s.busy);
    const before = idle.documentResegmentations ?? 0;
    // 量子计算 typed a character at a time at the start of line 3.
    const word = '量子计算';
    const at = text.indexOf('1月25日');
    const start = positionAt(text, at);
    for (let k = 0; k < word.length; k++) {
      const p = { line: start.line, character: start.character + k };
      await client.change(uri, [{ range: { start: p, end: p }, text: word[k] }]);
    }
    const edited = text.slice(0, at) + word + text.slice(at);
    // While typing: nothing sent to a worker yet (a job per keystroke started at the first one);
    // requests answer from the shifted tokens, and a term further on is where it now is.
    const typing = await status();
    assert.equal(typing.documentResegmentations ?? 0, before);
    assert.equal(typing.busy, true);
    const termAt = edited.indexOf('四个意识');
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(edited, termAt + 1) });
    assert.deepEqual(h?.range?.start, positionAt(edited, termAt));
    const after = await eventually(status, (s) => !s.busy);
    assert.equal(after.busy, false);
    // Once for the whole word (twice if this machine stalled a whole pause between two keystrokes).
    const jobs = (after.documentResegmentations ?? 0) - before;
    assert.ok(jobs >= 1 && jobs <= 2, `segmentations for 4 keystrokes: ${jobs}`);
    const typed = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(edited, at + 1) });
    assert.ok(/量子/.test(hoverText(typed)), hoverText(typed));
  });

  it('positions after a character outside the BMP are UTF-16 (𠮷 before a term)', async () => {
    const extra = uriOf(path.join(dir, 'corpus', 'astral.txt'));
    const doc = '中共中央政治局常务委员会召开会议 测试\n\n中共中央政治局常务委员会3月9日召开会议。\n𠮷𠮷联防联控😀复工复产\n';
    await client.open(extra, doc);
    const at = doc.indexOf('联防联控');
    assert.equal(at - doc.indexOf('𠮷𠮷'), 4, '𠮷 is two UTF-16 units');
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: extra }, position: positionAt(doc, at + 1) });
    assert.ok(hoverText(h).startsWith('**联防联控**'));
    assert.deepEqual(h.range, { start: positionAt(doc, at), end: positionAt(doc, at + 4) });
    const at2 = doc.indexOf('复工复产');
    const h2 = await client.request<Hover>('textDocument/hover', { textDocument: { uri: extra }, position: positionAt(doc, at2) });
    assert.deepEqual(h2.range, { start: positionAt(doc, at2), end: positionAt(doc, at2 + 4) });
    // A word (not a term: a stock phrase, never a candidate) after astral characters: its range
    // comes from jieba's code points, once the edited line is segmented (when the edits pause).
    const doc2 = doc + '𠮷医务人员\n';
    await client.change(extra, [{ text: doc2 }]);
    const at3 = doc2.indexOf('医务人员');
    const hover3 = () => client.request<Hover | null>('textDocument/hover', { textDocument: { uri: extra }, position: positionAt(doc2, at3 + 1) });
    const h3 = await eventually(hover3, (h) => h !== null);
    assert.ok(h3, 'hover on a word after 𠮷');
    assert.deepEqual(h3.range!.start, positionAt(doc2, at3));
  });

  type CloseStatus = { busy?: boolean; indexVersion?: number; unchangedReads?: number };
  const closeStatus = () => client.request<CloseStatus>('corpusStudy/status', {});

  it('closing a document with no unsaved change keeps its index as it was: nothing read into it or segmented again', async () => {
    await client.open(uri, text);
    const opened = await eventually(closeStatus, (s) => !s.busy);
    await client.close(uri);
    const closed = await eventually(closeStatus, (s) => (s.unchangedReads ?? 0) > (opened.unchangedReads ?? 0));
    assert.equal(closed.unchangedReads, (opened.unchangedReads ?? 0) + 1);
    assert.equal(closed.indexVersion, opened.indexVersion, 'the index did not change');
    assert.equal(closed.busy, false, 'no segmentation under way');
    // Its words answer at once (they were dropped and segmented again before).
    const at = text.indexOf('医务人员');
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, at + 1) });
    assert.ok(hoverText(h).includes('医务人员'), hoverText(h));
  });

  it('closing a document with unsaved edits brings back the disk version', async () => {
    const countOnDisk = (await refs(uri, text, text.indexOf('联防联控'))).length;
    await client.open(uri, text);
    const opened = await closeStatus();
    const at = text.indexOf('1月25日');
    const edited = text.slice(0, at) + '坚持联防联控，' + text.slice(at);
    await client.change(uri, [{ range: { start: positionAt(text, at), end: positionAt(text, at) }, text: '坚持联防联控，' }]);
    assert.equal((await refs(uri, edited, edited.indexOf('联防联控'))).length, countOnDisk + 1);
    // The edit segmented (not merely pending) before the close: only the texts tell the two versions apart.
    await eventually(closeStatus, (s) => !s.busy);
    await client.close(uri);
    const back = await eventually(() => refs(uri, text, text.indexOf('联防联控')), (r) => r.length === countOnDisk);
    assert.equal(back.length, countOnDisk);
    const settled = await eventually(closeStatus, (s) => !s.busy);
    assert.equal(settled.unchangedReads ?? 0, opened.unchangedReads ?? 0, 'the disk text was read into the index');
    assert.notEqual(settled.indexVersion, opened.indexVersion);
  });

  it('files created, changed and deleted on disk are re-indexed', async () => {
    const added = path.join(dir, 'corpus', 'added.txt');
    fs.writeFileSync(added, '中共中央政治局召开会议 研究测试工作\n\n中共中央政治局4月1日召开会议。会议指出，要坚持联防联控。\n');
    const countBefore = (await refs(uri, text, text.indexOf('联防联控'))).length;
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(added), type: FileChangeType.Created }] });
    const symbols = async () => client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(added) } });
    assert.equal((await eventually(symbols, (s) => s.length === 1)).length, 1);
    assert.equal((await refs(uri, text, text.indexOf('联防联控'))).length, countBefore + 1);
    fs.writeFileSync(added, '中共中央政治局召开会议 研究测试工作\n\n中共中央政治局4月1日召开会议。\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(added), type: FileChangeType.Changed }] });
    const changed = await eventually(() => refs(uri, text, text.indexOf('联防联控')), (r) => r.length === countBefore);
    assert.equal(changed.length, countBefore);
    fs.rmSync(added);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(added), type: FileChangeType.Deleted }] });
    assert.equal((await eventually(symbols, (s) => s.length === 0)).length, 0);
  });

  it('editing the glossary re-applies it live, and a broken glossary keeps the last good one', async () => {
    const gUri = uriOf(path.join(dir, 'corpus', 'glossary.yaml'));
    const gText = fs.readFileSync(path.join(dir, 'corpus', 'glossary.yaml'), 'utf8');
    await client.open(gUri, gText, 'yaml');
    const hover = async () => hoverText(await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('复工复产') + 1) }));
    assert.ok((await hover()).startsWith('**复工复产**'));
    // A new term gets hovers and mentions at once.
    const added = gText.replace(/\s*$/, '\n') + '  - term: 医务人员\n    category: concept\n    gloss: medical workers\n    zh: 测试定义。\n    en: Test definition.\n';
    await client.change(gUri, [{ text: added }]);
    const h = hoverText(await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(text, text.indexOf('医务人员') + 1) }));
    assert.ok(h.includes('Test definition.'), h);
    // Bad syntax: a diagnostic at the right line; hovers keep working.
    const broken = added + '  - term: [unclosed\n';
    await client.change(gUri, [{ text: broken }]);
    assert.ok((await hover()).startsWith('**复工复产**'));
    const diags = client.diagnostics.get(gUri)!.diagnostics;
    assert.ok(diags.length > 0);
    const brokenLine = broken.split('\n').findIndex((l) => l.includes('[unclosed'));
    assert.ok(diags.some((d) => Math.abs(d.range.start.line - brokenLine) <= 1), JSON.stringify(diags.map((d) => d.range.start)) + ' vs ' + brokenLine);
    // A duplicate alias: a diagnostic on the alias's line.
    const dup = added + '  - term: 测试术语\n    aliases: [复工复产]\n    category: concept\n    gloss: test\n    zh: 测试。\n    en: Test.\n';
    await client.change(gUri, [{ text: dup }]);
    // (A request's answer comes after the diagnostics the notification before it produced.)
    assert.ok((await hover()).startsWith('**复工复产**'));
    const dupLine = dup.split('\n').findIndex((l) => l.includes('aliases: [复工复产]'));
    assert.ok(client.diagnostics.get(gUri)!.diagnostics.some((d) => d.range.start.line === dupLine && /alias/i.test(d.message)));
    // Fixing the file clears the diagnostics.
    await client.change(gUri, [{ text: gText }]);
    await hover();
    assert.equal(client.diagnostics.get(gUri)!.diagnostics.length, 0);
  });

  /** A second folder of the corpus, which the globs `corpus/*.txt` leave out. */
  const extraFile = () => {
    const other = path.join(dir, 'corpus', 'other');
    fs.mkdirSync(other, { recursive: true });
    const f = path.join(other, 'extra.txt');
    fs.writeFileSync(f, '中共中央政治局召开会议 研究测试工作\n\n中共中央政治局4月1日召开会议。\n');
    return uriOf(f);
  };
  const meetingsIn = async (u: string) => (await client.request<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri: u } }))?.length ?? 0;

  it('settings: the same configuration again does not re-index; new globs re-index and drop files no longer matched', async () => {
    const settings: Record<string, unknown> = {};
    await client.stop();
    const extra = extraFile();
    client = await LspTestClient.start({ folder: dir, settings });
    await client.waitForIndex();
    assert.equal(await meetingsIn(extra), 1);
    const begins = () => client.progress.filter((p) => p.value.kind === 'begin').length;
    const before = begins();
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await client.request('corpusStudy/status', {});
    assert.equal(begins(), before, 'no second indexing run for unchanged settings');
    settings.corpusGlobs = ['corpus/*.txt'];
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await client.waitForIndex(2);
    assert.equal(await meetingsIn(extra), 0, 'corpus/other/extra.txt is no longer in the corpus');
    assert.equal((await refs(uri, text, text.indexOf('联防联控'))).length, 24);
  });

  it('settings sent with initialize: indexing starts without waiting for the configuration answer; an answer that differs re-indexes', async () => {
    await client.stop();
    const extra = extraFile();
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    const settings: Record<string, unknown> = { corpusGlobs: ['corpus/*.txt'] };
    client = await LspTestClient.start({ folder: dir, settings, beforeConfiguration: () => answered });
    // The configuration request is still unanswered: the index comes from initialize's settings.
    await client.waitForIndex(1, 20000);
    assert.equal(await meetingsIn(extra), 0, "initialize's globs leave corpus/other out");
    settings.corpusGlobs = ['corpus/**/*.txt'];
    answer();
    await client.waitForIndex(2);
    assert.equal(await meetingsIn(extra), 1, "the configuration's globs take corpus/other in");
  });

  it('indexing does not wait for the client to create its progress token; begin and end follow once it has', async () => {
    await client.stop();
    let create!: () => void;
    const created = new Promise<void>((r) => (create = r));
    client = await LspTestClient.start({ folder: dir, beforeProgressCreate: () => created });
    const status = await eventually(
      () => client.request<{ phase: string }>('corpusStudy/status', {}),
      (s) => s.phase === 'ready',
      20000,
    );
    assert.equal(status.phase, 'ready', 'indexed while the progress token was still being created');
    assert.equal(client.progress.length, 0);
    create();
    await client.waitForIndex();
    assert.deepEqual(
      client.progress.map((p) => p.value.kind),
      ['begin', 'end'],
    );
  });

  it('no settings with initialize: the first indexing waits for the configuration and uses it', async () => {
    await client.stop();
    const extra = extraFile();
    client = await LspTestClient.start({ folder: dir, settings: { corpusGlobs: ['corpus/*.txt'] }, settingsAtInitialize: false });
    await client.waitForIndex();
    await client.request('corpusStudy/status', {});
    assert.equal(client.progress.filter((p) => p.value.kind === 'begin').length, 1, 'one indexing run');
    assert.equal(await meetingsIn(extra), 0, "the configuration's globs leave corpus/other out");
  });
});
