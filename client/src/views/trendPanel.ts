// The trends webview: mentions per meeting over time (Chart.js, bundled) and the dispersion plot.

import * as vscode from 'vscode';
import { toCsv, CsvCell } from '../../../server/src/core/study/csv';
import { StudyApi, TrendResult } from './studyApi';
import { trendStrings } from './webviewStrings';
import { csvFilter, isIndex, isObject, openAt, safeFileName, saveWithDialog, webviewHtml, webviewOptions } from './webview';

const PNG_PREFIX = 'data:image/png;base64,';
const MAX_PNG_CHARS = 30 * 1024 * 1024;

export class TrendPanel {
  private static current: TrendPanel | undefined;
  private trend: TrendResult | undefined;
  private ready = false;

  static show(extensionUri: vscode.Uri, api: StudyApi, terms: string[]): void {
    if (TrendPanel.current) {
      TrendPanel.current.panel.reveal(undefined, true);
      void TrendPanel.current.run(terms);
      return;
    }
    const panel = vscode.window.createWebviewPanel('corpusStudy.trend', vscode.l10n.t('Trend'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(extensionUri));
    TrendPanel.current = new TrendPanel(panel, extensionUri, api, terms);
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly api: StudyApi,
    private terms: string[],
  ) {
    panel.webview.html = webviewHtml(panel.webview, extensionUri, vscode.l10n.t('Trend'), 'trend', trendStrings());
    panel.onDidDispose(() => (TrendPanel.current = undefined));
    panel.webview.onDidReceiveMessage((m) => void this.onMessage(m));
  }

  private async run(terms: string[]): Promise<void> {
    this.terms = terms;
    this.panel.title = vscode.l10n.t('Trend: {0}', terms.join(', '));
    if (!this.ready) return;
    try {
      const trend = await this.api.trend(terms);
      if (terms !== this.terms) return;
      this.trend = trend;
      void this.panel.webview.postMessage({ type: 'result', trend });
    } catch (e) {
      void this.panel.webview.postMessage({ type: 'error', message: vscode.l10n.t('Trend failed: {0}', (e as Error).message) });
    }
  }

  private async onMessage(m: unknown): Promise<void> {
    if (!isObject(m)) return;
    const t = this.trend;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        await this.run(this.terms);
        break;
      case 'query':
        if (Array.isArray(m.terms)) {
          const terms = m.terms.filter((x): x is string => typeof x === 'string' && x.trim().length > 0 && x.length <= 200).map((x) => x.trim()).slice(0, 20);
          if (terms.length > 0) await this.run(terms);
        }
        break;
      case 'openMeeting':
        if (t && isIndex(m.meeting, t.meetings.length)) await openMeeting(this.api, t.meetings[m.meeting].uri, t.meetings[m.meeting].index);
        break;
      case 'openHit': {
        if (!t || !isIndex(m.series, t.series.length)) return;
        const hits = t.series[m.series].dispersion;
        if (!isIndex(m.meeting, hits.length) || !isIndex(m.hit, hits[m.meeting].length)) return;
        const hit = hits[m.meeting][m.hit];
        await openAt(hit.uri, hit.range);
        break;
      }
      case 'exportCsv':
        if (t) await saveWithDialog(`trend-${safeFileName(this.terms.join('_'))}.csv`, csvFilter(), trendCsv(t));
        break;
      case 'png':
        if (typeof m.dataUrl === 'string' && m.dataUrl.startsWith(PNG_PREFIX) && m.dataUrl.length < MAX_PNG_CHARS) {
          const bytes = Buffer.from(m.dataUrl.slice(PNG_PREFIX.length), 'base64');
          await saveWithDialog(`trend-${safeFileName(this.terms.join('_'))}.png`, { [vscode.l10n.t('PNG image')]: ['png'] }, new Uint8Array(bytes));
        }
        break;
    }
  }
}

/** One row per meeting: date, title, kind, characters, then count and rate for each term. */
export function trendCsv(t: TrendResult): string {
  const header: CsvCell[] = ['date', 'title', 'meeting_kind', 'uri', 'meeting_index', 'chars'];
  for (const s of t.series) header.push(`${s.query}`, `${s.query} per10k`);
  const rows: CsvCell[][] = t.meetings.map((m, i) => {
    const row: CsvCell[] = [m.date, m.title, m.kind, m.uri, m.index, m.chars];
    for (const s of t.series) row.push(s.counts[i], s.per10k[i]);
    return row;
  });
  return toCsv([header, ...rows]);
}

/** Opens a meeting (file + index in the file) at its title. */
export async function openMeeting(api: StudyApi, uri: string, index: number): Promise<void> {
  const m = (await api.meetings()).find((x) => x.uri === uri && x.indexInFile === index);
  const line = m?.line ?? 0;
  await openAt(uri, { start: { line, character: 0 }, end: { line, character: 0 } });
}
