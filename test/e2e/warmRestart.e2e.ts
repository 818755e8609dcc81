// A restart in a real VS Code (the extension's "Restart Server" command), last of the suites (files run in name
// order): the new server finds the index snapshot in the storage folder VS Code gave the extension, puts the
// corpus back from it without segmenting anything, and answers as before. No fixed sleeps: every wait polls a
// condition with a bound.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor } from './wait';

const EXTENSION_ID = 'corpus-study.corpus-study';
const CORPUS_FILE = '000_0e5442cdf73d87c8.txt';

interface Status {
  phase: string;
  files: number;
  cachedFiles?: number;
  restoredFiles?: number;
  busy?: boolean;
  snapshotSaved?: boolean;
}

type Client = { sendRequest: (m: string, p?: unknown) => Promise<unknown> };

async function hoverOn(uri: vscode.Uri, doc: vscode.TextDocument, word: string): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, doc.positionAt(doc.getText().indexOf(word) + 1))) ?? [];
  return hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)).join('\n');
}

describe('Corpus Study restarted in a real VS Code', function () {
  it('Restart Server: the corpus comes back whole from the snapshot in VS Code\'s storage, and hovers answer the same', async function () {
    this.timeout(180_000);
    const client = vscode.extensions.getExtension(EXTENSION_ID)!.exports as Client;
    assert.ok(client && typeof client.sendRequest === 'function', 'the extension does not export its LanguageClient');
    const status = async (): Promise<Status | undefined> => {
      try {
        return (await client.sendRequest('corpusStudy/status', {})) as Status;
      } catch {
        return undefined; // between the old server's end and the new one's start
      }
    };
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, CORPUS_FILE);
    const doc = await vscode.workspace.openTextDocument(uri);
    // The snapshot is written once the editor has been quiet for a moment after indexing.
    const before = await waitFor('the index snapshot to be saved', async () => {
      const s = await status();
      return s?.phase === 'ready' && !s.busy && s.snapshotSaved ? s : undefined;
    }, 90_000, 300);
    const hoverBefore = await hoverOn(uri, doc, '四个意识');
    assert.ok(hoverBefore.includes('政治意识'), hoverBefore);

    await vscode.commands.executeCommand('corpusStudy.restartServer');
    const after = await waitFor('the restarted server to finish indexing', async () => {
      const s = await status();
      return s?.phase === 'ready' ? s : undefined;
    }, 120_000, 250);
    assert.strictEqual(after.files, before.files);
    assert.strictEqual(after.restoredFiles, after.files, `${after.restoredFiles} of ${after.files} files restored from the snapshot`);
    const hoverAfter = await waitFor('a hover from the restarted server', async () => {
      const h = await hoverOn(uri, doc, '四个意识');
      return h.includes('政治意识') ? h : undefined;
    }, 60_000, 250);
    assert.strictEqual(hoverAfter, hoverBefore);
  });
});
