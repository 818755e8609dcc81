// The VS Code client: starts the language server and hosts the commands and views.
// No corpus logic lives here; everything comes from the server.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

interface CandidateRow {
  term: string;
  reasons: string[];
  count: number;
  meetings: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const serverModule = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const storage = context.storageUri ?? context.globalStorageUri;
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'corpus-text' },
      { scheme: 'file', pattern: '**/*glossary.{yaml,yml}' },
    ],
    initializationOptions: {
      storagePath: storage.fsPath,
      bundledGlossary: context.asAbsolutePath(path.join('corpus', 'glossary.yaml')),
    },
    // Hover links may run these commands only; corpus text in hovers is escaped by the server.
    markdown: { isTrusted: { enabledCommands: ['corpusStudy.addToGlossary', 'corpusStudy.concordance', 'corpusStudy.trend'] }, supportHtml: false },
    outputChannelName: 'Corpus Study',
  };
  client = new LanguageClient('corpusStudy', 'Corpus Study', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('corpusStudy.addToGlossary', async (term?: string) => {
      term ??= await vscode.window.showInputBox({ prompt: 'Term to add to the glossary' });
      if (!term || !client) return;
      const edit = await client.sendRequest<unknown>('corpusStudy/glossaryEdit', { term });
      if (!edit) {
        void vscode.window.showWarningMessage('Corpus Study: no glossary file to add the term to. Open a folder first.');
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
      const rows = await client.sendRequest<CandidateRow[]>('corpusStudy/candidates');
      const pick = await vscode.window.showQuickPick(
        rows.map((r) => ({ label: r.term, description: `${r.count} mentions in ${r.meetings} meetings`, detail: `undefined term · found as ${r.reasons.join(', ')}`, row: r })),
        { title: 'Candidate terms (not in the glossary), most frequent first', matchOnDescription: true },
      );
      if (!pick) return;
      const action = await vscode.window.showQuickPick(['Add to glossary', 'Go to first mention'], { title: pick.label });
      if (action === 'Add to glossary') await vscode.commands.executeCommand('corpusStudy.addToGlossary', pick.label);
      else if (action === 'Go to first mention') {
        const hits = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', pick.label);
        const hit = hits?.find((h) => h.name === pick.label);
        if (hit) await vscode.window.showTextDocument(hit.location.uri, { selection: hit.location.range });
      }
    }),
    vscode.commands.registerCommand('corpusStudy.restartServer', async () => {
      await client?.restart();
    }),
  );

  await client.start();
  return client;
}

async function revealGlossaryEntry(uri: string, term: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const editor = await vscode.window.showTextDocument(doc);
  const text = doc.getText();
  const at = text.lastIndexOf(`term: ${term}`);
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
