// Dataset records (a CSV, JSONL or JSON file's rows) as read-only editor tabs. The server indexes
// each record under a `corpus-record:` URI (server/src/datasetFiles.ts); hovers, references,
// symbols and the views give locations there, and this provider shows the record's text, which
// the server sends (`corpusStudy/recordText`). The tab's language is the corpus's, so the
// language client sends it to the server like a corpus file and the grammar colours it.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const RECORD_SCHEME = 'corpus-record';

export class RecordDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: () => LanguageClient | undefined) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{csv,tsv,jsonl,ndjson,json}', true, false, true);
    this.disposables.push(
      watcher,
      watcher.onDidChange((uri) => this.datasetChanged(uri)),
      vscode.workspace.registerTextDocumentContentProvider(RECORD_SCHEME, this),
      vscode.workspace.onDidOpenTextDocument((d) => void this.asCorpusText(d)),
      this.changed,
    );
    vscode.workspace.textDocuments.forEach((d) => void this.asCorpusText(d));
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const client = this.client();
    if (!client) return '';
    let record: { text: string; title: string } | null;
    try {
      record = await client.sendRequest<{ text: string; title: string } | null>('corpusStudy/recordText', { uri: uri.toString() }, token);
    } catch (e) {
      return `(Corpus Study could not get this record: ${(e as Error)?.message ?? e})`;
    }
    // A record the dataset no longer has (the file changed): the tab says so rather than staying blank.
    return record?.text ?? `(This record is no longer in its dataset: ${uri.path.replace(/\/[^/]*\/[^/]*$/, '')})`;
  }

  /** Open record tabs of a dataset whose file changed on disk: their text is asked for again, once the server has read it. */
  datasetChanged(dataset: vscode.Uri): void {
    if (dataset.scheme !== 'file') return;
    const prefix = `${dataset.path}/`;
    const open = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === RECORD_SCHEME && d.uri.path.startsWith(prefix));
    if (open.length === 0) return;
    setTimeout(() => open.forEach((d) => this.changed.fire(d.uri)), 1500);
  }

  private async asCorpusText(d: vscode.TextDocument): Promise<void> {
    if (d.uri.scheme === RECORD_SCHEME && d.languageId !== 'corpus-text') await vscode.languages.setTextDocumentLanguage(d, 'corpus-text');
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
