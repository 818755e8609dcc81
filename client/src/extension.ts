// The VS Code client: starts the language server and hosts the commands and views.
// No corpus logic lives here; everything comes from the server.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { CandidateRow, StudyApi } from './views/studyApi';
import { ConcordancePanel, exportConcordance } from './views/concordancePanel';
import { TrendPanel, openMeeting } from './views/trendPanel';
import { DistinctivePanel } from './views/distinctivePanel';
import { ComparePanel } from './views/comparePanel';
import { CorpusTreeProvider, toRange } from './views/corpusTree';
import { saveWithDialog, csvFilter } from './views/webview';
import { CorpusStatusBar } from './statusBar';
import { kindLabel, listSeparator, reasonLabel, undated } from './labels';
import { RecordDocuments, RECORD_SCHEME } from './recordDocuments';
import { importDataset } from './importDataset';

let client: LanguageClient | undefined;

/** The corpusStudy.* settings, as the server reads them (CorpusSettings). */
function corpusSettings(): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration('corpusStudy');
  return {
    corpusGlobs: c.get('corpusGlobs'),
    glossaryFiles: c.get('glossaryFiles'),
    maxFileSizeMB: c.get('maxFileSizeMB'),
    datasetFields: c.get('datasetFields'),
    maxCandidates: c.get('maxCandidates'),
    highlightNewFormulations: c.get('highlightNewFormulations'),
  };
}

export async function activate(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const serverModule = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  // V8's compiled code for the server bundle, kept for the next start (CODE_CACHE_ARG in server/src/codeCache.ts).
  const codeCache = `--code-cache-dir=${path.join(context.globalStorageUri.fsPath, 'code-cache')}`;
  const storage = context.storageUri ?? context.globalStorageUri;
  // The storage folder as an argument too: the server starts reading its index snapshot before it
  // has loaded (STORAGE_ARG in server/src/snapshotReadAhead.ts).
  const storageDir = `--storage-dir=${storage.fsPath}`;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, args: [codeCache, storageDir] },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'corpus-text' },
      { scheme: 'file', pattern: '**/*glossary.{yaml,yml}' },
      // Dataset records, shown read-only (recordDocuments.ts).
      { scheme: RECORD_SCHEME },
    ],
    // Changing a corpusStudy.* setting re-indexes with the new globs and glossary files.
    synchronize: { configurationSection: 'corpusStudy' },
    initializationOptions: {
      storagePath: storage.fsPath,
      globalStoragePath: context.globalStorageUri.fsPath,
      bundledGlossary: context.asAbsolutePath(path.join('corpus', 'glossary.yaml')),
      trusted: vscode.workspace.isTrusted,
      // What the server would ask for with workspace/configuration: it starts indexing without asking first.
      settings: corpusSettings(),
    },
    // Hover links may run these commands only; corpus text in hovers is escaped by the server.
    // openMeeting: a hover's link to a first mention in a dataset record (hovers follow no corpus-record: link).
    markdown: { isTrusted: { enabledCommands: ['corpusStudy.addToGlossary', 'corpusStudy.concordance', 'corpusStudy.trend', 'corpusStudy.openMeeting'] }, supportHtml: false },
    outputChannelName: 'Corpus Study',
  };
  client = new LanguageClient('corpusStudy', 'Corpus Study', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('corpusStudy.addToGlossary', async (term?: string) => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Corpus Study only reads an untrusted workspace: trust it to add terms to its glossary.'));
        return;
      }
      term ??= await vscode.window.showInputBox({ prompt: vscode.l10n.t('Term to add to the glossary') });
      if (!term || !client) return;
      const edit = await client.sendRequest<unknown>('corpusStudy/glossaryEdit', { term });
      if (!edit) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Corpus Study: no glossary file to add the term to. Open a folder first.'));
        return;
      }
      const wsEdit = await client.protocol2CodeConverter.asWorkspaceEdit(edit as Parameters<typeof client.protocol2CodeConverter.asWorkspaceEdit>[0]);
      if (wsEdit && (await vscode.workspace.applyEdit(wsEdit))) {
        const uri = wsEdit.entries()[0]?.[0];
        if (uri) await revealGlossaryEntry(uri.toString(), term);
      }
    }),
    vscode.commands.registerCommand('corpusStudy.revealGlossaryEntry', (uri: string, term: string) => revealGlossaryEntry(uri, term)),
    vscode.commands.registerCommand('corpusStudy.showCandidates', async () => {
      if (!client) return;
      const pick = await pickCandidate(new StudyApi(() => client));
      if (!pick) return;
      const action = await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t('Add to glossary'), id: 'add' },
          { label: vscode.l10n.t('Go to first mention'), id: 'first' },
        ],
        { title: pick.label },
      );
      if (action?.id === 'add') await vscode.commands.executeCommand('corpusStudy.addToGlossary', pick.label);
      else if (action?.id === 'first') {
        const hits = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', pick.label);
        const hit = hits?.find((h) => h.name === pick.label);
        if (hit) await vscode.window.showTextDocument(hit.location.uri, { selection: hit.location.range });
      }
    }),
    vscode.commands.registerCommand('corpusStudy.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('corpusStudy.importDataset', () => importDataset(client)),
    new RecordDocuments(() => client),
  );

  registerStudyViews(context);
  await client.start();
  context.subscriptions.push(new CorpusStatusBar(client));
  // Trust granted later: restart so the server may offer glossary edits.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()));
  void refreshWhenIndexed();
  return client;
}

/**
 * A candidate term from the ranked list, a page at a time: the last item of the quick pick loads
 * the next page (an archive has thousands; the first hundred are the ones worth reading).
 */
async function pickCandidate(api: StudyApi): Promise<{ label: string; row: CandidateRow } | undefined> {
  const rows: CandidateRow[] = [];
  let total = Infinity;
  for (;;) {
    if (rows.length < total) {
      const page = await api.candidates(rows.length);
      rows.push(...page.items);
      total = page.total;
    }
    const items: (vscode.QuickPickItem & { row?: CandidateRow })[] = rows.map((r) => ({
      label: r.term,
      description: vscode.l10n.t('found {0}× in {1} meetings over {2} months or years', r.count, r.meetings, r.periods),
      detail: vscode.l10n.t('undefined term · found as {0}', r.reasons.map(reasonLabel).join(listSeparator())),
      row: r,
    }));
    if (rows.length < total) items.push({ label: `$(ellipsis) ${vscode.l10n.t('More…')}`, description: vscode.l10n.t('{0} of {1} shown', rows.length, total) });
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Candidate terms (not in the glossary), the most term-like first'), matchOnDescription: true });
    if (!pick) return undefined;
    if (pick.row) return { label: pick.label, row: pick.row };
  }
}

// ---- study views ---------------------------------------------------------------------------------

let tree: CorpusTreeProvider | undefined;

/**
 * The text a study command is about. Hover links pass the term (`["联防联控"]`); the editor's context
 * menu passes the document's URI, so then the selection counts; otherwise the word at the cursor.
 */
async function studyTarget(arg: unknown, prompt: string): Promise<string | undefined> {
  if (typeof arg === 'string' && arg.trim()) return arg.trim();
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const sel = editor.document.getText(editor.selection).trim();
    if (sel && sel.length <= 200 && !/\n/.test(sel)) return sel;
    const word = editor.document.getWordRangeAtPosition(editor.selection.active);
    const w = word ? editor.document.getText(word).trim() : '';
    if (w && w.length <= 12) return (await vscode.window.showInputBox({ prompt, value: w })) ?? undefined;
  }
  return (await vscode.window.showInputBox({ prompt })) || undefined;
}

function registerStudyViews(context: vscode.ExtensionContext): void {
  const api = new StudyApi(() => client);
  const ext = context.extensionUri;
  tree = new CorpusTreeProvider(api);
  context.subscriptions.push(
    vscode.window.createTreeView('corpusStudy.corpus', { treeDataProvider: tree, showCollapseAll: true }),
    vscode.commands.registerCommand('corpusStudy.concordance', async (arg?: unknown) => {
      const q = await studyTarget(arg, vscode.l10n.t('Concordance of (term, word or any string)'));
      if (q) ConcordancePanel.show(ext, api, q);
    }),
    vscode.commands.registerCommand('corpusStudy.collocates', async (arg?: unknown) => {
      const q = await studyTarget(arg, vscode.l10n.t('Collocates of (term or word)'));
      if (q) ConcordancePanel.show(ext, api, q);
    }),
    vscode.commands.registerCommand('corpusStudy.trend', async (arg?: unknown) => {
      const terms = Array.isArray(arg)
        ? arg.filter((t): t is string => typeof t === 'string' && t.trim() !== '')
        : ((await studyTarget(arg, vscode.l10n.t('Trend of (one or several terms, separated by commas)'))) ?? '').split(/[,，、]/).map((t) => t.trim()).filter(Boolean);
      if (terms.length > 0) TrendPanel.show(ext, api, terms);
    }),
    vscode.commands.registerCommand('corpusStudy.distinctiveTerms', async (uri?: unknown, meeting?: unknown) => {
      if (typeof uri === 'string' && typeof meeting === 'number') return DistinctivePanel.show(ext, api, uri, meeting);
      const m = await meetingAtCursor(api);
      if (m) DistinctivePanel.show(ext, api, m.uri, m.indexInFile);
    }),
    vscode.commands.registerCommand('corpusStudy.compare', async (uri?: unknown, meeting?: unknown) => {
      if (typeof uri === 'string' && typeof meeting === 'number') return ComparePanel.show(ext, api, { uri, meeting });
      const m = await meetingAtCursor(api, vscode.l10n.t('Compare which document with the last one of its kind?'));
      if (m) ComparePanel.show(ext, api, { uri: m.uri, meeting: m.indexInFile });
    }),
    vscode.commands.registerCommand('corpusStudy.compareWith', async () => {
      const m = await meetingAtCursor(api, vscode.l10n.t('Compare which document?'));
      if (!m) return;
      const others = (await api.meetings()).filter((o) => o.uri !== m.uri || o.indexInFile !== m.indexInFile);
      const pick = await vscode.window.showQuickPick(
        others.map((o) => ({ label: o.title, description: `${o.date ?? undated()} · ${kindLabel(o.kind)}`, o })),
        { title: vscode.l10n.t('Compare {0} with…', m.title), matchOnDescription: true },
      );
      if (pick) ComparePanel.show(ext, api, { uri: m.uri, meeting: m.indexInFile, against: { uri: pick.o.uri, meeting: pick.o.indexInFile } });
    }),
    vscode.commands.registerCommand('corpusStudy.exportFrequencyTable', async () => {
      const pick = await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t('Wide'), description: vscode.l10n.t('one row per term, one column per meeting'), long: false },
          { label: vscode.l10n.t('Long'), description: vscode.l10n.t('one row per term and meeting (for R / pandas)'), long: true },
        ],
        { title: vscode.l10n.t('Export the term × meeting frequency table as CSV') },
      );
      if (!pick) return;
      const { csv } = await api.frequencyTableCsv(pick.long);
      await saveWithDialog(pick.long ? 'term-frequencies-long.csv' : 'term-frequencies.csv', csvFilter(), csv);
    }),
    vscode.commands.registerCommand('corpusStudy.exportConcordance', async (arg?: unknown) => {
      const current = ConcordancePanel.currentQuery();
      const query = typeof arg === 'string' && arg ? arg : (current?.query ?? (await studyTarget(arg, vscode.l10n.t('Export the concordance of'))));
      if (!query) return;
      await exportConcordance(api, current && current.query === query ? current : { query, sort: 'date', kinds: [], dateFrom: '', dateTo: '', window: 5 });
    }),
    vscode.commands.registerCommand('corpusStudy.openMeeting', async (uri?: unknown, where?: unknown) => {
      if (typeof uri !== 'string') return;
      if (typeof where === 'number') return openMeeting(api, uri, where);
      const r = where as { start?: { line?: unknown; character?: unknown } } | undefined;
      const line = typeof r?.start?.line === 'number' ? r.start.line : 0;
      const character = typeof r?.start?.character === 'number' ? r.start.character : 0;
      const at = toRange({ start: { line, character }, end: { line, character } });
      await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: at });
    }),
    vscode.commands.registerCommand('corpusStudy.refreshCorpusView', () => tree?.refresh()),
    vscode.commands.registerCommand('corpusStudy.moreCandidates', () => tree?.moreCandidates()),
  );
  let timer: NodeJS.Timeout | undefined;
  context.subscriptions.push(
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.languageId !== 'corpus-text' && !/glossary\.ya?ml$/i.test(d.fileName)) return;
      clearTimeout(timer);
      timer = setTimeout(() => tree?.refresh(), 1500);
    }),
    { dispose: () => clearTimeout(timer) },
  );
}

/** The meeting the cursor is in: the last one whose title line is at or above the cursor. */
async function meetingAtCursor(api: StudyApi, title = vscode.l10n.t('Distinctive terms of which meeting?')) {
  const editor = vscode.window.activeTextEditor;
  const meetings = await api.meetings();
  if (editor) {
    const uri = editor.document.uri.toString();
    const line = editor.selection.active.line;
    const here = meetings.filter((m) => m.uri === uri && m.line <= line).pop();
    if (here) return here;
  }
  const pick = await vscode.window.showQuickPick(
    meetings.map((m) => ({ label: m.title, description: `${m.date ?? undated()} · ${kindLabel(m.kind)}`, m })),
    { title, matchOnDescription: true },
  );
  return pick?.m;
}

/** Fills the Corpus view once the first indexing run is over (the server answers status at once). */
async function refreshWhenIndexed(): Promise<void> {
  for (let i = 0; i < 600 && client; i++) {
    try {
      const s = await client.sendRequest<{ phase: string }>('corpusStudy/status');
      if (s.phase === 'ready') {
        tree?.refresh();
        return;
      }
    } catch {
      // not started yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function revealGlossaryEntry(uri: string, term: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const editor = await vscode.window.showTextDocument(doc);
  const text = doc.getText();
  // The skeleton quotes terms that contain YAML syntax; look for either spelling.
  const at = Math.max(text.lastIndexOf(`term: ${term}\n`), text.lastIndexOf(`term: ${JSON.stringify(term)}`), text.lastIndexOf(`term: ${term}\r`));
  if (at >= 0) {
    const zh = text.indexOf('zh: ""', at);
    const pos = doc.positionAt(zh >= 0 ? zh + 5 : at);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
