// The distinctive-terms webview: the full table behind a meeting title's CodeLens.

import * as vscode from 'vscode';
import { toCsv } from '../../../server/src/core/study/csv';
import { DistinctiveTerms, StudyApi } from './studyApi';
import { undated } from '../labels';
import { distinctiveStrings } from './webviewStrings';
import { csvFilter, isObject, safeFileName, saveWithDialog, webviewHtml, webviewOptions } from './webview';

export class DistinctivePanel {
  private static current: DistinctivePanel | undefined;
  private data: DistinctiveTerms | undefined;
  private meetings: { uri: string; index: number; label: string }[] = [];
  private ready = false;
  private minFrequency = 3;

  static show(extensionUri: vscode.Uri, api: StudyApi, uri: string, meeting: number): void {
    if (DistinctivePanel.current) {
      DistinctivePanel.current.panel.reveal(undefined, true);
      void DistinctivePanel.current.run(uri, meeting);
      return;
    }
    const panel = vscode.window.createWebviewPanel('corpusStudy.distinctive', vscode.l10n.t('Distinctive terms'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    DistinctivePanel.current = new DistinctivePanel(panel, extensionUri, api, { uri, meeting });
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly api: StudyApi,
    private target: { uri: string; meeting: number },
  ) {
    panel.webview.html = webviewHtml(panel.webview, extensionUri, vscode.l10n.t('Distinctive terms'), 'distinctive', distinctiveStrings());
    panel.onDidDispose(() => (DistinctivePanel.current = undefined));
    panel.webview.onDidReceiveMessage((m) => void this.onMessage(m));
  }

  private async run(uri: string, meeting: number): Promise<void> {
    this.target = { uri, meeting };
    if (!this.ready) return;
    try {
      this.meetings = (await this.api.meetings()).map((m) => ({ uri: m.uri, index: m.indexInFile, label: `${m.date ?? undated()} · ${m.title}` }));
      const data = await this.api.distinctiveTerms(uri, meeting, this.minFrequency);
      if (!data) throw new Error(vscode.l10n.t('no such meeting'));
      this.data = data;
      this.panel.title = vscode.l10n.t('Distinctive: {0} {1}', data.meeting.date ?? '', data.meeting.title).slice(0, 60);
      void this.panel.webview.postMessage({ type: 'result', data, meetings: this.meetings, minFrequency: this.minFrequency });
    } catch (e) {
      void this.panel.webview.postMessage({ type: 'error', message: vscode.l10n.t('Distinctive terms failed: {0}', (e as Error).message) });
    }
  }

  private async onMessage(m: unknown): Promise<void> {
    if (!isObject(m)) return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.run(this.target.uri, this.target.meeting);
        break;
      case 'query':
        if (typeof m.uri === 'string' && typeof m.meeting === 'number' && this.meetings.some((x) => x.uri === m.uri && x.index === m.meeting)) {
          if (typeof m.minFrequency === 'number' && Number.isInteger(m.minFrequency) && m.minFrequency >= 1) this.minFrequency = m.minFrequency;
          await this.run(m.uri, m.meeting);
        }
        break;
      case 'concordance':
        if (typeof m.term === 'string' && this.data?.items.some((i) => i.text === m.term)) await vscode.commands.executeCommand('corpusStudy.concordance', m.term);
        break;
      case 'exportCsv': {
        const d = this.data;
        if (!d) return;
        const rows = d.items.map((i, k) => [k + 1, i.text, i.kind, i.category ?? '', i.count, i.rest, i.rate, i.restRate, i.g2, i.logRatio]);
        const csv = toCsv([['rank', 'text', 'kind', 'category', 'count', 'rest', 'rate', 'rest_rate', 'g2', 'log_ratio'], ...rows]);
        await saveWithDialog(`distinctive-${safeFileName(`${d.meeting.date ?? ''}-${d.meeting.title}`)}.csv`, csvFilter(), csv);
        break;
      }
    }
  }
}
