// Shared helpers to run a real VS Code (code-server, i.e. VS Code 1.100 served to a browser) for this repository:
// install it (scripts/install-code-server.sh), give each run throwaway XDG/user-data/extensions folders, install a
// .vsix into that run's extensions folder, start the server on a free 127.0.0.1 port, wait for /healthz, and stop it
// again by PID (its whole process group and every descendant), leaving nothing behind.
//
// Plain Node ESM, no dependencies. Used by scripts/e2e.mjs (tests) and scripts/start.mjs (`npm start`).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.100.3';

const log = (...a) => console.log('[code-server]', ...a);

/** Folder code-server is (to be) installed in; same default as scripts/install-code-server.sh. */
export function codeServerDir() {
  if (process.env.CODE_SERVER_DIR) return path.resolve(process.env.CODE_SERVER_DIR);
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cache, 'corpus-study', `code-server-${CODE_SERVER_VERSION}`);
}

/** entry.js of a finished install, or null. */
export function codeServerEntry(dir = codeServerDir()) {
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  return fs.existsSync(path.join(dir, '.corpus-study-installed')) && fs.existsSync(entry) ? entry : null;
}

/**
 * Return code-server's entry.js, installing it first when it is missing (progress goes to the console).
 * Throws with the command to run when the install fails.
 */
export function ensureCodeServer({ install = true } = {}) {
  const existing = codeServerEntry();
  if (existing) return existing;
  if (!install) throw new Error(`code-server is not installed in ${codeServerDir()}; run: bash scripts/install-code-server.sh`);
  log(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir()} (first use: ~1 min, ~300 MB)`);
  const r = spawnSync('bash', [path.join(REPO, 'scripts', 'install-code-server.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8',
    env: { ...process.env, CODE_SERVER_DIR: codeServerDir(), CODE_SERVER_VERSION },
  });
  const entry = codeServerEntry();
  if (r.status !== 0 || !entry) {
    throw new Error(`installing code-server failed (exit ${r.status}); run: bash scripts/install-code-server.sh  (see the messages above)`);
  }
  return entry;
}

/** A TCP port free on 127.0.0.1: `preferred` when it is free, else one the OS picks. */
export async function freePort(preferred) {
  const tryListen = (port) => new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(null));
    srv.listen(port, '127.0.0.1', () => { const p = srv.address().port; srv.close(() => resolve(p)); });
  });
  if (preferred) { const p = await tryListen(preferred); if (p) return p; }
  const p = await tryListen(0);
  if (!p) throw new Error('no free port on 127.0.0.1');
  return p;
}

/** Settings for a quiet, deterministic workbench (no trust prompt, no telemetry, no welcome page, no autosave). */
export const DEFAULT_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'workbench.localHistory.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'window.restoreWindows': 'none',
  'files.autoSave': 'off',            // tests edit corpus files in memory; nothing may reach the disk
  'files.hotExit': 'off',
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  'chat.disableAIFeatures': true,
  'editor.hover.delay': 200,
  'workbench.reduceMotion': 'on',     // no fade-in animations: screenshots show the final state
  'editor.minimap.enabled': false,
  'workbench.editor.enablePreview': false,
};

/**
 * Make the throwaway folders of one run under `root` (created; emptied first when `fresh`).
 * Returns { root, xdg: {config,data,cache,state}, userData, extensions, log }.
 */
export function makeRunDir(root, { fresh = true, settings = {} } = {}) {
  root = path.resolve(root);
  if (fresh) fs.rmSync(root, { recursive: true, force: true });
  const dirs = {
    root,
    xdg: { config: path.join(root, 'xdg', 'config'), data: path.join(root, 'xdg', 'data'),
           cache: path.join(root, 'xdg', 'cache'), state: path.join(root, 'xdg', 'state') },
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    log: path.join(root, 'code-server.log'),
  };
  for (const d of [...Object.values(dirs.xdg), dirs.userData, dirs.extensions]) fs.mkdirSync(d, { recursive: true });
  writeUserSettings(dirs, settings);
  return dirs;
}

/** Write User/ and Machine/ settings.json of a run (DEFAULT_SETTINGS plus `extra`). */
export function writeUserSettings(run, extra = {}) {
  const json = JSON.stringify({ ...DEFAULT_SETTINGS, ...extra }, null, 2) + '\n';
  for (const sub of ['User', 'Machine']) {
    fs.mkdirSync(path.join(run.userData, sub), { recursive: true });
    fs.writeFileSync(path.join(run.userData, sub, 'settings.json'), json);
  }
}

/** Environment for code-server processes: XDG_* point into the run folder so nothing lands in $HOME. */
export function runEnv(run, extra = {}) {
  const env = { ...process.env,
    XDG_CONFIG_HOME: run.xdg.config, XDG_DATA_HOME: run.xdg.data,
    XDG_CACHE_HOME: run.xdg.cache, XDG_STATE_HOME: run.xdg.state, ...extra };
  // code-server honours $PORT / $PASSWORD etc.; never let the caller's leak in
  delete env.PORT; delete env.PASSWORD; delete env.HASHED_PASSWORD;
  // vars that would make the VS Code server think it runs inside another VS Code
  for (const k of Object.keys(env)) if (/^(VSCODE_|ELECTRON_RUN_AS_NODE)/.test(k)) delete env[k];
  return env;
}

/** `code-server --install-extension <vsix>` into the run's extensions folder. Throws on failure. */
export function installExtension(entry, run, vsix) {
  if (!fs.existsSync(vsix)) throw new Error(`no such .vsix: ${vsix}`);
  const r = spawnSync(process.execPath, [entry, '--user-data-dir', run.userData, '--extensions-dir', run.extensions,
    '--force', '--install-extension', path.resolve(vsix)], { env: runEnv(run), encoding: 'utf8', timeout: 180_000 });
  const out = `${r.stdout || ''}${r.stderr || ''}`.trim();
  if (r.status !== 0 || /failed|error/i.test(out) && !/successfully installed/i.test(out)) {
    throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${out}`);
  }
  log(out.split('\n').filter(Boolean).pop());
  return out;
}

/** Installed extension folders in a run's extensions dir. */
export function listInstalled(run) {
  return fs.readdirSync(run.extensions).filter((n) => !n.startsWith('.') && n !== 'extensions.json');
}

async function get(url, timeoutMs) {
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(), timeoutMs);
  try { const r = await fetch(url, { signal: ac.signal }); await r.arrayBuffer(); return r.status; }
  catch { return 0; }
  finally { clearTimeout(t); }
}

/** Poll `url` until it answers 2xx, or throw after `timeoutMs`. */
export async function waitForHttp(url, { timeoutMs = 60_000, isAlive = () => true } = {}) {
  const t0 = Date.now();
  for (let delay = 100; ; delay = Math.min(delay * 2, 1000)) {
    const s = await get(url, 5000);
    if (s >= 200 && s < 300) return Date.now() - t0;
    if (!isAlive()) throw new Error(`process exited before ${url} answered`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`${url} did not answer within ${timeoutMs} ms (last status ${s})`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** All descendants of `pid` (via ps), so that processes which left the group are stopped too. */
function descendants(pid) {
  let out = '';
  try { out = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }); } catch { return []; }
  const kids = new Map();
  for (const line of out.trim().split('\n')) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    if (!kids.has(pp)) kids.set(pp, []);
    kids.get(pp).push(p);
  }
  const res = [];
  const stack = [pid];
  while (stack.length) for (const k of kids.get(stack.pop()) || []) { res.push(k); stack.push(k); }
  return res;
}

const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
function signal(pids, pgid, sig) {
  try { process.kill(-pgid, sig); } catch { /* group gone */ }
  for (const p of pids) { try { process.kill(p, sig); } catch { /* gone */ } }
}

/**
 * Stop a process started with detached:true (so it leads its own process group): SIGTERM to the group and all
 * descendants, wait (bounded) until they are gone, then SIGKILL whatever is left. Synchronous-safe variant below.
 */
export async function stopTree(pid, { graceMs = 5000 } = {}) {
  const pids = [pid, ...descendants(pid)];
  signal(pids, pid, 'SIGTERM');
  const t0 = Date.now();
  while (pids.some(alive) && Date.now() - t0 < graceMs) await new Promise((r) => setTimeout(r, 100));
  const left = pids.filter(alive);
  if (left.length) signal(left, pid, 'SIGKILL');
  const t1 = Date.now();
  while (pids.some(alive) && Date.now() - t1 < 3000) await new Promise((r) => setTimeout(r, 50));
  return pids.filter(alive);
}

/** Last-resort, synchronous stop (for process 'exit' handlers). */
export function stopTreeSync(pid) {
  const pids = [pid, ...descendants(pid)];
  signal(pids, pid, 'SIGKILL');
}

/**
 * Start code-server for a run. Returns { pid, port, url, host, run, stop(), exited }.
 * `folder` (optional) is opened when the root URL is loaded without ?folder=.
 * The process is stopped automatically when this Node process exits.
 */
export async function startCodeServer({ entry, run, port, folder, args = [], env = {}, healthTimeoutMs = 90_000, quiet = true } = {}) {
  port = await freePort(port);
  const host = `127.0.0.1:${port}`;
  const argv = [entry, '--auth', 'none', '--bind-addr', host,
    '--user-data-dir', run.userData, '--extensions-dir', run.extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--ignore-last-opened', ...args];
  if (folder) argv.push(folder);
  const logFd = fs.openSync(run.log, 'a');
  const child = spawn(process.execPath, argv, {
    cwd: run.root, env: runEnv(run, env), detached: true,
    stdio: ['ignore', quiet ? logFd : 'inherit', quiet ? logFd : 'inherit'],
  });
  fs.closeSync(logFd);
  let exited = false, exitCode = null;
  const exitedP = new Promise((r) => child.once('exit', (c, s) => { exited = true; exitCode = c ?? s; r(exitCode); }));
  const onExit = () => { if (!exited) stopTreeSync(child.pid); };
  process.once('exit', onExit);
  let stopping = null;
  const server = {
    pid: child.pid, port, host, url: `http://${host}`, run, exited: exitedP,
    get exitCode() { return exitCode; },
    stop: () => stopping ??= (async () => {
      const left = await stopTree(child.pid);
      process.removeListener('exit', onExit);
      if (left.length) log(`WARNING: processes still alive after stop: ${left.join(' ')}`);
      return left;
    })(),
  };
  try {
    const ms = await waitForHttp(`${server.url}/healthz`, { timeoutMs: healthTimeoutMs, isAlive: () => !exited });
    log(`up on ${server.url} after ${ms} ms (pid ${child.pid}, log ${run.log})`);
  } catch (e) {
    await server.stop();
    const tail = fs.existsSync(run.log) ? fs.readFileSync(run.log, 'utf8').split('\n').slice(-30).join('\n') : '';
    throw new Error(`code-server did not start: ${e.message}\n--- ${run.log} (tail) ---\n${tail}`);
  }
  return server;
}

/** vscode-remote:// URI of a path on the code-server machine, as the workbench at `host` names it. */
export const remoteUri = (host, p) => `vscode-remote://${host}${path.resolve(p).split(path.sep).map(encodeURIComponent).join('/')}`;

/** Chromium flags that work on this machine's closed network (see /work/.library/env/machines/node.md). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** Chromium to drive with playwright-core: $CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath() {
  const cands = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
  return cands.find((p) => fs.existsSync(p)) || null;
}

/** Launch headless Chromium (playwright-core) with its own throwaway profile under the run folder. */
export async function launchChromium(run) {
  const exe = chromiumPath();
  if (!exe) throw new Error('Chromium not found; run: apt-get update && apt-get install -y chromium');
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: exe, headless: true, args: CHROMIUM_ARGS,
    env: { ...process.env, XDG_CONFIG_HOME: run.xdg.config, XDG_CACHE_HOME: run.xdg.cache, HOME: run.root } });
}
