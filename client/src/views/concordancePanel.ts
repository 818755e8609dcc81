// The concordance webview: KWIC rows with collocates beside them. One panel, reused for each query.

import * as vscode from 'vscode';
import { ConcordanceQuery, ConcordanceResult, Collocates, StudyApi, VIEW_ROW_LIMIT } from './studyApi';
import { concordanceStrings } from './webviewStrings';
import { csvFilter, isIndex, isObject, openAt, safeFileName, saveWithDialog, webviewHtml, webviewOptions } from './webview';

const SORTS = ['date', 'left', 'right'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ConcordancePanel {
  private static current: ConcordancePanel | undefined;
  private query: ConcordanceQuery;
  private result: { concordance: ConcordanceResult; collocates: Collocates } | undefined;
  private kinds: string[] = [];
  private ready = false;

  static show(extensionUri: vscode.Uri, api: StudyApi, query: string, window?: number): ConcordancePanel {
    const q: ConcordanceQuery = { query, sort: 'date', kinds: [], dateFrom: '', dateTo: '', window: window ?? 5 };
    if (ConcordancePanel.current) {
      const p = ConcordancePanel.current;
      p.panel.reveal(undefined, true);
      void p.run({ ...p.query, query, window: window ?? p.query.window });
      return p;
    }
    const panel = vscode.window.createWebviewPanel('corpusStudy.concordance', vscode.l10n.t('Concordance'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    ConcordancePanel.current = new ConcordancePanel(panel, extensionUri, api, q);
    return ConcordancePanel.current;
  }

  /** The query of the open panel, for "Export Concordance" without arguments. */
  static currentQuery(): ConcordanceQuery | undefined {
    return ConcordancePanel.current?.query;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly api: StudyApi,
    query: ConcordanceQuery,
  ) {
    this.query = query;
    panel.webview.html = webviewHtml(panel.webview, extensionUri, vscode.l10n.t('Concordance'), 'concordance', concordanceStrings());
    panel.onDidDispose(() => (ConcordancePanel.current = undefined));
    panel.webview.onDidReceiveMessage((m) => void this.onMessage(m));
  }

  private async run(q: ConcordanceQuery): Promise<void> {
    this.query = q;
    this.panel.title = vscode.l10n.t('Concordance: {0}', q.query);
    if (!this.ready) return;
    try {
      if (this.kinds.length === 0) this.kinds = [...new Set((await this.api.meetings()).map((m) => m.kind))].sort();
      const [concordance, collocates] = await Promise.all([this.api.concordance(q, VIEW_ROW_LIMIT), this.api.collocates(q)]);
      if (q !== this.query) return; // a newer query won
      this.result = { concordance, collocates };
      void this.panel.webview.postMessage({ type: 'result', result: { query: q, concordance, collocates, kinds: this.kinds } });
    } catch (e) {
      void this.panel.webview.postMessage({ type: 'error', message: vscode.l10n.t('Concordance failed: {0}', (e as Error).message) });
    }
  }

  /** Messages come from a page that shows corpus text: check every field before acting on it. */
  private async onMessage(m: unknown): Promise<void> {
    if (!isObject(m)) return;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.run(this.query);
        break;
      case 'query': {
        if (typeof m.query !== 'string' || m.query.trim() === '' || m.query.length > 200) return;
        const kinds = Array.isArray(m.kinds) ? m.kinds.filter((k): k is string => typeof k === 'string' && this.kinds.includes(k)) : [];
        await this.run({
          query: m.query.trim(),
          sort: SORTS.find((s) => s === m.sort) ?? 'date',
          kinds,
          dateFrom: typeof m.dateFrom === 'string' && DATE.test(m.dateFrom) ? m.dateFrom : '',
          dateTo: typeof m.dateTo === 'string' && DATE.test(m.dateTo) ? m.dateTo : '',
          window: typeof m.window === 'number' && Number.isInteger(m.window) && m.window >= 1 && m.window <= 50 ? m.window : 5,
        });
        break;
      }
      case 'open': {
        const rows = this.result?.concordance.rows ?? [];
        if (isIndex(m.row, rows.length)) await openAt(rows[m.row].uri, rows[m.row].range);
        break;
      }
      case 'exportCsv':
        await exportConcordance(this.api, this.query);
        break;
    }
  }
}

export async function exportConcordance(api: StudyApi, q: ConcordanceQuery): Promise<void> {
  const { csv, rows } = await api.concordanceCsv(q);
  if (rows === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Corpus Study: no hits of {0} to export.', q.query));
    return;
  }
  await saveWithDialog(`concordance-${safeFileName(q.query)}.csv`, csvFilter(), csv);
}
