// UI check of the study views (webviews) in a real VS Code workbench (code-server) driven by headless Chromium
// (playwright-core). It opens its own throwaway copy of the corpus (the seed file + glossary.yaml + hostile.txt, a
// meeting whose title and lead carry HTML, a script, a javascript: link and a remote Markdown image next to
// 联防联控), never the repository's corpus/, and checks:
//  1. Concordance (command palette, 联防联控): 29 rows = 24 in the seed file + 5 in hostile.txt   -> concordance.png
//  2. a click on a row opens the seed file at that hit (the editor's Ln/Col and "(4 selected)" in the status bar)
//  3. hostile text is shown as text: innerText has it, no <img>/<script>/<a> came from it, no alert (dialog or a
//     hooked window.alert while the rows re-render), no request to its image host
//  4. Trend (command palette, 联防联控, 复工复产): the summary counts and a non-blank chart canvas    -> trend.png
//  5. Distinctive terms from the CodeLens over the 6 March title (line 194): the table of that meeting -> distinctive.png
//  5b. Compare from the CodeLens over the 4 March title (line 180): new 扩大内需 (first in the corpus), dropped
//     人类命运共同体, against 26 February                                                                -> compare.png
//  6. every webview document: a CSP meta with default-src 'none', script-src nonce-only, no remote sources, every
//     script carrying the nonce; no CSP violation or webview console error during the run; then probes proving the
//     policy is enforced (a remote <img> is refused and reported) and localResourceRoots is media/ only (an image of
//     the installed extension outside media/ does not load, media/corpus.svg does)
// Every wait is on a condition with a bound; no fixed sleeps. Webviews are nested iframes; the one with the page is
// found among page.frames() by its bundled script (media/dist/<view>.js).
//
// Used by scripts/e2e.mjs (uiViewsCheck); standalone against a running server (with the .vsix installed):
//   node test/e2e/ui-views.mjs http://127.0.0.1:8080
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { until, palette } from './until.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const VIEWS_DEFAULTS = {
  source: path.join(REPO, 'corpus'),
  file: '000_0e5442cdf73d87c8.txt',
  term: '联防联控',
  seedRows: 24,          // mentions of 联防联控 in the seed file (as the API suite's references)
  trendTerms: ['联防联控', '复工复产'],
  lensLine: 194,         // 1-based line of the 6 March 2020 title in the seed file
  lensWord: '脱贫攻坚',
  compareLine: 180,      // 1-based line of the 4 March 2020 title, compared with 26 February
  outDir: path.join(REPO, '.test-output', 'e2e'),
  viewport: { width: 1280, height: 800 },
};

export const HOSTILE = {
  img: '<img src=x onerror=alert(1)>',
  script: '<script>alert(1)</script>',
  jsLink: '[x](javascript:alert(1))',
  mdImage: '![i](http://127.0.0.1:1/y.png)',
};
const HOSTILE_HOST = '127.0.0.1:1';

/** hostile.txt: a dated meeting whose title and lead put every hostile string right after a 联防联控. */
export function hostileText(term = '联防联控') {
  const h = HOSTILE;
  return [
    `中共中央政治局常务委员会召开会议 ${h.img} 研究${term}工作`,
    '',
    `3月9日，中共中央政治局常务委员会召开会议。会议指出，${term}${h.img}，${term}${h.script}，${term}${h.jsLink}，${term}${h.mdImage}，要继续做好工作。`,
    '会议还研究了其他事项。',
    '',
  ].join('\n');
}


const digest = (dir) => {
  const h = crypto.createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isFile()) h.update(f).update(fs.readFileSync(p));
  }
  return h.digest('hex');
};

/** A fresh throwaway corpus folder (…/views-corpus/corpus: the name keeps the corpus-text language) with hostile.txt. */
export function prepareFolder(o) {
  const folder = path.join(o.outDir, 'views-corpus', 'corpus');
  fs.rmSync(path.dirname(folder), { recursive: true, force: true });
  fs.mkdirSync(folder, { recursive: true });
  for (const f of fs.readdirSync(o.source)) {
    if (f.endsWith('.txt') || f === 'glossary.yaml') fs.copyFileSync(path.join(o.source, f), path.join(folder, f));
  }
  fs.writeFileSync(path.join(folder, 'hostile.txt'), hostileText(o.term));
  return folder;
}


/** Answer the command's input box (showInputBox) with `value`. */
async function answerInput(page, value, prompt) {
  const widget = page.locator('.quick-input-widget', { hasText: prompt });
  await widget.waitFor({ state: 'visible', timeout: 15_000 });
  const input = widget.locator('.quick-input-box input');
  await input.fill(value);
  await input.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
}

/** The (innermost) webview frame whose page runs media/dist/<script>.js. */
async function viewFrame(page, script) {
  for (const f of page.frames()) {
    if (!f.url().includes('/webview/')) continue;
    const ok = await f.evaluate((s) => [...document.scripts].some((e) => e.src.endsWith(`/media/dist/${s}.js`)), script).catch(() => false);
    if (ok) return f;
  }
  return null;
}

/** Status bar "Ln 12, Col 34 (4 selected)" of the active editor. */
async function cursorStatus(page) {
  const t = await page.locator('.statusbar-item[id="status.editor.selection"]').innerText({ timeout: 5_000 }).catch(() => '');
  const m = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(t);
  return m ? { line: Number(m[1]), col: Number(m[2]), selected: Number(m[3] || 0), text: t } : { text: t };
}

/** Installs, in a webview document, recorders for CSP violations and window.alert calls (from now on). */
const installRecorders = (frame) => frame.evaluate(() => {
  if (window.__e2e) return;
  window.__e2e = { csp: [], alerts: [] };
  document.addEventListener('securitypolicyviolation', (e) => window.__e2e.csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  const orig = window.alert;
  window.alert = (...a) => { window.__e2e.alerts.push(a.map(String).join(' ')); return orig && undefined; };
});

/** The CSP of a webview document, checked: returns a list of problems (empty when strict). */
async function cspProblems(frame) {
  const info = await frame.evaluate(() => ({
    metas: [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')].map((m) => m.content),
    scripts: [...document.scripts].map((s) => ({ src: s.src, nonce: s.nonce, id: s.id,
      // VS Code's own bootstrap (acquireVsCodeApi), prepended to <head> before the page's CSP meta
      vscodeApi: s.id === '_vscodeApiScript' && !s.src && /acquireVsCodeApi/.test(s.textContent)
        && !!(s.compareDocumentPosition(document.querySelector('meta[http-equiv="Content-Security-Policy" i]')) & Node.DOCUMENT_POSITION_FOLLOWING) })),
    links: [...document.querySelectorAll('link')].map((l) => l.href),
  }));
  const bad = [];
  if (info.metas.length !== 1) return { info, bad: [`${info.metas.length} CSP meta tags`] };
  const dirs = Object.fromEntries(info.metas[0].split(';').map((d) => d.trim()).filter(Boolean)
    .map((d) => { const [k, ...v] = d.split(/\s+/); return [k.toLowerCase(), v]; }));
  if ((dirs['default-src'] ?? []).join(' ') !== "'none'") bad.push(`default-src is ${dirs['default-src']}`);
  const script = dirs['script-src'] ?? [];
  const nonces = script.filter((s) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(s));
  if (nonces.length !== 1 || script.length !== 1) bad.push(`script-src is "${script.join(' ')}", not one nonce only`);
  const nonce = nonces[0]?.slice(7, -1);
  for (const [k, v] of Object.entries(dirs)) {
    for (const s of v) {
      if (/^'unsafe-|^\*$|^https?:$|^data:$/.test(s) && !(k === 'img-src' && s === 'data:')) bad.push(`${k} allows ${s}`);
      // the only http(s) source allowed is the webview's own resource origin (webview.cspSource), which VS Code
      // serves from the installed extension (within localResourceRoots); nothing remote
      if (/^https?:\/\//.test(s) && s !== 'https://*.vscode-cdn.net') bad.push(`${k} allows the remote source ${s}`);
    }
  }
  for (const s of info.scripts) if (!s.vscodeApi && s.nonce !== nonce) bad.push(`script ${s.src || `(inline${s.id ? ` #${s.id}` : ''})`} without the page's nonce`);
  if (info.scripts.filter((s) => !s.vscodeApi).length !== 1) bad.push(`${info.scripts.length} scripts: ${info.scripts.map((s) => s.src || s.id || 'inline').join(' ')}`);
  for (const u of [...info.scripts.map((s) => s.src), ...info.links].filter(Boolean)) {
    const url = new URL(u);
    if (!url.hostname.endsWith('.vscode-cdn.net') || !/\/media\//.test(url.pathname)) bad.push(`resource outside the extension's media/: ${u}`);
  }
  return { info, csp: info.metas[0], bad };
}

/**
 * Run the views check against the workbench at `serverUrl`. `launch()` returns a playwright Browser.
 * Returns [{ name, ok, detail, ms }] (one entry per check); throws only on harness errors.
 */
export async function uiViewsCheck({ serverUrl, launch, log = console.log, ...opts }) {
  const o = { ...VIEWS_DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) };
  fs.mkdirSync(o.outDir, { recursive: true });
  for (const f of ['concordance.png', 'trend.png', 'distinctive.png', 'views-end.png']) fs.rmSync(path.join(o.outDir, f), { force: true });
  const repoDigest = digest(o.source);
  const folder = prepareFolder(o);
  const seedText = fs.readFileSync(path.join(folder, o.file), 'utf8');
  const hostileHits = hostileText(o.term).split(o.term).length - 1;
  const expectRows = o.seedRows + hostileHits;
  log(`[views] throwaway corpus ${folder} (seed + glossary + hostile.txt with ${hostileHits} × ${o.term})`);

  const results = [];
  const check = async (name, fn) => {
    const t0 = Date.now();
    let ok = false, detail = '';
    try { detail = (await fn()) ?? ''; ok = true; } catch (e) { detail = e.message; }
    results.push({ name, ok, detail, ms: Date.now() - t0 });
    log(`[views] ${ok ? 'ok' : 'FAILED'}: ${name}: ${detail}`);
    return ok;
  };

  const events = { dialogs: [], consoleErrors: [], cspConsole: [], hostileRequests: [], hostileFailed: [], pageErrors: [] };
  const browser = await launch();
  let page;
  try {
    page = await (await browser.newContext({ viewport: o.viewport })).newPage();
    page.setDefaultTimeout(30_000);
    page.on('dialog', (d) => { events.dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
    page.on('console', (m) => {
      const where = m.location()?.url ?? '';
      const txt = m.text();
      if (/Content.Security.Policy|Refused to/i.test(txt)) events.cspConsole.push(`${txt} (${where})`);
      else if (m.type() === 'error' && /vscode-cdn\.net|\/webview\/browser\/pre\//.test(where)) events.consoleErrors.push(`${txt} (${where})`);
    });
    page.on('pageerror', (e) => {
      if (/vscode-cdn\.net|\/webview\/browser\/pre\//.test(e.stack || '')) events.pageErrors.push(e.message);
    });
    // any request for the hostile host (even one the CSP then blocks); for the probe, how each one ended
    page.on('request', (r) => { if (r.url().includes(HOSTILE_HOST)) events.hostileRequests.push(r.url()); });
    page.on('requestfailed', (r) => { if (r.url().includes(HOSTILE_HOST)) events.hostileFailed.push(`${r.url()} ${r.failure()?.errorText}`); });
    page.on('requestfinished', (r) => { if (r.url().includes(HOSTILE_HOST)) events.hostileFailed.push(`${r.url()} answered`); });

    const url = `${serverUrl}/?folder=${encodeURIComponent(folder)}`;
    log(`[views] open ${url}`);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    const qinput = page.locator('.quick-input-widget .quick-input-box input');

    // open the seed file (Quick Open), give the webviews room (no side bar)
    await until(`${o.file} to open`, async () => {
      if (await page.locator('.tabs-container .tab.active', { hasText: o.file }).isVisible()) return true;
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      await qinput.waitFor({ state: 'visible', timeout: 10_000 });
      await qinput.fill(o.file);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: o.file }).first().waitFor({ timeout: 10_000 });
      await qinput.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: o.file }).waitFor({ timeout: 10_000 });
      return true;
    }, { timeoutMs: 90_000, intervalMs: 500 });
    await page.locator('.editor-group-container .monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
    await palette(page, 'View: Close Primary Side Bar');

    // ---- 1. concordance -----------------------------------------------------------------------------------------
    let conc = null;
    const rowsOk = await check(`Concordance (command palette) on ${o.term} shows ${expectRows} rows (${o.seedRows} seed + ${hostileHits} hostile)`, async () => {
      await palette(page, 'Corpus Study: Concordance', { expectInput: true });
      await answerInput(page, o.term, 'Concordance of');
      let n = -1;
      // the language server indexes first; the view fills in when it answers (bounded)
      conc = await until(`${expectRows} rows in the concordance webview`, async () => {
        const f = await viewFrame(page, 'concordance');
        if (!f) return null;
        n = await f.locator('table.kwic tbody tr').count();
        return n === expectRows ? f : null;
      }, { timeoutMs: 90_000, intervalMs: 300 }).catch((e) => { throw new Error(`${e.message} (last count ${n})`); });
      await installRecorders(conc);
      const summary = await conc.locator('.toolbar .summary').innerText();
      const tab = await page.locator('.tabs-container .tab', { hasText: `Concordance: ${o.term}` }).count();
      if (tab !== 1) throw new Error(`no tab "Concordance: ${o.term}"`);
      if (!summary.startsWith(`${expectRows} hits`)) throw new Error(`summary "${summary}"`);
      await page.screenshot({ path: path.join(o.outDir, 'concordance.png') });
      return `summary "${summary}"; concordance.png`;
    });

    // ---- 2. click a row -> the editor moves there -----------------------------------------------------------------
    await check('clicking a concordance row opens the text at that hit', async () => {
      if (!rowsOk) throw new Error('no concordance rows');
      const k = 9; // the 10th row in date order = the 10th occurrence in the seed file (checked by its context)
      const occ = [];
      for (let at = seedText.indexOf(o.term); at >= 0; at = seedText.indexOf(o.term, at + o.term.length)) occ.push(at);
      const at = occ[k];
      const before = seedText.slice(0, at);
      const line = before.split('\n').length;
      const col = at - before.lastIndexOf('\n');             // 1-based column of the hit's first character
      const row = conc.locator('table.kwic tbody tr').nth(k);
      const left = (await row.locator('td.left').innerText()).replace(/\s+/g, '');
      const hit = await row.locator('td.hit').innerText();
      if (hit !== o.term) throw new Error(`row ${k} hit is "${hit}"`);
      const tail = left.slice(-8);
      if (!before.replace(/\s+/g, '').endsWith(tail)) throw new Error(`row ${k}'s left context "…${tail}" is not before occurrence ${k} (line ${line})`);
      const was = await cursorStatus(page);
      if (was.line === line) throw new Error(`the cursor is already on line ${line}`);
      await row.click();
      const now = await until(`the cursor on line ${line} with the hit selected`, async () => {
        const s = await cursorStatus(page);
        return s.line === line && s.selected === o.term.length ? s : null;
      }, { timeoutMs: 15_000, intervalMs: 200 });
      if (now.col !== col && now.col !== col + o.term.length) throw new Error(`cursor at ${now.text}, hit at column ${col}`);
      const active = await page.locator('.tabs-container .tab.active').first().innerText();
      if (!active.includes(o.file)) throw new Error(`active tab is ${active}`);
      return `row ${k + 1}: ${was.text || 'Ln ?'} -> ${now.text} (hit at ${line}:${col})`;
    });

    // ---- 3. hostile corpus text stays text ----------------------------------------------------------------------
    await check('hostile corpus text (HTML, <script>, javascript: link, remote Markdown image) shows as text and runs nothing', async () => {
      if (!rowsOk) throw new Error('no concordance rows');
      const dom = async () => conc.evaluate((h) => ({
        text: document.body.innerText,
        imgs: document.querySelectorAll('img').length,
        scripts: [...document.scripts].map((s) => s.src),
        links: [...document.querySelectorAll('a, [onerror], [onclick], iframe, object, embed')].map((e) => e.outerHTML.slice(0, 80)),
        hostileRows: [...document.querySelectorAll('table.kwic tbody tr')].filter((tr) => Object.values(h).some((s) => tr.innerText.includes(s))).length,
      }), HOSTILE);
      const check1 = async (when) => {
        const d = await dom();
        const missing = Object.values(HOSTILE).filter((s) => !d.text.includes(s));
        if (missing.length) throw new Error(`${when}: not shown as text: ${missing.join(' ')}`);
        if (d.imgs) throw new Error(`${when}: ${d.imgs} <img> element(s) in the webview`);
        if (d.scripts.some((s) => !s.endsWith('/media/dist/concordance.js') && s !== '') || d.scripts.length > 2) throw new Error(`${when}: scripts ${d.scripts.join(' ')}`);
        if (d.links.length) throw new Error(`${when}: elements from corpus text: ${d.links.join(' | ')}`);
        if (d.hostileRows < hostileHits) throw new Error(`${when}: only ${d.hostileRows} rows show hostile text`);
        return d;
      };
      const d = await check1('first render');
      // re-render the rows with window.alert hooked: Search again from the view's own toolbar
      await conc.evaluate(() => { document.querySelector('table.kwic tbody').replaceChildren(); });
      await conc.locator('form.toolbar button[type="submit"]').click();
      await until('the rows to render again', async () => (await conc.locator('table.kwic tbody tr').count()) === expectRows, { timeoutMs: 30_000 });
      await check1('second render');
      const alerts = await conc.evaluate(() => window.__e2e.alerts);
      if (alerts.length || events.dialogs.length) throw new Error(`alert fired: ${[...alerts, ...events.dialogs].join(' | ')}`);
      if (events.hostileRequests.length) throw new Error(`requests to ${HOSTILE_HOST}: ${events.hostileRequests.join(' ')}`);
      return `${d.hostileRows} rows show it as text; 0 img, scripts: media/dist/concordance.js (+ VS Code's nonce'd bootstrap); 0 alerts, 0 requests to ${HOSTILE_HOST}`;
    });

    // ---- 4. trend -----------------------------------------------------------------------------------------------
    const trendTotals = o.trendTerms.map((t) => [t, seedText.split(t).length - 1 + hostileText(o.term).split(t).length - 1]);
    await check(`Trend (command palette) on ${o.trendTerms.join(' + ')} draws the chart`, async () => {
      // collapse the selection the row click left, so the command asks for the terms
      await page.locator('.tabs-container .tab', { hasText: o.file }).first().click();
      await page.locator('.editor-group-container .monaco-editor textarea').first().focus();
      await page.keyboard.press('Control+Home');
      await until('the cursor at Ln 1, Col 1', async () => (await cursorStatus(page)).line === 1 && (await cursorStatus(page)).selected === 0, { timeoutMs: 10_000 });
      await palette(page, 'Corpus Study: Trend over Time', { expectInput: true });
      await answerInput(page, o.trendTerms.join(', '), 'Trend of');
      const want = trendTotals.map(([t, n]) => `${t}: ${n}`);
      let summary = '';
      const f = await until(`the trend summary "${want.join(' · ')}"`, async () => {
        const fr = await viewFrame(page, 'trend');
        if (!fr) return null;
        summary = await fr.locator('.toolbar .summary').innerText();
        return want.every((w) => summary.includes(w)) ? fr : null;
      }, { timeoutMs: 60_000, intervalMs: 300 }).catch((e) => { throw new Error(`${e.message} (summary "${summary}")`); });
      await installRecorders(f);
      const px = await until('the trend canvas to be drawn', () => f.evaluate(() => {
        const c = document.querySelector('canvas');
        if (!c || c.width < 100 || c.height < 100) return null;
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const bg = d.slice(0, 4).join(',');
        const colours = new Set();
        let other = 0;
        for (let i = 0; i < d.length; i += 4) {
          const p = `${d[i]},${d[i + 1]},${d[i + 2]},${d[i + 3]}`;
          if (p !== bg) { other++; if (colours.size < 1000) colours.add(p); }
        }
        return other > 2000 && colours.size > 10 ? { w: c.width, h: c.height, other, colours: colours.size } : null;
      }), { timeoutMs: 20_000, intervalMs: 250 });
      await page.screenshot({ path: path.join(o.outDir, 'trend.png') });
      return `summary "${summary}"; canvas ${px.w}×${px.h}, ${px.other} non-background pixels, ${px.colours}+ colours; trend.png`;
    });

    /** Goes to `line` (Ctrl+G) until `lens` is on screen above it. */
    const revealLens = (lens, line, what) => until(what, async () => {
      if (await lens.first().isVisible()) return true;
      await page.locator('.editor-group-container .monaco-editor textarea').first().focus();
      await page.keyboard.press('Control+G');
      await qinput.waitFor({ state: 'visible', timeout: 10_000 });
      await qinput.fill(`:${line}:1`);
      await qinput.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
      return false;
    }, { timeoutMs: 60_000, intervalMs: 500 });

    // ---- 5. distinctive terms from the CodeLens -------------------------------------------------------------------
    const lensTitle = seedText.split('\n')[o.lensLine - 1].trim();
    await check(`Distinctive terms from the CodeLens over line ${o.lensLine} (6 March)`, async () => {
      await page.locator('.tabs-container .tab', { hasText: o.file }).first().click();
      const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Distinctive:' }).filter({ hasText: o.lensWord });
      await revealLens(lens, o.lensLine, `the CodeLens "Distinctive: … ${o.lensWord} …" above line ${o.lensLine}`);
      if ((await lens.count()) !== 1) throw new Error(`${await lens.count()} lenses with ${o.lensWord}`);
      const lensText = await lens.first().innerText();
      await lens.first().click();
      let heading = '', rows = 0;
      const f = await until('the distinctive table of 2020-03-06', async () => {
        const fr = await viewFrame(page, 'distinctive');
        if (!fr) return null;
        heading = await fr.locator('h2').first().innerText();
        rows = await fr.locator('table.distinctive tbody tr').count();
        return heading.startsWith('2020-03-06') && rows > 0 ? fr : null;
      }, { timeoutMs: 60_000, intervalMs: 300 }).catch((e) => { throw new Error(`${e.message} (heading "${heading}", ${rows} rows)`); });
      await installRecorders(f);
      if (!lensTitle.includes(heading.replace(/^2020-03-06 · /, '').slice(0, 10))) throw new Error(`heading "${heading}" is not the title on line ${o.lensLine}: ${lensTitle}`);
      const words = await f.locator('table.distinctive tbody tr td:first-child').allInnerTexts();
      if (!words.includes(o.lensWord)) throw new Error(`${o.lensWord} not in the table: ${words.slice(0, 10).join(' ')}`);
      await page.screenshot({ path: path.join(o.outDir, 'distinctive.png') });
      return `lens "${lensText}"; heading "${heading}", ${rows} rows; distinctive.png`;
    });

    // ---- 5b. compare from the CodeLens ------------------------------------------------------------------------------
    await check(`Compare from the CodeLens over line ${o.compareLine} (4 March against 26 February)`, async () => {
      await page.locator('.tabs-container .tab', { hasText: o.file }).first().click();
      const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Compared with 2020-02-26' });
      await revealLens(lens, o.compareLine, `the CodeLens "Compared with 2020-02-26 …" above line ${o.compareLine}`);
      const lensText = await lens.first().innerText();
      await lens.first().click();
      let heading = '', added = [], dropped = [];
      const f = await until('the compare view of 2020-03-04', async () => {
        const fr = await viewFrame(page, 'compare');
        if (!fr) return null;
        heading = await fr.locator('h2').first().innerText();
        added = await fr.locator('.compare-new .compare-item').allInnerTexts();
        dropped = await fr.locator('.compare-dropped .compare-item').allInnerTexts();
        return heading.startsWith('2020-03-04') && added.length > 0 && dropped.length > 0 ? fr : null;
      }, { timeoutMs: 60_000, intervalMs: 300 }).catch((e) => { throw new Error(`${e.message} (heading "${heading}", ${added.length} new, ${dropped.length} dropped)`); });
      await installRecorders(f);
      const first = added.find((t) => t.startsWith('扩大内需'));
      if (!first || !first.includes('first in corpus')) throw new Error(`扩大内需 is not new and first in the corpus: ${added.slice(0, 8).join(' | ')}`);
      if (!dropped.some((t) => t.startsWith('人类命运共同体'))) throw new Error(`人类命运共同体 is not dropped: ${dropped.slice(0, 8).join(' | ')}`);
      await page.screenshot({ path: path.join(o.outDir, 'compare.png') });
      return `lens "${lensText}"; heading "${heading}", ${added.length} new, ${dropped.length} dropped; compare.png`;
    });

    // ---- 6. CSP of every webview, no violation, and the policy enforced ----------------------------------------------
    await check('every webview: strict CSP (nonce scripts, no remote sources), no CSP violation or error; remote image refused; nothing outside media/ loads', async () => {
      const out = [];
      const frames = {};
      for (const v of ['concordance', 'trend', 'distinctive', 'compare']) {
        const f = await viewFrame(page, v);
        if (!f) { out.push(`${v}: webview not found`); continue; }
        frames[v] = f;
        const { bad, csp } = await cspProblems(f);
        if (bad.length) out.push(`${v}: ${bad.join('; ')}`);
        const rec = await f.evaluate(() => window.__e2e ?? { csp: ['(not recorded: the view\'s own check failed before)'], alerts: [] });
        if (rec.csp.length) out.push(`${v}: CSP violations ${rec.csp.join(' | ')}`);
        if (v === 'concordance') log(`[views] CSP: ${csp}`);
      }
      if (events.cspConsole.length) out.push(`CSP console messages: ${events.cspConsole.join(' | ')}`);
      if (events.consoleErrors.length) out.push(`webview console errors: ${events.consoleErrors.join(' | ')}`);
      if (events.pageErrors.length) out.push(`webview page errors: ${events.pageErrors.join(' | ')}`);
      if (events.hostileRequests.length) out.push(`requests for ${HOSTILE_HOST}: ${events.hostileRequests.join(' ')}`);
      if (out.length) throw new Error(out.join(' || '));
      // probes (after the verdict above, so their expected refusals are not counted as violations)
      const c = frames.concordance;
      const probe = await c.evaluate(async (host) => {
        const load = (src) => new Promise((resolve) => {
          const img = new Image();
          const t = setTimeout(() => resolve('timeout'), 10_000);
          img.onload = () => { clearTimeout(t); resolve('loaded'); };
          img.onerror = () => { clearTimeout(t); resolve('refused'); };
          img.src = src;
        });
        const css = document.querySelector('link[rel="stylesheet"]').href;
        const before = window.__e2e.csp.length;
        const remote = await load(`http://${host}/probe.png`);
        for (let i = 0; i < 40 && window.__e2e.csp.length === before; i++) await new Promise((r) => setTimeout(r, 50));
        return {
          remote, violation: window.__e2e.csp.slice(before).join(' | '),
          inMedia: await load(css.replace(/\/media\/views\.css$/, '/media/corpus.svg')),
          outside: await load(css.replace(/\/media\/views\.css$/, '/docs/images/hover.png')),
          extPath: decodeURIComponent(new URL(css).pathname).replace(/\/media\/views\.css$/, ''),
        };
      }, HOSTILE_HOST);
      const shipped = fs.existsSync(path.join(probe.extPath, 'docs', 'images', 'hover.png'));
      const bad = [];
      if (probe.remote !== 'refused' || !/img-src/.test(probe.violation)) bad.push(`remote image: ${probe.remote}, violation "${probe.violation}"`);
      if (probe.inMedia !== 'loaded') bad.push(`media/corpus.svg: ${probe.inMedia}`);
      // the extension ships docs/images/hover.png (for the README); a .vsix built before that cannot be probed
      if (shipped && probe.outside !== 'refused') bad.push(`docs/images/hover.png (outside localResourceRoots): ${probe.outside}`);
      // the probe's request must have been stopped by the CSP, never sent
      await until('the probe request to end', () => events.hostileFailed.length > 0, { timeoutMs: 5_000, intervalMs: 50 }).catch(() => {});
      if (!events.hostileFailed.length || events.hostileFailed.some((x) => !/ (csp|net::ERR_BLOCKED_BY_CSP)$/.test(x))) bad.push(`the remote image request ended as: ${events.hostileFailed.join(' | ') || 'unknown'}`);
      if (bad.length) throw new Error(bad.join('; '));
      return `4 webviews: default-src 'none', script-src nonce only; 0 violations; probes: remote img refused (${probe.violation}; ${events.hostileFailed.join(' ')}), media/corpus.svg loaded, ${shipped ? 'docs/images/hover.png (in the extension, outside media/) refused' : 'docs/images/hover.png not in this .vsix: localResourceRoots not probed'}`;
    });

    await check('the repository\'s corpus/ is unchanged', async () => {
      if (digest(o.source) !== repoDigest) throw new Error(`${o.source} changed during the run`);
      return 'sha256 of corpus/ files unchanged';
    });
  } finally {
    if (page && results.some((r) => !r.ok)) await page.screenshot({ path: path.join(o.outDir, 'views-end.png') }).catch(() => {});
    await browser.close();
  }
  return results;
}

// standalone: node test/e2e/ui-views.mjs <serverUrl>
if (import.meta.url === pathToFileURL(process.argv[1] || '').href) {
  const { launchChromium } = await import(pathToFileURL(path.join(REPO, 'scripts', 'code-server.mjs')).href);
  const [serverUrl] = process.argv.slice(2);
  if (!serverUrl) { console.error('usage: node test/e2e/ui-views.mjs <serverUrl>'); process.exit(2); }
  const tmp = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'corpus-ui-'));
  const run = { root: tmp, xdg: { config: tmp, cache: tmp } };
  const res = await uiViewsCheck({ serverUrl, launch: () => launchChromium(run) });
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const r of res) console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name} (${r.ms} ms) ${r.detail}`);
  process.exit(res.every((r) => r.ok) ? 0 : 1);
}
