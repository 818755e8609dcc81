// The study views in a real VS Code extension host (loaded by index.ts like every *.e2e.js): the commands open
// their webview panels, the hover's "Concordance" link runs the command, the CodeLens over each meeting title
// names its distinctive terms, and the data behind the Corpus tree view answers.
//
// A panel's tab is first labelled "Concordance" / "Trend" / "Distinctive terms"; the extension renames it
// (`Concordance: 联防联控` …) only once the webview's script has run and posted `ready` and the server has
// answered. Waiting for that label therefore proves that the bundled script ran under the webview's CSP.
// No fixed sleeps: every wait polls a condition with a bound. Panels are closed after each test.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor } from './wait';

const EXTENSION_ID = 'corpus-study.corpus-study';
const CORPUS_FILE = '000_0e5442cdf73d87c8.txt';
const LAST_MEETING = 11; // 6 March 2020, the twelfth meeting of the seed file


/** Every open webview tab: label and viewType (VS Code prefixes the extension's viewType, e.g. mainThreadWebview-…). */
function webviewTabs(): { tab: vscode.Tab; label: string; viewType: string }[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview)
    .map((t) => ({ tab: t, label: t.label, viewType: (t.input as vscode.TabInputWebview).viewType }));
}

const describeTabs = () => webviewTabs().map((t) => `${t.label} [${t.viewType}]`).join(' | ') || 'no webview tabs';

/** Wait for a webview tab of `viewType` (corpusStudy.*) whose label satisfies `label`. */
function waitForPanel(viewType: string, label: (l: string) => boolean, what: string, timeoutMs = 60_000) {
  return waitFor(`${what} (tabs: ${describeTabs()})`, () =>
    webviewTabs().find((t) => t.viewType.endsWith(viewType) && label(t.label)), timeoutMs);
}

async function closeStudyPanels(): Promise<void> {
  const tabs = webviewTabs().filter((t) => t.viewType.includes('corpusStudy.')).map((t) => t.tab);
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
  await waitFor('the study panels to close', () => !webviewTabs().some((t) => t.viewType.includes('corpusStudy.')), 15_000);
}

describe('Corpus Study views in a real VS Code', function () {
  let corpusUri: vscode.Uri;
  let doc: vscode.TextDocument;

  before(async function () {
    this.timeout(150_000);
    const ws = vscode.workspace.workspaceFolders;
    assert.ok(ws && ws.length > 0, 'no workspace folder open (the runner opens corpus/)');
    corpusUri = vscode.Uri.joinPath(ws[0].uri, CORPUS_FILE);
    doc = await vscode.workspace.openTextDocument(corpusUri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    await waitFor(`${EXTENSION_ID} to activate`, () => ext.isActive, 60_000);
    // word-level requests wait for the first indexing run; the CodeLens is empty until segmentation is done
    await waitFor('24 CodeLenses on the seed file (segmentation finished): distinctive terms and compare over each title', async () =>
      ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', corpusUri)) ?? []).length === 24, 120_000, 300);
  });

  afterEach(async function () {
    this.timeout(30_000);
    await closeStudyPanels();
  });

  after(async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Concordance command on 联防联控 opens the concordance webview; Collocates reuses it', async function () {
    this.timeout(90_000);
    await vscode.commands.executeCommand('corpusStudy.concordance', '联防联控');
    const p = await waitForPanel('corpusStudy.concordance', (l) => l === 'Concordance: 联防联控', 'the concordance panel titled "Concordance: 联防联控"');
    assert.ok(p.viewType.includes('corpusStudy.concordance'), p.viewType);
    await vscode.commands.executeCommand('corpusStudy.collocates', '复工复产');
    await waitForPanel('corpusStudy.concordance', (l) => l === 'Concordance: 复工复产', 'the panel to show 复工复产 after Collocates');
    const panels = webviewTabs().filter((t) => t.viewType.endsWith('corpusStudy.concordance'));
    assert.strictEqual(panels.length, 1, `one concordance panel expected, got: ${describeTabs()}`);
  });

  it('the hover on 联防联控 has a Concordance link that opens the panel', async function () {
    this.timeout(90_000);
    // the first occurrence of 联防联控 whose hover is about the term itself (not 国务院联防联控机制)
    const text = doc.getText();
    let link: { command: string; args: unknown[] } | undefined;
    for (let at = text.indexOf('联防联控'); at >= 0 && !link; at = text.indexOf('联防联控', at + 4)) {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', corpusUri, doc.positionAt(at + 1))) ?? [];
      const md = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)).join('\n');
      const m = /\[Concordance\]\(command:(corpusStudy\.concordance)\?([^ )]+)/.exec(md);
      if (m) {
        const args = JSON.parse(decodeURIComponent(m[2])) as unknown[];
        if (args[0] === '联防联控') link = { command: m[1], args };
      }
    }
    assert.ok(link, 'no hover on 联防联控 with a [Concordance](command:corpusStudy.concordance?["联防联控"]) link');
    assert.ok(/\[Trend\]\(command:corpusStudy\.trend\?/.test((await hoverMarkdown(corpusUri, doc, '联防联控'))), 'the hover has no Trend link');
    await vscode.commands.executeCommand(link.command, ...link.args);   // what clicking the link does
    await waitForPanel('corpusStudy.concordance', (l) => l === 'Concordance: 联防联控', 'the concordance panel opened from the hover link');
  });

  it('Trend on 联防联控 + 复工复产 opens the trend webview', async function () {
    this.timeout(90_000);
    await vscode.commands.executeCommand('corpusStudy.trend', ['联防联控', '复工复产']);
    const p = await waitForPanel('corpusStudy.trend', (l) => l === 'Trend: 联防联控, 复工复产', 'the trend panel titled "Trend: 联防联控, 复工复产"');
    assert.ok(p.viewType.includes('corpusStudy.trend'), p.viewType);
  });

  it('Distinctive terms of the 6 March meeting (index 11) opens the distinctive webview', async function () {
    this.timeout(90_000);
    await vscode.commands.executeCommand('corpusStudy.distinctiveTerms', corpusUri.toString(), LAST_MEETING);
    const p = await waitForPanel('corpusStudy.distinctive', (l) => l.startsWith('Distinctive: 2020-03-06'), 'the distinctive panel titled "Distinctive: 2020-03-06 …"');
    assert.ok(p.label.includes('脱贫'), `label: ${p.label}`);
  });

  it('CodeLens: 12 lenses "Distinctive: …" over the meeting titles, the last one with 脱贫攻坚, running the distinctive command', async function () {
    this.timeout(60_000);
    const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', corpusUri, 100)) ?? [];
    const lenses = all.filter((l) => l.command?.command === 'corpusStudy.distinctiveTerms');
    const titles = lenses.map((l) => l.command?.title ?? '(unresolved)');
    assert.strictEqual(lenses.length, 12, `lenses: ${all.map((l) => l.command?.title ?? '(unresolved)').join(' | ')}`);
    for (const t of titles) assert.ok(t.startsWith('Distinctive:'), `lens title "${t}"`);
    const sorted = [...lenses].sort((a, b) => a.range.start.line - b.range.start.line);
    const last = sorted[11];
    assert.ok(last.command!.title.includes('脱贫攻坚'), `last lens: ${last.command!.title}`);
    assert.strictEqual(last.range.start.line, 193, `the last lens is at line ${last.range.start.line + 1}, not over the 6 March title (line 194)`);
    assert.ok(doc.lineAt(193).text.includes('脱贫攻坚'), `line 194 is not the 6 March title: ${doc.lineAt(193).text}`);
    assert.strictEqual(last.command!.command, 'corpusStudy.distinctiveTerms');
    assert.deepStrictEqual(last.command!.arguments, [corpusUri.toString(), LAST_MEETING]);
    // and the lens's command opens the table (what clicking it does)
    await vscode.commands.executeCommand(last.command!.command, ...(last.command!.arguments ?? []));
    await waitForPanel('corpusStudy.distinctive', (l) => l.startsWith('Distinctive: 2020-03-06'), 'the distinctive panel opened by the lens command');
  });

  it('CodeLens: "Compared with …" over the 4 March title, resolved, opening the compare view', async function () {
    this.timeout(60_000);
    const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', corpusUri, 100)) ?? [];
    const compare = all.filter((l) => l.command?.command === 'corpusStudy.compare').sort((a, b) => a.range.start.line - b.range.start.line);
    assert.strictEqual(compare.length, 12, `lenses: ${all.map((l) => l.command?.title ?? '(unresolved)').join(' | ')}`);
    const march4 = compare[10];
    assert.ok(/^Compared with 2020-02-26 standing-committee: \d+ new · \d+ dropped$/.test(march4.command!.title), march4.command!.title);
    await vscode.commands.executeCommand(march4.command!.command, ...(march4.command!.arguments ?? []));
    await waitForPanel('corpusStudy.compare', (l) => l.startsWith('Compare: 2020-03-04'), 'the compare panel opened by the lens command');
  });

  it('the Corpus view opens, and the outline behind it lists the 12 meetings in date order', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('corpusStudy.corpus.focus');       // the view's generated focus command
    await vscode.commands.executeCommand('corpusStudy.refreshCorpusView');
    // The tree provider is internal to the extension; its data is the server's corpusStudy/outline, which the
    // extension's exports (the LanguageClient) can ask for directly.
    const client = vscode.extensions.getExtension(EXTENSION_ID)!.exports as { sendRequest?: (m: string, p?: unknown) => Promise<unknown> } | undefined;
    assert.ok(client && typeof client.sendRequest === 'function', 'the extension does not export its LanguageClient');
    const outline = (await client.sendRequest!('corpusStudy/outline', {})) as { date: string | null; title: string }[];
    assert.strictEqual(outline.length, 12, outline.map((m) => `${m.date} ${m.title}`).join(' | '));
    const dates = outline.map((m) => m.date ?? '');
    assert.deepStrictEqual(dates, [...dates].sort(), `not in date order: ${dates.join(', ')}`);
    assert.ok(dates[0].startsWith('2020-01-25') && dates[11].startsWith('2020-03-06'), dates.join(', '));
  });
});

async function hoverMarkdown(uri: vscode.Uri, doc: vscode.TextDocument, word: string): Promise<string> {
  const text = doc.getText();
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, doc.positionAt(at + 1))) ?? [];
    const md = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)).join('\n');
    if (md.includes(`**${word}**`)) return md;
  }
  return '';
}
