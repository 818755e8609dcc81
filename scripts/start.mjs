#!/usr/bin/env node
// `npm start`: build, then open the corpus/ folder in VS Code with this extension loaded from the working tree.
//
//  - With a VS Code desktop `code` command on PATH: `code --extensionDevelopmentPath=<repo> <repo>/corpus` (extension
//    development mode), and exit when that window closes.
//  - Otherwise (as on machines that cannot download VS Code): code-server, the VS Code 1.100 server for a browser.
//    It is installed on first use into the cache folder (scripts/install-code-server.sh), the extension is linked
//    from the working tree into the run's extensions folder (so it runs the code just built; after another
//    `npm run build`, "Developer: Reload Window" picks it up), and the server listens on 127.0.0.1:$PORT (default
//    8080, or the first free port). Ctrl+C / SIGTERM stops it and every process it started.
//
// Env: PORT; START_CODE_SERVER=1 (use code-server even when `code` is on PATH); CODE_SERVER_DIR; SKIP_BUILD=1.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, ensureCodeServer, makeRunDir, startCodeServer, DEFAULT_SETTINGS } from './code-server.mjs';

const FOLDER = path.join(REPO, 'corpus');
const say = (...a) => console.log('[start]', ...a);
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const EXT_ID = `${pkg.publisher}.${pkg.name}`;

const isAlive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

function build() {
  if (process.env.SKIP_BUILD === '1') return;
  say('npm run build');
  const r = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) { say(`build failed (exit ${r.status})`); process.exit(r.status || 1); }
}

/** The VS Code desktop CLI, unless `code` is missing or is code-server's/VS Code server's remote CLI. */
function desktopCode() {
  if (process.env.START_CODE_SERVER === '1') return null;
  const r = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const p = r.stdout.trim();
  let real = p;
  try { real = fs.realpathSync(p); } catch { /* keep p */ }
  if (/remote-cli|code-server/.test(real)) return null;
  return p;
}

async function withCodeServer() {
  const entry = ensureCodeServer();                      // installs on first use, with progress
  // one persistent run folder (settings, UI state); a second `npm start` alongside gets a throwaway one
  let root = path.join(REPO, '.cache', 'code-server-run');
  let throwaway = false;
  const busy = Number(fs.existsSync(path.join(root, 'start.pid')) && fs.readFileSync(path.join(root, 'start.pid'), 'utf8'));
  if (busy && busy !== process.pid && isAlive(busy)) {
    root = path.join(REPO, '.cache', `code-server-run-${process.pid}`);
    throwaway = true;
    say(`another npm start (pid ${busy}) uses .cache/code-server-run; this one uses ${root} (removed on exit)`);
  }
  const run = makeRunDir(root, { fresh: throwaway });
  fs.writeFileSync(path.join(root, 'start.pid'), String(process.pid));
  process.on('exit', () => {
    if (throwaway) fs.rmSync(root, { recursive: true, force: true });
    else if (fs.existsSync(path.join(root, 'start.pid')) && fs.readFileSync(path.join(root, 'start.pid'), 'utf8') === String(process.pid)) fs.rmSync(path.join(root, 'start.pid'));
  });
  // settings: defaults on first use, the user's own edits kept afterwards
  const settingsFile = path.join(run.userData, 'User', 'settings.json');
  const firstSettings = path.join(run.root, '.settings-written');
  if (!fs.existsSync(firstSettings)) {
    fs.writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, 'editor.wordWrap': 'on', 'workbench.localHistory.enabled': true }, null, 2) + '\n');
    fs.writeFileSync(firstSettings, '');
  }
  // the extension: the working tree itself, linked as an installed extension (fresh link each start)
  fs.rmSync(run.extensions, { recursive: true, force: true });
  fs.mkdirSync(run.extensions, { recursive: true });
  const link = path.join(run.extensions, `${EXT_ID}-${pkg.version}`);
  fs.symlinkSync(REPO, link, 'dir');
  say(`extension ${EXT_ID} ${pkg.version} linked from ${REPO}`);

  const wanted = Number(process.env.PORT) || 8080;
  const server = await startCodeServer({ entry, run, port: wanted });
  if (server.port !== wanted) say(`port ${wanted} is busy; using ${server.port}`);
  const url = `${server.url}/?folder=${/^[\w./-]+$/.test(FOLDER) ? FOLDER : encodeURIComponent(FOLDER)}`;
  console.log('');
  console.log(`  Corpus Study is running in code-server (VS Code in the browser). Open:`);
  console.log(`    ${url}`);
  console.log(`  Server log: ${run.log}`);
  console.log(`  After \`npm run build\`, run "Developer: Reload Window" in the editor. Stop with Ctrl+C.`);
  console.log('');

  let stopping = false;
  const stop = async (why, code) => {
    if (stopping) return;
    stopping = true;
    say(`${why}: stopping code-server (pid ${server.pid})`);
    const left = await server.stop();
    say(left.length ? `still running: ${left.join(' ')}` : 'stopped');
    process.exit(code);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig, 0));
  const code = await server.exited;
  if (!stopping) await stop(`code-server exited (${code})`, typeof code === 'number' ? code : 1);
}

async function withDesktop(code) {
  say(`${code} --extensionDevelopmentPath=${REPO} ${FOLDER}`);
  const child = spawn(code, ['--new-window', '--wait', `--extensionDevelopmentPath=${REPO}`, FOLDER], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (c, s) => process.exit(c ?? (s ? 1 : 0)));
}

build();
const code = desktopCode();
if (code) await withDesktop(code);
else await withCodeServer().catch((e) => { console.error(`[start] ${e.message}`); process.exit(1); });
