// The language server: wiring only. Each request goes to a feature module that queries the core.

import * as path from 'node:path';
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  ProposedFeatures,
  TextDocumentSyncKind,
  WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { CorpusService, ProgressHandle, normalizeUri } from './corpusService';
import { LineIndex } from './core/positions';
import { DEFAULT_SETTINGS, CorpusSettings, toPath } from './workspaceFiles';
import type { DatasetFields } from './core/datasets';
import { provideHover } from './features/hover';
import { provideDefinition } from './features/definition';
import { provideReferences } from './features/references';
import { provideDocumentSymbols } from './features/documentSymbols';
import { provideWorkspaceSymbols } from './features/workspaceSymbols';
import { provideFoldingRanges } from './features/folding';
import { provideSemanticTokens, SEMANTIC_LEGEND } from './features/semanticTokens';
import { fileDiagnostics, glossaryDiagnostics, textDiagnostics } from './features/diagnostics';
import { addToGlossaryEdit, provideCodeActions } from './features/codeActions';
import { computeInSlices, registerStudyRequests } from './features/studyRequests';
import { registerDatasetRequests } from './features/datasets';
import { codeLensSteps, resolveCompareLensSteps } from './features/codeLens';
import { publishedCodeCache } from './codeCache';
import { editorDocuments } from './editorDocuments';
import { Language, languageOf, setServerLanguage, translate } from './l10n';

const connection = createConnection(ProposedFeatures.all);
const { documents, takeChange } = editorDocuments();

interface InitOptions {
  storagePath?: string;
  /** The extension's storage shared by all workspaces (jieba's built dictionary is kept there). */
  globalStoragePath?: string;
  bundledGlossary?: string;
  settings?: Partial<CorpusSettings>;
  /** False in an untrusted workspace: the server then only reads (no edits are offered). */
  trusted?: boolean;
}

// The bundle lives in server/out/; the bundled glossary in corpus/ at the extension's root.
const defaultBundledGlossary = path.resolve(__dirname, '..', '..', 'corpus', 'glossary.yaml');
let service: CorpusService;
let folders: string[] = [];
let initOptions: InitOptions = {};
let canProgress = false;
let canConfigure = false;
let canWatch = false;
let canRefreshLenses = false;
let canRefreshTokens = false;
/** The client's language (`locale` of initialize): Chinese for zh-*, else English. */
let language: Language = 'en';

connection.onInitialize((params) => {
  initOptions = (params.initializationOptions ?? {}) as InitOptions;
  language = languageOf(params.locale);
  setServerLanguage(language);
  folders = (params.workspaceFolders ?? []).map((f) => toPath(f.uri)).filter((p): p is string => !!p);
  if (folders.length === 0 && params.rootUri) {
    const p = toPath(params.rootUri);
    if (p) folders = [p];
  }
  canProgress = !!params.capabilities.window?.workDoneProgress;
  canConfigure = !!params.capabilities.workspace?.configuration;
  canWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  canRefreshLenses = !!params.capabilities.workspace?.codeLens?.refreshSupport;
  canRefreshTokens = !!params.capabilities.workspace?.semanticTokens?.refreshSupport;
  service = new CorpusService(
    {
      progressBegin,
      publishFileProblems: (uri, file) => connection.sendDiagnostics({ uri, diagnostics: file ? fileDiagnostics(file, language) : [] }),
      publishGlossaryProblems: (uri, text, g) => connection.sendDiagnostics({ uri, diagnostics: glossaryDiagnostics(text, g.problems, language) }),
      publishDatasetProblems: (uri, text, problems) => connection.sendDiagnostics({ uri, diagnostics: textDiagnostics(text, problems, language) }),
      log: (m) => connection.console.log(m),
    },
    initOptions.bundledGlossary ?? defaultBundledGlossary,
    undefined,
    { storagePath: initOptions.storagePath, globalStoragePath: initOptions.globalStoragePath },
  );
  // A client that sends its settings with initialize (ours does) has given what it would answer to
  // workspace/configuration: indexing starts once this reply is out, not two round trips later
  // (initialized, then the configuration). Its answer still comes, and only a difference re-indexes.
  takeDisplaySettings(initOptions.settings as Record<string, unknown> | undefined);
  if (initOptions.settings || !canConfigure) setImmediate(() => reindex(initialSettings()));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: { label: translate(language, 'symbols.label') },
      workspaceSymbolProvider: true,
      foldingRangeProvider: true,
      semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      codeLensProvider: { resolveProvider: true },
      workspace: { workspaceFolders: { supported: true } },
    },
    serverInfo: { name: 'corpus-study', version: '0.1.0' },
  };
});

/**
 * Progress reported with a work-done token the client creates. The work does not wait for that
 * round trip: until the token is there, the latest report is kept, and sent with `begin`.
 */
function progressBegin(title: string, message: string): ProgressHandle {
  if (!canProgress) return { report: () => undefined, done: () => undefined };
  let reporter: WorkDoneProgressReporter | undefined;
  let latest: { message: string; percentage?: number } | undefined;
  let ended = false;
  connection.window.createWorkDoneProgress().then(
    (r) => {
      reporter = r;
      r.begin(title, latest?.percentage ?? 0, latest?.message ?? message, false);
      if (ended) r.done();
    },
    () => undefined,
  );
  return {
    report: (m, pct) => {
      if (reporter) reporter.report(pct ?? 0, m);
      else latest = { message: m, percentage: pct };
    },
    done: () => {
      if (reporter) reporter.done();
      else ended = true;
    },
  };
}

/** Settings as given (by initialize's options, or the client's configuration) over `base`; anything malformed keeps the base's value. */
function settingsOver(base: CorpusSettings, c: Partial<CorpusSettings> | null | undefined): CorpusSettings {
  const s = { ...base };
  if (c) {
    if (Array.isArray(c.corpusGlobs) && c.corpusGlobs.length > 0) s.corpusGlobs = c.corpusGlobs;
    if (Array.isArray(c.glossaryFiles)) s.glossaryFiles = c.glossaryFiles;
    if (typeof c.maxFileSizeMB === 'number') s.maxFileSizeMB = c.maxFileSizeMB;
    if (c.datasetFields !== undefined) s.datasetFields = datasetFieldsOf(c.datasetFields);
    if (typeof c.maxCandidates === 'number' && c.maxCandidates >= 0) s.maxCandidates = Math.floor(c.maxCandidates);
  }
  return s;
}

/** `corpusStudy.datasetFields`: a field name (a non-empty string) for any of text, title, date, year; anything else is ignored. */
function datasetFieldsOf(v: unknown): DatasetFields {
  const out: DatasetFields = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const role of ['text', 'title', 'date', 'year'] as const) {
    const name = (v as Record<string, unknown>)[role];
    if (typeof name === 'string' && name.trim() !== '') out[role] = name.trim();
  }
  return out;
}

const initialSettings = () => settingsOver(DEFAULT_SETTINGS, initOptions.settings);

/** Settings of what requests show, never of the index: a change asks the client for its colours again, and re-indexes nothing. */
let highlightNewFormulations = true;
function takeDisplaySettings(c: Record<string, unknown> | null | undefined): void {
  const on = c?.highlightNewFormulations !== false;
  if (on === highlightNewFormulations) return;
  highlightNewFormulations = on;
  if (canRefreshTokens) void connection.sendRequest('workspace/semanticTokens/refresh').catch(() => undefined);
}

async function loadSettings(): Promise<CorpusSettings> {
  if (!canConfigure) return initialSettings();
  try {
    const c = (await connection.workspace.getConfiguration('corpusStudy')) as (Partial<CorpusSettings> & Record<string, unknown>) | null;
    takeDisplaySettings(c);
    return settingsOver(initialSettings(), c);
  } catch {
    // A client without configuration support: what initialize gave.
    return initialSettings();
  }
}

connection.onInitialized(async () => {
  // Indexing need not wait for the client to confirm the watchers: one round trip less before it starts.
  if (canWatch) {
    void connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{txt,csv,tsv,jsonl,json}' }, { globPattern: '**/*glossary.{yaml,yml}' }] })
      .catch((e) => connection.console.error(`Could not watch the corpus files: ${e?.message ?? e}`));
  }
  reindex(await loadSettings());
});

/**
 * Indexes the workspace with `settings`, after any indexing already under way. The client also sends
 * its configuration right after start-up: the same settings again are not a reason to index twice.
 */
let indexedWith: string | undefined;
let indexing: Promise<void> = Promise.resolve();
function reindex(settings: CorpusSettings): void {
  const key = JSON.stringify(settings);
  if (key === indexedWith) return;
  indexedWith = key;
  indexing = indexing
    .then(() => service.start(folders, settings))
    .then(refreshViews)
    .then(() => void saveCodeCache())
    .catch((e) => connection.console.error(`Indexing failed: ${e?.stack ?? e}`));
}

/**
 * After the first indexing (and its background work), V8's code for everything a start runs is
 * compiled: it goes to the code cache for the next start (see codeCache.ts), once per server; at
 * shutdown if the server ends before that (a client that never went quiet, a window closed early).
 */
let codeCacheSaved: boolean | 'pending' | undefined;
let codeCacheSaving: Promise<unknown> | undefined;
function saveCodeCache(): Promise<unknown> {
  const cache = publishedCodeCache();
  if (!cache || cache.status === 'off') return Promise.resolve();
  codeCacheSaved ??= 'pending';
  codeCacheSaving ??= cache.save().then((saved) => (codeCacheSaved = saved));
  return codeCacheSaving;
}

/** Lenses and term colours depend on the whole corpus: ask the client to fetch them again once it is indexed. */
function refreshViews(): void {
  if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  if (canRefreshTokens) void connection.sendRequest('workspace/semanticTokens/refresh').catch(() => undefined);
}

connection.onDidChangeConfiguration(async () => reindex(await loadSettings()));

documents.onDidOpen((e) => {
  service.documentOpened(e.document.uri, e.document.getText(), e.document.languageId === 'corpus-text');
  // The protocol library finds a document's line starts at its first incremental change, which
  // took 8 ms of the first keystroke in a 10 MB document: found while the editor is quiet instead.
  service.whenQuietRun(() => void e.document.positionAt(0));
});
documents.onDidChangeContent((e) => service.documentChanged(e.document.uri, e.document.getText(), takeChange(e.document)));
documents.onDidClose((e) => void service.documentClosed(e.document.uri));

connection.onDidChangeWatchedFiles((e) => {
  const type = (t: FileChangeType) => (t === FileChangeType.Created ? 'created' : t === FileChangeType.Deleted ? 'deleted' : 'changed') as 'created' | 'changed' | 'deleted';
  void service.filesChanged(e.changes.map((c) => ({ uri: c.uri, type: type(c.type) })));
});

const glossaryLines = (uri: string): LineIndex | undefined => {
  const text = service.glossarySource(uri);
  return text === undefined ? undefined : new LineIndex(text);
};
const linesOf = (uri: string): LineIndex | undefined => service.index.file(uri)?.lines ?? glossaryLines(uri);

connection.onHover((p) => provideHover(service.index, normalizeUri(p.textDocument.uri), p.position, { indexing: service.indexing, language }));
connection.onDefinition((p) => provideDefinition(service.index, normalizeUri(p.textDocument.uri), p.position, glossaryLines));
// A request the client cancelled while it waited in the queue (behind indexing or a long request) is not computed.
const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
connection.onReferences((p, token) => (token.isCancellationRequested ? cancelled() : provideReferences(service.index, normalizeUri(p.textDocument.uri), p.position, token)));
connection.onDocumentSymbol((p, token) => (token.isCancellationRequested ? cancelled() : provideDocumentSymbols(service.index, normalizeUri(p.textDocument.uri), language)));
connection.onWorkspaceSymbol((p, token) => (token.isCancellationRequested ? cancelled() : provideWorkspaceSymbols(service.index, p.query, linesOf, token)));
connection.onFoldingRanges((p) => provideFoldingRanges(service.index, normalizeUri(p.textDocument.uri)));
connection.languages.semanticTokens.on((p) => provideSemanticTokens(service.index, normalizeUri(p.textDocument.uri), { newFormulations: highlightNewFormulations }));
connection.onCodeLens((p, token) => computeInSlices(service.index, token, () => codeLensSteps(service.index, normalizeUri(p.textDocument.uri), language)));
connection.onCodeLensResolve((lens, token) => computeInSlices(service.index, token, () => resolveCompareLensSteps(service.index, lens, language)));
// In an untrusted workspace the extension only reads: no glossary edit is offered.
const mayEdit = () => initOptions.trusted !== false;
connection.onCodeAction((p) => (mayEdit() ? provideCodeActions(service.index, normalizeUri(p.textDocument.uri), p.range, service.writableGlossary(), language) : []));

connection.onShutdown(async () => {
  await Promise.all([service?.dispose(), saveCodeCache()]);
});
// codeCacheSaved: absent until the first indexing is over, then 'pending', then whether it was written.
connection.onRequest('corpusStudy/status', () => ({ ...service.getStatus(), codeCache: publishedCodeCache()?.status ?? 'off', codeCacheSaved }));
connection.onRequest('corpusStudy/glossaryEdit', (p: { term: string }) => {
  const target = mayEdit() ? service.writableGlossary() : undefined;
  return target ? addToGlossaryEdit(p.term, target) : null;
});
registerStudyRequests(connection, () => service);
registerDatasetRequests(connection, () => service);

// Any message from the client (over IPC or stdio) means the editor is busy: background work that
// can wait (the index snapshot) holds off. Listening here reads nothing the connection would not.
const active = () => service?.noteActivity();
if (typeof process.send === 'function') process.on('message', active);
if (process.argv.includes('--stdio')) process.stdin.on('data', active);

documents.listen(connection);
connection.listen();
