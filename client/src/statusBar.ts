// A status-bar note: how much of the corpus is indexed, and how many files could not be read.
// One quiet item instead of popups; clicking it opens the Problems view.

import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';

interface Status {
  phase: string;
  files: number;
  meetings: number;
}

export class CorpusStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('corpusStudy.status', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly client: LanguageClient) {
    this.item.name = 'Corpus Study';
    this.item.command = 'workbench.actions.view.problems';
    this.item.text = `$(sync~spin) ${vscode.l10n.t('Corpus: indexing')}`;
    this.item.show();
    this.disposables.push(
      vscode.languages.onDidChangeDiagnostics(() => this.schedule(300)),
      vscode.workspace.onDidChangeTextDocument((e) => e.document.languageId === 'corpus-text' && this.schedule(1000)),
    );
    this.schedule(0);
  }

  /** Files with an error or warning from the server: unreadable, binary, too large, glossary errors. */
  private problemFiles(): vscode.Uri[] {
    return vscode.languages
      .getDiagnostics()
      .filter(([, ds]) => ds.some((d) => d.source === 'corpus-study' && d.severity <= vscode.DiagnosticSeverity.Warning))
      .map(([uri]) => uri);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), ms);
  }

  private async update(): Promise<void> {
    let status: Status;
    try {
      status = await this.client.sendRequest<Status>('corpusStudy/status');
    } catch {
      this.schedule(1000);
      return;
    }
    const problems = this.problemFiles();
    const ready = status.phase === 'ready';
    const base = ready ? `$(book) ${vscode.l10n.t('{0} meetings', status.meetings)}` : `$(sync~spin) ${vscode.l10n.t('Corpus: indexing {0} files', status.files)}`;
    this.item.text = problems.length > 0 ? `${base}  $(warning) ${problems.length}` : base;
    const lines = [
      ready
        ? vscode.l10n.t('Corpus Study: {0} meetings in {1} files', status.meetings, status.files)
        : vscode.l10n.t('Corpus Study: {0} meetings in {1} files (indexing)', status.meetings, status.files),
    ];
    if (problems.length > 0) {
      lines.push(
        '',
        problems.length === 1
          ? vscode.l10n.t('{0} file with problems (click for the Problems view):', problems.length)
          : vscode.l10n.t('{0} files with problems (click for the Problems view):', problems.length),
      );
      for (const uri of problems.slice(0, 10)) lines.push(`- ${vscode.workspace.asRelativePath(uri)}`);
    }
    this.item.tooltip = lines.join('\n');
    // While indexing, look again shortly; afterwards diagnostics changes are the trigger.
    if (!ready) this.schedule(1000);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
