// `Corpus Study: Import Dataset as Text Files…`: a dataset (CSV, JSONL, JSON) as one `.txt` file
// per record, with its front matter, in a folder the user picks. The server reads the dataset and
// names the files (`corpusStudy/importDataset`, the same as `corpus-study import`); this writes
// them through `vscode.workspace.fs`, each only where no file is: nothing is ever overwritten.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface ImportResult {
  files: { name: string; text: string }[];
  problems: string[];
}

export async function importDataset(client: LanguageClient | undefined): Promise<void> {
  if (!client) return;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    title: 'Dataset to import as text files',
    defaultUri: folder,
    canSelectMany: false,
    filters: { 'Datasets (CSV, TSV, JSONL, JSON)': ['csv', 'tsv', 'jsonl', 'ndjson', 'json'] },
    openLabel: 'Import',
  });
  const dataset = picked?.[0];
  if (!dataset) return;
  const target = (
    await vscode.window.showOpenDialog({
      title: 'Folder for the text files (a new or empty folder is best)',
      defaultUri: folder,
      canSelectFiles: false,
      canSelectFolders: true,
      openLabel: 'Write the files here',
    })
  )?.[0];
  if (!target) return;
  let existing: string[] = [];
  try {
    existing = (await vscode.workspace.fs.readDirectory(target)).map(([name]) => name);
  } catch {
    await vscode.workspace.fs.createDirectory(target);
  }
  const result = await client.sendRequest<ImportResult>('corpusStudy/importDataset', { uri: dataset.toString(), existing });
  let written = 0;
  const skipped: string[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Importing dataset', cancellable: true }, async (progress, token) => {
    for (const f of result.files) {
      if (token.isCancellationRequested) break;
      const uri = vscode.Uri.joinPath(target, f.name);
      // A file that appeared since the folder was listed is left alone.
      if (await exists(uri)) {
        skipped.push(f.name);
        continue;
      }
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(f.text));
      written++;
      progress.report({ message: `${written}/${result.files.length}`, increment: 100 / Math.max(1, result.files.length) });
    }
  });
  for (const p of result.problems) client.outputChannel.appendLine(p);
  const notes = [skipped.length > 0 ? `${skipped.length} skipped (a file of that name appeared)` : '', result.problems.length > 0 ? `${result.problems.length} problems (see the output)` : ''].filter(Boolean);
  const where = vscode.workspace.asRelativePath(target);
  const message = `Corpus Study: ${written} of ${result.files.length} records written to ${where}${notes.length ? `; ${notes.join('; ')}` : ''}. If the dataset is in the corpus folder too, move it out, or each record is counted twice.`;
  const action = await vscode.window.showInformationMessage(message, 'Show Folder');
  if (action === 'Show Folder') await vscode.commands.executeCommand('revealInExplorer', target);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
