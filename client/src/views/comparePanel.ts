// The compare webview: what is new, dropped and kept in a document against an earlier one (by
// default the last one of its kind). Opened from the CodeLens over a title, or with "Compare with…".

import * as vscode from 'vscode';
import { toCsv } from '../../../server/src/core/study/csv';
import { ComparisonResult, StudyApi } from './studyApi';
import { csvFilter, isIndex, isObject, openAt, safeFileName, saveWithDialog, webviewHtml, webviewOptions } from './webview';
import { compareStrings } from './webviewStrings';
import { undated } from '../labels';

export interface CompareTarget {
  uri: string;
  meeting: number;
  against?: { uri: string; meeting: number };
}

export class ComparePanel {
  private static current: ComparePanel | undefined;
  private data: ComparisonResult | undefined;
  private documents: { uri: string; index: number; label: string }[] = [];
  private ready = false;

  static show(extensionUri: vscode.Uri, api: StudyApi, target: CompareTarget): void {
    if (ComparePanel.current) {
      ComparePanel.current.panel.reveal(undefined, true);
      void ComparePanel.current.run(target);
      return;
    }
    const panel = vscode.window.createWebviewPanel('corpusStudy.compare', vscode.l10n.t('Compare'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    ComparePanel.current = new ComparePanel(panel, extensionUri, api, target);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly api: StudyApi,
    private target: CompareTarget,
  ) {
    panel.webview.html = webviewHtml(panel.webview, extensionUri, vscode.l10n.t('Compare'), 'compare', compareStrings());
    panel.onDidDispose(() => (ComparePanel.current = undefined));
    panel.webview.onDidReceiveMessage((m) => void this.onMessage(m));
  }

  private async run(target: CompareTarget): Promise<void> {
    this.target = target;
    if (!this.ready) return;
    try {
      this.documents = (await this.api.meetings()).map((m) => ({ uri: m.uri, index: m.indexInFile, label: `${m.date ?? undated()} · ${m.title}` }));
      const data = await this.api.compare(target.uri, target.meeting, target.against);
      if (!data) throw new Error(vscode.l10n.t('no such document'));
      this.data = data;
      this.panel.title = vscode.l10n.t('Compare: {0}', `${data.meeting.date ?? ''} ${data.meeting.title}`).slice(0, 60);
      void this.panel.webview.postMessage({ type: 'result', data, documents: this.documents });
    } catch (e) {
      void this.panel.webview.postMessage({ type: 'error', message: vscode.l10n.t('Compare failed: {0}', (e as Error).message) });
    }
  }

  private async onMessage(m: unknown): Promise<void> {
    if (!isObject(m)) return;
    const doc = (i: unknown) => (isIndex(i, this.documents.length) ? this.documents[i] : undefined);
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.run(this.target);
        break;
      case 'query': {
        const target = doc(m.target);
        const against = doc(m.against);
        if (target) await this.run({ uri: target.uri, meeting: target.index, against: against && { uri: against.uri, meeting: against.index } });
        break;
      }
      case 'reveal': {
        // An item and one of its places, by index: the page names nothing that is not in the result.
        const item = this.data && isIndex(m.item, this.data.items.length) ? this.data.items[m.item] : undefined;
        const range = item && isIndex(m.range, item.ranges.length) ? item.ranges[m.range] : undefined;
        if (item && range) await openAt(item.uri, range);
        break;
      }
      case 'exportCsv': {
        const d = this.data;
        if (!d) return;
        const rows = d.items.map((i, k) => [k + 1, i.text, i.status, i.kind, i.count, i.againstCount, i.firstInCorpus ? 'yes' : 'no']);
        const csv = toCsv([['rank', 'text', 'status', 'kind', 'count', 'against_count', 'first_in_corpus'], ...rows]);
        await saveWithDialog(`compare-${safeFileName(`${d.meeting.date ?? ''}-${d.meeting.title}`)}.csv`, csvFilter(), csv);
        break;
      }
    }
  }
}
