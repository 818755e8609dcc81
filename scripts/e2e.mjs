#!/usr/bin/env node
// `npm run test:e2e`: the extension, packaged as corpus-study.vsix and installed, tested in a real VS Code.
//
//  1. `npm run package` -> corpus-study.vsix (skipped with SKIP_PACKAGE=1; the .vsix and out/test must exist then)
//  2. the mocha suite (out/test/e2e/index.js -> *.e2e.js) in a real extension host, either
//     a. VS Code desktop via @vscode/test-electron, when VS Code is at hand or downloadable (see pickRunner), or
//     b. code-server (VS Code 1.100 server + headless Chromium), the only way on machines that cannot download
//        VS Code: the workbench URL's `payload` carries extensionDevelopmentPath/extensionTestsPath and the page's
//        window.codeAutomationExit(code) reports the end.
//     In both, extensionDevelopmentPath is test/e2e/host (an empty extension): the extension under test is the
//     one installed from the .vsix into the run's own extensions folder, so the suite tests what users install.
//  3. the UI check (test/e2e/ui.mjs) in code-server + Chromium: a real mouse hover, and the Outline view.
//  4. the views UI check (test/e2e/ui-views.mjs) in the same code-server, on its own throwaway copy of the corpus
//     with a hostile.txt added: the concordance, trend and distinctive-terms webviews, their CSP, escaping.
// Ends with the line `e2e: N passed, M failed`; exits non-zero on any failure, and fails (never skips) with the
// install command to run when something it needs is missing.
//
// Env: SKIP_PACKAGE=1; CODE_TESTS_ELECTRON=1 (force test-electron) / =0 (force code-server); VSCODE_EXECUTABLE_PATH;
// E2E_SKIP_UI=1; E2E_TIMEOUT_MS (suite bound, default 600000); CODE_SERVER_DIR (see scripts/install-code-server.sh).
// For testing this runner itself: E2E_VSIX, E2E_TESTS_PATH, E2E_SPEC_DIR, E2E_FOLDER, E2E_HOST_PATH, E2E_EXTENSION_ID.
import { spawn, spawnSync } from 'node:child_process';
import dns from 'node:dns';
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import {
  REPO, ensureCodeServer, makeRunDir, installExtension, listInstalled, startCodeServer, remoteUri,
  launchChromium, chromiumPath,
} from './code-server.mjs';

const OUT = path.join(REPO, '.test-output', 'e2e');
const VSIX = path.resolve(process.env.E2E_VSIX || path.join(REPO, 'corpus-study.vsix'));
const TESTS = path.resolve(process.env.E2E_TESTS_PATH || path.join(REPO, 'out', 'test', 'e2e', 'index.js'));
const HOST = path.resolve(process.env.E2E_HOST_PATH || path.join(REPO, 'test', 'e2e', 'host'));
const FOLDER = path.resolve(process.env.E2E_FOLDER || path.join(REPO, 'corpus'));
const EXT_ID = process.env.E2E_EXTENSION_ID || 'corpus-study.corpus-study';
const SUITE_TIMEOUT = Number(process.env.E2E_TIMEOUT_MS) || 600_000;
const RUN_SETTINGS = { 'editor.wordWrap': 'on', 'outline.collapseItems': 'alwaysCollapse' };

// workbench chatter forwarded with the extension host's output; not printed
const NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|\[Service Worker\]|Updating additional builtin extensions cache|ChatSessionStore:)/;

const tally = { passed: 0, failed: 0 };
const timings = [];
const cleanups = [];
const say = (...a) => console.log('[e2e]', ...a);
const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function step(name, fn) {
  const t0 = Date.now();
  say(`--- ${name}`);
  try { return await fn(); } finally { timings.push([name, Date.now() - t0]); }
}

function finish(code) {
  for (const [n, ms] of timings) say(`time: ${n}: ${sec(ms)}`);
  if (code !== 0 && tally.failed === 0) tally.failed = 1;
  console.log(`e2e: ${tally.passed} passed, ${tally.failed} failed`);
  process.exitCode = tally.failed > 0 ? 1 : 0;
}

async function cleanup() {
  while (cleanups.length) { try { await cleanups.pop()(); } catch (e) { say('cleanup:', e.message); } }
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, async () => { say(`${sig}: stopping`); await cleanup(); tally.failed++; finish(1); process.exit(130); });
}

function fail(msg) { const e = new Error(msg); e.harness = true; throw e; }

// ---------------------------------------------------------------------------------------------------------------
// 1. package
function packageVsix() {
  if (process.env.SKIP_PACKAGE === '1' || process.env.E2E_VSIX) {
    if (!fs.existsSync(VSIX)) fail(`SKIP_PACKAGE=1 but ${VSIX} does not exist; run: npm run package`);
    say(`using existing ${VSIX}`);
  } else {
    const r = spawnSync('npm', ['run', 'package'], { cwd: REPO, stdio: 'inherit', shell: process.platform === 'win32' });
    if (r.status !== 0) fail(`npm run package failed (exit ${r.status})`);
    if (!fs.existsSync(VSIX)) fail(`npm run package did not write ${VSIX}`);
  }
  if (!fs.existsSync(TESTS)) fail(`${TESTS} missing; run: npm run build (tsc compiles test/e2e)`);
  if (!fs.existsSync(path.join(HOST, 'package.json'))) fail(`test host ${HOST}/package.json missing`);
}

// ---------------------------------------------------------------------------------------------------------------
// 2. which VS Code
async function resolves(host, ms) {
  return Promise.race([
    dns.promises.lookup(host).then(() => true, () => false),
    new Promise((r) => setTimeout(() => r(false), ms)),
  ]);
}

/** A VS Code desktop executable at hand: $VSCODE_EXECUTABLE_PATH, a previous download, or `code` on PATH. */
function localVSCode() {
  if (process.env.VSCODE_EXECUTABLE_PATH) return process.env.VSCODE_EXECUTABLE_PATH;
  const cache = path.join(REPO, '.cache', 'vscode-test');
  if (fs.existsSync(cache)) {
    for (const d of fs.readdirSync(cache).filter((n) => n.startsWith('vscode-')).sort().reverse()) {
      for (const exe of ['code', 'VSCode-linux-x64/code', 'Visual Studio Code.app/Contents/MacOS/Electron', 'Code.exe']) {
        if (fs.existsSync(path.join(cache, d, exe))) return path.join(cache, d, exe);
      }
    }
  }
  const which = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  if (which.status === 0 && process.platform === 'linux') {
    // /usr/share/code/bin/code (CLI script) -> /usr/share/code/code (Electron app)
    const real = fs.realpathSync(which.stdout.trim());
    const exe = path.join(path.dirname(real), '..', 'code');
    if (fs.existsSync(exe) && fs.statSync(exe).isFile()) return path.resolve(exe);
  }
  return null;
}

async function pickRunner() {
  const force = process.env.CODE_TESTS_ELECTRON;
  if (force === '0') return { kind: 'code-server', why: 'CODE_TESTS_ELECTRON=0' };
  const needsDisplay = process.platform === 'linux' && !process.env.DISPLAY;
  const xvfb = spawnSync('sh', ['-c', 'command -v Xvfb'], { encoding: 'utf8' }).stdout.trim();
  if (force !== '1' && needsDisplay && !xvfb) return { kind: 'code-server', why: 'no DISPLAY and no Xvfb for VS Code desktop' };
  const exe = localVSCode();
  if (exe) return { kind: 'electron', exe, why: `VS Code at ${exe}` };
  if (force === '1') return { kind: 'electron', exe: null, why: 'CODE_TESTS_ELECTRON=1' };
  if (await resolves('update.code.visualstudio.com', 2000)) return { kind: 'electron', exe: null, why: 'VS Code download host resolves', fallback: true };
  return { kind: 'code-server', why: 'VS Code cannot be downloaded here (update.code.visualstudio.com does not resolve)' };
}

function parseResult(lines, file) {
  try { if (file && fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* fall through */ }
  for (const l of [...lines].reverse()) { const m = /E2E-RESULT (\{.*\})/.exec(l); if (m) return JSON.parse(m[1]); }
  return null;
}

function checkInstalled(run) {
  const got = listInstalled(run).filter((n) => n.toLowerCase().startsWith(`${EXT_ID.toLowerCase()}-`));
  if (got.length !== 1) fail(`expected ${EXT_ID} installed once in ${run.extensions}, found: ${listInstalled(run).join(', ') || 'nothing'}`);
  say(`installed ${got[0]} in ${run.extensions}`);
}

// ---------------------------------------------------------------------------------------------------------------
// 2a. VS Code desktop (@vscode/test-electron)
async function suiteElectron(choice) {
  const te = await import('@vscode/test-electron');
  let exe = choice.exe;
  if (!exe) {
    try {
      exe = await te.downloadAndUnzipVSCode({ version: process.env.VSCODE_VERSION || 'stable', cachePath: path.join(REPO, '.cache', 'vscode-test'), timeout: 20_000 });
    } catch (e) {
      if (choice.fallback) { say(`VS Code download failed (${e.message}); using code-server`); return null; }
      fail(`VS Code download failed: ${e.message} (unset CODE_TESTS_ELECTRON to use code-server)`);
    }
  }
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    const display = ':' + (90 + (process.pid % 9));
    const x = spawn('Xvfb', [display, '-screen', '0', '1400x1000x24', '-nolisten', 'tcp'], { stdio: 'ignore', detached: true });
    cleanups.push(async () => { try { process.kill(-x.pid, 'SIGTERM'); } catch { /* gone */ } });
    process.env.DISPLAY = display;
    // wait (bounded) for the X socket
    const sock = `/tmp/.X11-unix/X${display.slice(1)}`;
    for (const t0 = Date.now(); !fs.existsSync(sock); await new Promise((r) => setTimeout(r, 100))) {
      if (Date.now() - t0 > 15_000) fail('Xvfb did not start (apt-get install -y xvfb)');
    }
  }
  const run = makeRunDir(path.join(OUT, 'electron-run'), { settings: RUN_SETTINGS });
  // install the .vsix into this run's own extensions folder with VS Code's CLI
  const [cli] = te.resolveCliArgsFromVSCodeExecutablePath(exe, { reuseMachineInstall: true });
  const r = spawnSync(cli, ['--extensions-dir', run.extensions, '--user-data-dir', run.userData, '--force', '--install-extension', VSIX],
    { encoding: 'utf8', stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) fail(`code --install-extension ${VSIX} failed (exit ${r.status})`);
  checkInstalled(run);
  const resultFile = path.join(run.root, 'result.json');
  let code = 1;
  try {
    code = await te.runTests({
      vscodeExecutablePath: exe,
      extensionDevelopmentPath: HOST,        // empty host; the extension under test is the installed one
      extensionTestsPath: TESTS,
      extensionTestsEnv: { E2E_EXTENSIONS_DIR: run.extensions, E2E_RESULT_FILE: resultFile, E2E_SPEC_DIR: process.env.E2E_SPEC_DIR || '' },
      reuseMachineInstall: true,             // we pass our own --extensions-dir / --user-data-dir
      launchArgs: [FOLDER, '--extensions-dir', run.extensions, '--user-data-dir', run.userData, '--disable-gpu', '--new-window'],
    });
  } catch (e) { say(e.message); }
  return { code, result: parseResult([], resultFile) };
}

// ---------------------------------------------------------------------------------------------------------------
// 2b. code-server + Chromium
async function startServer(tag) {
  if (!chromiumPath()) {
    // First run on a fresh machine: the install script adds Debian's Chromium (as root or with sudo -n).
    say('Chromium not found: installing it with scripts/install-code-server.sh --with-browser');
    spawnSync('bash', [path.join(REPO, 'scripts', 'install-code-server.sh'), '--with-browser'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (!chromiumPath()) fail('Chromium not found; run: apt-get update && apt-get install -y chromium fonts-wqy-microhei');
  }
  let entry;
  try { entry = ensureCodeServer(); } catch (e) { fail(e.message); }
  const run = makeRunDir(path.join(OUT, tag), { settings: RUN_SETTINGS });
  installExtension(entry, run, VSIX);
  checkInstalled(run);
  const server = await startCodeServer({ entry, run, env: {
    E2E_EXTENSIONS_DIR: run.extensions, E2E_RESULT_FILE: path.join(run.root, 'result.json'),
    E2E_SPEC_DIR: process.env.E2E_SPEC_DIR || '',
  } });
  cleanups.push(() => server.stop());
  return server;
}

async function suiteCodeServer(server) {
  const run = server.run;
  const payload = [['extensionDevelopmentPath', remoteUri(server.host, HOST)],
    ['extensionTestsPath', remoteUri(server.host, TESTS)], ['skipWelcome', 'true']];
  const url = `${server.url}/?folder=${encodeURIComponent(FOLDER)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const browser = await launchChromium(run);
  const lines = [];
  let code;
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    let exitResolve;
    const exited = new Promise((r) => { exitResolve = r; });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const line = util.format(...(Array.isArray(args) ? args : [args]));
      for (const l of line.split('\n')) {
        lines.push(l);
        if (!NOISE.test(l)) console.log(`  ${type === 'error' ? '[exthost error] ' : ''}${l}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (c) => exitResolve(c));
    page.on('pageerror', (e) => say(`page error: ${e.message}`));
    say(`open workbench with test payload (bound ${sec(SUITE_TIMEOUT)})`);
    await page.goto(url);
    let timer;
    code = await Promise.race([
      exited,
      server.exited.then((c) => `code-server exited (${c})`),
      new Promise((r) => { timer = setTimeout(() => r('timeout'), SUITE_TIMEOUT); }),
    ]);
    clearTimeout(timer);
    if (code !== 0) await page.screenshot({ path: path.join(OUT, 'suite-end.png') }).catch(() => {});
  } finally {
    await browser.close();
  }
  if (code === 'timeout') say(`suite did not finish within ${sec(SUITE_TIMEOUT)} (screenshot .test-output/e2e/suite-end.png, log ${run.log})`);
  return { code, result: parseResult(lines, path.join(run.root, 'result.json')) };
}

// ---------------------------------------------------------------------------------------------------------------
async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of ['hover.png', 'outline.png', 'suite-end.png', 'concordance.png', 'trend.png', 'distinctive.png', 'views-end.png']) fs.rmSync(path.join(OUT, f), { force: true }); // no stale screenshots
  await step('package', packageVsix);

  const choice = await pickRunner();
  say(`runner: ${choice.kind} (${choice.why})`);
  let server = null;
  let suite = null;
  if (choice.kind === 'electron') suite = await step('suite (VS Code desktop)', () => suiteElectron(choice));
  if (!suite) {
    server = await step('start code-server', () => startServer('run'));
    suite = await step('suite (code-server)', () => suiteCodeServer(server));
  }
  const r = suite.result;
  say(`suite exit code: ${suite.code}; ${r ? `${r.passed} passed, ${r.failed} failed, ${r.pending ?? 0} pending` : 'no result line'}`);
  if (r) { tally.passed += r.passed; tally.failed += r.failed; }
  if (suite.code !== 0 && (!r || r.failed === 0)) tally.failed++;   // crashed / timed out / failed outside mocha

  if (process.env.E2E_SKIP_UI === '1') {
    say('UI check skipped (E2E_SKIP_UI=1)');
  } else {
    if (!server) server = await step('start code-server', () => startServer('ui-run'));
    const { uiCheck } = await import('../test/e2e/ui.mjs');
    const res = await step('UI check', () => uiCheck({ serverUrl: server.url, folder: FOLDER, outDir: OUT,
      launch: () => launchChromium(server.run), log: (...a) => say(...a) }));
    for (const c of res) {
      say(`${c.ok ? 'PASS' : 'FAIL'} UI: ${c.name} (${sec(c.ms)}) ${c.detail}`);
      if (c.ok) tally.passed++; else tally.failed++;
    }
    // the study views, on a throwaway copy of the corpus (+ hostile.txt) under .test-output/e2e/views-corpus/
    const { uiViewsCheck } = await import('../test/e2e/ui-views.mjs');
    const views = await step('UI views check', () => uiViewsCheck({ serverUrl: server.url, source: FOLDER, outDir: OUT,
      launch: () => launchChromium(server.run), log: (...a) => say(...a) }));
    for (const c of views) {
      say(`${c.ok ? 'PASS' : 'FAIL'} UI views: ${c.name} (${sec(c.ms)}) ${c.detail}`);
      if (c.ok) tally.passed++; else tally.failed++;
    }
  }
}

try {
  await main();
} catch (e) {
  say(`ERROR: ${e.harness ? e.message : e.stack || e}`);
  tally.failed++;
} finally {
  await step('stop', cleanup);
  finish(tally.failed ? 1 : 0);
}
