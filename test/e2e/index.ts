// Entry point of the e2e suite inside a real VS Code extension host (`extensionTestsPath`).
// Same contract for @vscode/test-electron and for code-server (scripts/e2e.mjs): VS Code calls run() and
// reports success/failure from the returned promise.
//
// Mocha's output goes through console.log, which the extension host forwards: to stdout with test-electron, and
// to the page's window.codeAutomationLog in code-server (scripts/e2e.mjs prints it). The last line is
// `E2E-RESULT {"passed":N,"failed":M,...}` for the runner to count; with env E2E_RESULT_FILE the same JSON is
// also written to that file.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: Number(process.env.E2E_MOCHA_TIMEOUT_MS) || 60_000,
    color: false,
    reporter: 'spec',
    grep: process.env.E2E_GREP || undefined,
  });
  // E2E_SPEC_DIR lets the runner itself be tested with throwaway suites; normally the *.e2e.js files next to this one.
  const dir = process.env.E2E_SPEC_DIR ? path.resolve(process.env.E2E_SPEC_DIR) : __dirname;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.e2e.js')).sort();
  for (const f of files) mocha.addFile(path.join(dir, f));

  return new Promise((resolve, reject) => {
    const counts = { passed: 0, failed: 0, pending: 0, files: files.length };
    if (files.length === 0) {
      counts.failed = 1;
      report(counts);
      reject(new Error(`no *.e2e.js files in ${dir}`));
      return;
    }
    try {
      const runner = mocha.run((failures) => {
        report(counts);
        if (failures > 0) reject(new Error(`${failures} e2e test(s) failed`));
        else resolve();
      });
      runner.on('pass', () => counts.passed++);
      runner.on('fail', () => counts.failed++);
      runner.on('pending', () => counts.pending++);
    } catch (err) {
      counts.failed++;
      report(counts);
      reject(err);
    }
  });
}

function report(counts: object): void {
  const json = JSON.stringify(counts);
  console.log(`E2E-RESULT ${json}`);
  if (process.env.E2E_RESULT_FILE) {
    try { fs.writeFileSync(process.env.E2E_RESULT_FILE, json + '\n'); } catch { /* the log line is enough */ }
  }
}
