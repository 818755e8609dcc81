// End-to-end suite in a real VS Code extension host, with the repository's corpus/ folder open and the extension
// installed from corpus-study.vsix (scripts/e2e.mjs). Everything goes through the public VS Code API
// (vscode.execute*Provider), i.e. through the language client and the language server, as the editor uses them.
//
// No fixed sleeps: every wait polls a condition with a bound (waitFor). Corpus files are edited only in memory and
// reverted (workbench.action.files.revert); nothing is ever saved.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { waitFor } from './wait';
import { parse as parseYaml } from 'yaml';

const EXTENSION_ID = 'corpus-study.corpus-study';
const CORPUS_FILE = '000_0e5442cdf73d87c8.txt';
const GLOSSARY_FILE = 'glossary.yaml';
const REPO = path.resolve(__dirname, '..', '..', '..'); // out/test/e2e -> repo
const SPEECH_TITLE = '在统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议上的讲话';

// ---- helpers --------------------------------------------------------------------------------------------------


/** Markdown of hovers as plain text: markdown escapes undone, so glossary text can be compared verbatim. */
function plain(md: string): string {
  return md.replace(/\\([\\`*_{}[\]()#+\-.!|~<>&"'])/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

async function hoverText(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? [];
  return hovers.flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))
    .join('\n\n');
}

async function references(uri: vscode.Uri, pos: vscode.Position): Promise<vscode.Location[]> {
  return (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', uri, pos)) ?? [];
}

/** Position inside the n-th (0-based) occurrence of `word` at or after `from` in `doc`. */
function positionOf(doc: vscode.TextDocument, word: string, opts: { after?: string; nth?: number } = {}): vscode.Position {
  const text = doc.getText();
  let at = opts.after ? text.indexOf(opts.after) : 0;
  assert.ok(at >= 0, `"${opts.after}" not found in ${doc.uri.fsPath}`);
  for (let i = 0; i <= (opts.nth ?? 0); i++) {
    at = text.indexOf(word, i === 0 ? at : at + word.length);
    assert.ok(at >= 0, `occurrence ${i} of ${word} not found in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(at + 1); // inside the word
}

function count(text: string, word: string): number {
  return text.split(word).length - 1;
}

async function revert(doc: vscode.TextDocument, original: string): Promise<void> {
  if (!doc.isDirty && doc.getText() === original) return;
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor(`${path.basename(doc.uri.fsPath)} to be reverted`, () => !doc.isDirty && doc.getText() === original, 15_000);
}

function dump(locs: vscode.Location[]): string {
  return locs.map((l) => `${path.basename(l.uri.fsPath)}:${l.range.start.line + 1}:${l.range.start.character + 1}`).join(' ');
}

// ---- suite ----------------------------------------------------------------------------------------------------

describe('Corpus Study in a real VS Code', function () {
  let folder: vscode.Uri;
  let corpusUri: vscode.Uri;
  let doc: vscode.TextDocument;
  let original: string;
  let glossaryEntry: { term: string; zh: string; en: string; parts: string[] };

  before(async function () {
    this.timeout(60_000);
    const ws = vscode.workspace.workspaceFolders;
    assert.ok(ws && ws.length > 0, 'no workspace folder open (the runner opens corpus/)');
    folder = ws[0].uri;
    corpusUri = vscode.Uri.joinPath(folder, CORPUS_FILE);
    doc = await vscode.workspace.openTextDocument(corpusUri);
    original = doc.getText();
    await vscode.window.showTextDocument(doc, { preview: false });
    const glossary = parseYaml(fs.readFileSync(vscode.Uri.joinPath(folder, GLOSSARY_FILE).fsPath, 'utf8'));
    glossaryEntry = glossary.terms.find((t: { term: string }) => t.term === '四个意识');
    assert.ok(glossaryEntry, '四个意识 missing from corpus/glossary.yaml');
  });

  after(async function () {
    this.timeout(30_000);
    // belt and braces: never leave a corpus file dirty
    for (const d of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
      await vscode.window.showTextDocument(d);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is the extension installed from the .vsix (not the source folder)', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    const extPath = fs.realpathSync(ext.extensionPath);
    console.log(`    extensionPath: ${extPath}`);
    assert.ok(path.basename(extPath).toLowerCase().startsWith(`${EXTENSION_ID}-`),
      `${extPath} is not an installed extension folder (<publisher>.<name>-<version>)`);
    const extDir = process.env.E2E_EXTENSIONS_DIR; // set by scripts/e2e.mjs: the run's own extensions folder
    if (extDir) {
      assert.ok(extPath.startsWith(fs.realpathSync(extDir) + path.sep), `${extPath} is not inside the run's extensions dir ${extDir}`);
    } else {
      const repo = fs.realpathSync(REPO);
      assert.ok(extPath !== repo && !extPath.startsWith(repo + path.sep), `${extPath} is the source folder, not the installed .vsix`);
    }
  });

  it('activates and the language server answers (indexing finished)', async function () {
    this.timeout(150_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor(`${EXTENSION_ID} to activate`, () => ext.isActive, 60_000);
    assert.strictEqual(doc.languageId, 'corpus-text', 'corpus .txt files should get language id corpus-text');
    const pos = positionOf(doc, '四个意识');
    const t0 = Date.now();
    const text = await waitFor('a hover on 四个意识 that shows its parts', async () => {
      const t = await hoverText(corpusUri, pos);
      return t.includes('政治意识') ? t : undefined;
    }, 120_000, 250);
    console.log(`    ready after ${Date.now() - t0} ms; hover has ${text.length} chars`);
  });

  it('hover on 四个意识 shows the glossary definition and its four parts', async () => {
    const text = plain(await hoverText(corpusUri, positionOf(doc, '四个意识')));
    assert.ok(text.includes('四个意识'), `hover lacks the term: ${text}`);
    for (const part of ['政治意识', '大局意识', '核心意识', '看齐意识']) {
      assert.ok(text.includes(part), `hover lacks part ${part}: ${text}`);
    }
    assert.deepStrictEqual(glossaryEntry.parts, ['政治意识', '大局意识', '核心意识', '看齐意识']);
    assert.ok(text.includes(glossaryEntry.zh), `hover lacks the Chinese definition: ${text}`);
    assert.ok(text.includes(glossaryEntry.en), `hover lacks the English definition: ${text}`);
  });

  it('go to definition on 联防联控 (12 February meeting) lands on its first mention, 25 January', async () => {
    // The first 联防联控 after the anchor is inside the longer term 国务院联防联控机制, which is a target of its own
    // (its first mention is on 3 February); take the first occurrence there whose hover is about 联防联控 itself.
    let from: vscode.Position | undefined;
    const tried: string[] = [];
    for (let nth = 0; nth < 5 && !from; nth++) {
      const p = positionOf(doc, '联防联控', { after: '2月12日召开会议', nth });
      const head = plain(await hoverText(corpusUri, p)).split('\n')[0];
      tried.push(`${p.line + 1}:${p.character}: ${head.slice(0, 40)}`);
      if (head.startsWith('**联防联控**')) from = p;
    }
    assert.ok(from, `no occurrence of 联防联控 after 2月12日召开会议 hovers as 联防联控 itself: ${tried.join(' | ')}`);
    const defs = (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider', corpusUri, from)) ?? [];
    assert.strictEqual(defs.length, 1, `expected 1 definition, got ${defs.length}`);
    const d = defs[0];
    const uri = 'targetUri' in d ? d.targetUri : d.uri;
    const range = 'targetUri' in d ? (d.targetSelectionRange ?? d.targetRange) : d.range;
    assert.strictEqual(uri.toString(), corpusUri.toString());
    const first = doc.positionAt(original.indexOf('联防联控'));
    assert.deepStrictEqual([range.start.line, range.start.character], [first.line, first.character],
      `definition at ${range.start.line + 1}:${range.start.character + 1}, first mention at ${first.line + 1}:${first.character + 1}`);
    assert.strictEqual(doc.getText(range), '联防联控');
    // that first mention is inside the 25 January meeting
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', corpusUri);
    const jan25 = symbols?.find((s) => s.detail.startsWith('2020-01-25'));
    assert.ok(jan25 && jan25.range.contains(range.start), 'the first mention is not inside the 2020-01-25 meeting');
    const feb12 = symbols?.find((s) => s.detail.startsWith('2020-02-12'));
    assert.ok(feb12 && feb12.range.contains(from), `the occurrence asked about (${from.line + 1}:${from.character + 1}) is not inside the 2020-02-12 meeting`);
  });

  it('find references: 联防联控 24, 复工复产 34', async () => {
    for (const [term, expected] of [['联防联控', 24], ['复工复产', 34]] as const) {
      const locs = await references(corpusUri, positionOf(doc, term));
      assert.strictEqual(locs.length, expected, `${term}: ${locs.length} references: ${dump(locs)}`);
      for (const l of locs.filter((l) => l.uri.toString() === corpusUri.toString())) {
        assert.strictEqual(doc.getText(l.range), term, `reference at ${dump([l])} is not ${term}`);
      }
    }
  });

  it('document symbols: 12 dated meetings, the 23 February speech with sections 一、 to 四、', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', corpusUri);
    assert.ok(symbols, 'no document symbols');
    const summary = symbols.map((s) => `${s.detail} ${s.name}`).join('\n');
    assert.strictEqual(symbols.length, 12, `expected 12 meetings:\n${summary}`);
    for (const s of symbols) assert.match(s.detail, /^\d{4}-\d{2}-\d{2}/, `detail of "${s.name}" is not an ISO date: "${s.detail}"`);
    assert.ok(symbols[0].detail.startsWith('2020-01-25'), `first meeting: ${symbols[0].detail}`);
    const speech = symbols.find((s) => s.detail.startsWith('2020-02-23'));
    assert.ok(speech, `no meeting dated 2020-02-23:\n${summary}`);
    const numbered = speech.children.map((c) => c.name).filter((n) => /^[一二三四五六七八九十]+、/.test(n));
    assert.deepStrictEqual(numbered.slice(0, 4).map((n) => n.slice(0, 2)), ['一、', '二、', '三、', '四、'],
      `sections of the speech: ${speech.children.map((c) => c.name).join(' | ')}`);
  });

  it('workspace symbols: 2月23日 finds the speech, 六稳 finds the term', async () => {
    const speech = (await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', '2月23日')) ?? [];
    assert.ok(speech.some((s) => s.name.startsWith(SPEECH_TITLE)), `2月23日: ${speech.map((s) => s.name).join(' | ')}`);
    const liuwen = (await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', '六稳')) ?? [];
    assert.ok(liuwen.some((s) => s.name === '六稳'), `六稳: ${liuwen.map((s) => s.name).join(' | ')}`);
  });

  it('an unsaved edit is seen by the next hover and references, and is reverted', async function () {
    this.timeout(90_000);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    const term = '四个意识';
    const before = await references(corpusUri, positionOf(doc, term));
    assert.strictEqual(before.length, count(original, term), `baseline: ${dump(before)}`);
    try {
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      assert.ok(await editor.edit((e) => e.insert(end, '\n各级党委要增强“四个意识”。\n')), 'edit was not applied');
      assert.ok(doc.isDirty);
      const added = positionOf(doc, term, { nth: count(original, term) }); // the new, last occurrence
      const after = await waitFor(`${before.length + 1} references to ${term} after the edit`, async () => {
        const r = await references(corpusUri, added);
        return r.length === before.length + 1 ? r : undefined;
      }, 30_000);
      assert.ok(after.some((l) => l.range.start.line === added.line), `the new occurrence is not among ${dump(after)}`);
      const text = await waitFor('a hover on the new occurrence', async () => {
        const t = await hoverText(corpusUri, added);
        return t.includes('政治意识') ? t : undefined;
      }, 30_000);
      assert.ok(text.includes(term));
    } finally {
      await revert(doc, original);
    }
    await waitFor(`references back to ${before.length} after the revert`, async () =>
      (await references(corpusUri, positionOf(doc, term))).length === before.length, 30_000);
    assert.strictEqual(fs.readFileSync(corpusUri.fsPath, 'utf8'), original, 'the corpus file on disk changed');
  });

  it('editing glossary.yaml (unsaved) changes the next hover, and is reverted', async function () {
    this.timeout(90_000);
    const glossaryUri = vscode.Uri.joinPath(folder, GLOSSARY_FILE);
    const gdoc = await vscode.workspace.openTextDocument(glossaryUri);
    const gOriginal = gdoc.getText();
    const gEditor = await vscode.window.showTextDocument(gdoc, { preview: false });
    const entryAt = gOriginal.search(/^\s*- term: 四个意识\s*$/m);
    assert.ok(entryAt >= 0, '- term: 四个意识 not found in glossary.yaml');
    const enMatch = /^(\s*en: )(.*)$/m.exec(gOriginal.slice(entryAt));
    assert.ok(enMatch, 'en: line of 四个意识 not found');
    const valueStart = entryAt + enMatch.index + enMatch[1].length;
    const marker = `Changed by the e2e suite ${Date.now().toString(36)} zqx`;
    const hoverPos = positionOf(doc, '四个意识');
    try {
      const range = new vscode.Range(gdoc.positionAt(valueStart), gdoc.positionAt(valueStart + enMatch[2].length));
      assert.ok(await gEditor.edit((e) => e.replace(range, marker)), 'glossary edit was not applied');
      assert.ok(gdoc.isDirty);
      const text = await waitFor('the hover on 四个意识 to show the edited definition', async () => {
        const t = plain(await hoverText(corpusUri, hoverPos));
        return t.includes(marker) ? t : undefined;
      }, 30_000);
      assert.ok(!text.includes(glossaryEntry.en), 'the old definition is still shown');
    } finally {
      await revert(gdoc, gOriginal);
    }
    await waitFor('the hover to show the original definition after the revert', async () =>
      plain(await hoverText(corpusUri, hoverPos)).includes(glossaryEntry.en), 30_000);
    assert.strictEqual(fs.readFileSync(glossaryUri.fsPath, 'utf8'), gOriginal, 'glossary.yaml on disk changed');
  });
});
