// Dataset records in a real VS Code: a folder holding the government work reports JSONL (and no
// .txt file: the folder is the corpus) is opened, and a record is reached the way a user reaches
// it: a workspace symbol opens its read-only tab, in the corpus language, with hovers, references
// to other records, the outline and term colours.
//
// Not part of `npm run test:e2e` (which opens corpus/). Run it on a folder of its own:
//   mkdir -p /tmp/records && cp ../shared/corpora/government_work_reports_1954_2025.jsonl corpus/glossary.yaml /tmp/records/
//   npm run build && E2E_FOLDER=/tmp/records E2E_SPEC_DIR=$PWD/out/test/e2e/datasets E2E_SKIP_UI=1 node scripts/e2e.mjs
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor } from '../wait';

const TITLE = '2015年中华人民共和国国务院政府工作报告';
const TERM = '一带一路';

describe('dataset records in a real VS Code', function () {
  this.timeout(240_000);

  it('a record opens read-only from a workspace symbol, as corpus text, with hovers, references, symbols and term colours', async () => {
    await vscode.extensions.getExtension('corpus-study.corpus-study')!.activate();
    const hit = await waitFor('the record among the workspace symbols', async () => {
      const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', TITLE);
      return found?.find((s) => s.name === TITLE);
    }, 180_000);
    assert.equal(hit.location.uri.scheme, 'corpus-record');
    const editor = await vscode.window.showTextDocument(hit.location.uri, { selection: hit.location.range });
    await waitFor('the record tab in the corpus language', () => vscode.window.activeTextEditor?.document.languageId === 'corpus-text', 20_000);
    const doc = vscode.window.activeTextEditor!.document;
    const text = doc.getText();
    assert.ok(text.startsWith('各位代表'), text.slice(0, 20));

    const at = doc.positionAt(text.indexOf(TERM) + 1);
    const hover = await waitFor('a hover with counts', async () => {
      const hs = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at)) ?? [];
      const md = hs.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)).join('\n');
      return md.includes('mentions in') ? md : undefined;
    }, 60_000);
    assert.ok(hover.startsWith(`**${TERM}**`), hover.slice(0, 60));

    const refs = (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, at)) ?? [];
    assert.ok(refs.length >= 40 && refs.every((r) => r.uri.scheme === 'corpus-record'), `${refs.length} references`);
    const elsewhere = refs.find((r) => r.uri.toString() !== doc.uri.toString())!;
    const other = await vscode.window.showTextDocument(elsewhere.uri, { selection: elsewhere.range });
    assert.equal(other.document.getText(elsewhere.range), TERM);

    const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri)) ?? [];
    assert.equal(symbols[0]?.name, TITLE);
    assert.ok(symbols[0].children.length >= 3);
    const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', doc.uri);
    assert.ok(tokens && tokens.data.length > 0);

    // Read-only: typing changes nothing.
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('type', { text: 'X' });
    assert.equal(vscode.window.activeTextEditor!.document.getText(), text);
    assert.equal(vscode.window.activeTextEditor!.document.isDirty, false);
  });
});
