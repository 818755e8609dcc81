// What every Corpus Study webview shares: the HTML shell with a strict Content-Security-Policy
// (scripts only with this page's nonce, nothing remote), and saving exports through a dialog.

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [mediaRoot(extensionUri)] };
}

/**
 * The page: an empty <main>, the shared stylesheet and one bundled script. The script builds the DOM
 * with text nodes. `strings` are the page's words in the editor's language (webviewStrings.ts), as
 * JSON in an attribute of <main>: data the script reads, never markup.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, script: string, strings: object): string {
  const nonce = randomBytes(16).toString('base64');
  const media = mediaRoot(extensionUri);
  const css = webview.asWebviewUri(vscode.Uri.joinPath(media, 'views.css'));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(media, 'dist', `${script}.js`));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}" nonce="${nonce}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="app" data-strings="${escapeHtml(JSON.stringify(strings))}"></main>
<script nonce="${nonce}" src="${js}"></script>
</body>
</html>`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A file name from corpus text: no path separators or characters that file systems refuse. */
export function safeFileName(s: string): string {
  return s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 60) || 'export';
}

/** Asks where to save, then writes. Never writes anywhere the user did not choose. */
export async function saveWithDialog(defaultName: string, filters: Record<string, string[]>, content: Uint8Array | string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, defaultName) : undefined,
    filters,
    saveLabel: vscode.l10n.t('Export'),
  });
  if (!target) return undefined;
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(vscode.l10n.t('Corpus Study: saved {0}', vscode.workspace.asRelativePath(target)));
  return target;
}

export const csvFilter = (): Record<string, string[]> => ({ [vscode.l10n.t('CSV (UTF-8)')]: ['csv'] });

/** Opens a corpus text at an LSP range, beside the webview's column. */
export async function openAt(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
  const r = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(uri), { selection: r, viewColumn: vscode.ViewColumn.One, preserveFocus: false });
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isIndex = (v: unknown, length: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < length;
