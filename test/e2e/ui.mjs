// UI check in a real VS Code workbench (code-server) driven by headless Chromium (playwright-core):
//  1. open the corpus file from the Explorer, reveal 四个意识, move the real mouse onto the word (its box found by
//     a DOM Range inside .view-lines) and read the hover widget until it shows 政治意识  -> hover.png
//  2. focus the Outline view and count the top-level meeting rows (12)                  -> outline.png
//  3. reload the window, which restores the seed's tab before the language server starts (as VS Code reopens the
//     last session), then the same hover and Outline again                 -> hover-restored.png, outline-restored.png
// Every wait is on a condition with a bound; no fixed sleeps.
//
// Used by scripts/e2e.mjs (uiCheck); standalone against a running server:
//   node test/e2e/ui.mjs http://127.0.0.1:8080 [folder]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { until, palette } from './until.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const UI_DEFAULTS = {
  folder: path.join(REPO, 'corpus'),
  file: '000_0e5442cdf73d87c8.txt',
  word: '四个意识',
  expectHover: '政治意识',
  expectMeetings: 12,
  outDir: path.join(REPO, '.test-output', 'e2e'),
};


/** 1-based line and column of the first occurrence of `word` in `file`. */
function locate(file, word) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i].indexOf(word);
    if (c >= 0) return { line: i + 1, column: c + 1 };
  }
  throw new Error(`${word} not found in ${file}`);
}


/** Centre of the first on-screen, fully visible occurrence of `word` in the editor's rendered lines. */
function wordBox(page, word) {
  return page.evaluate((w) => {
    const ed = document.querySelector('.editor-group-container .monaco-editor .overflow-guard');
    if (!ed) return null;
    const area = ed.getBoundingClientRect();
    for (const span of document.querySelectorAll('.editor-group-container .monaco-editor .view-lines .view-line span span')) {
      const node = span.firstChild;
      const i = span.textContent.indexOf(w);
      if (i < 0 || !node || node.nodeType !== Node.TEXT_NODE) continue;
      const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + w.length);
      const b = r.getClientRects()[0];
      if (!b || b.width === 0) continue;
      if (b.left < area.left + 40 || b.right > area.right - 20 || b.top < area.top || b.bottom > area.bottom) continue;
      return { x: b.left + b.width / 2, y: b.top + b.height / 2, w: b.width, h: b.height };
    }
    return null;
  }, word);
}

const visibleHoverText = (page) => page.evaluate(() =>
  [...document.querySelectorAll('.monaco-hover:not(.hidden)')].map((e) => e.innerText).join(' | '));

/**
 * Run the UI check against the workbench at `serverUrl`. `launch()` returns a playwright Browser.
 * Returns [{ name, ok, detail, ms }] (one entry per check); throws only on harness errors.
 */
export async function uiCheck({ serverUrl, launch, log = console.log, ...opts }) {
  const o = { ...UI_DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) };
  fs.mkdirSync(o.outDir, { recursive: true });
  const results = [];
  const browser = await launch();
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.setDefaultTimeout(30_000);
    const url = `${serverUrl}/?folder=${encodeURIComponent(o.folder)}`;
    log(`[ui] open ${url}`);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    results.push(await hoverCheck(page, o, log, { fromExplorer: true, shot: 'hover.png', label: '' }));
    results.push(await outlineCheck(page, o, log, { shot: 'outline.png', label: '' }));

    // ---- 3. a restored session -----------------------------------------------------------------------------------
    // Reloading the window restores its tabs, as VS Code does when it reopens the last session: the seed is
    // open before the language server starts, and the client sends its didOpen while the server indexes.
    log('[ui] reload the window: the seed tab is restored');
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    let restored = true;
    await page.locator('.tabs-container .tab', { hasText: o.file }).first().waitFor({ timeout: 60_000 }).catch(() => (restored = false));
    if (!restored) {
      results.push({ name: 'a reloaded window restores the seed tab', ok: false, ms: 0, detail: 'no tab of the seed after the reload' });
    } else {
      const label = ' (a reloaded window, the seed tab restored)';
      results.push(await hoverCheck(page, o, log, { fromExplorer: false, shot: 'hover-restored.png', label }));
      results.push(await outlineCheck(page, o, log, { shot: 'outline-restored.png', label }));
    }
  } finally {
    await browser.close();
  }
  return results;
}

/** A real mouse hover on `o.word` until the hover widget shows `o.expectHover`: from the Explorer, or in the tab already open. */
async function hoverCheck(page, o, log, { fromExplorer, shot, label }) {
  const t0 = Date.now();
  let hoverOk = false, txt = '';
  try {
    if (fromExplorer) {
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: o.file }).first();
      await until('the Explorer to list ' + o.file, async () => {
        if (await row.isVisible()) return true;
        // Explorer not showing (e.g. another view restored): bring it up
        if (!(await page.locator('.explorer-folders-view').isVisible())) await page.keyboard.press('Control+Shift+E');
        return false;
      }, { timeoutMs: 90_000, intervalMs: 500 });
      await row.click();
    } else {
      await page.locator('.tabs-container .tab', { hasText: o.file }).first().click();
    }
    const tab = page.locator('.tabs-container .tab.active', { hasText: o.file });
    await tab.waitFor({ timeout: 30_000 });
    await page.locator('.editor-group-container .monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });

    // reveal the word: Go to Line/Column (Ctrl+G, "line:column"), then take the mouse away from the cursor
    const at = locate(path.join(o.folder, o.file), o.word);
    log(`[ui] ${o.word} at ${o.file}:${at.line}:${at.column}`);
    const box = await until(`${o.word} to be rendered in the editor`, async () => {
      const b = await wordBox(page, o.word);
      if (b) return b;
      await page.locator('.editor-group-container .monaco-editor .view-lines').first().click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`:${at.line}:${at.column}`);
      await input.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
      return null;
    }, { timeoutMs: 60_000, intervalMs: 300 });
    log(`[ui] word box at (${Math.round(box.x)}, ${Math.round(box.y)})`);

    // the language server may still be indexing: move away and back until the hover has the parts (bounded)
    const deadline = Date.now() + 90_000;
    while (!hoverOk && Date.now() < deadline) {
      await page.mouse.move(5, 5);
      const b = (await wordBox(page, o.word)) || box;
      await page.mouse.move(b.x - b.w / 4, b.y, { steps: 4 });
      await page.mouse.move(b.x, b.y, { steps: 4 });
      const t1 = Date.now();
      while (Date.now() - t1 < 4_000) {
        txt = await visibleHoverText(page);
        if (txt.includes(o.expectHover)) { hoverOk = true; break; }
        await page.waitForTimeout(200);
      }
    }
    log(`[ui] hover text${label}: ${JSON.stringify(txt.slice(0, 300))}`);
    if (hoverOk) { // let the widget finish appearing (opacity 1) so the screenshot shows it as a user sees it
      await until('the hover to be fully shown', () => page.evaluate(() => [...document.querySelectorAll('.monaco-hover:not(.hidden)')]
        .some((e) => e.getAnimations({ subtree: true }).length === 0 && getComputedStyle(e).opacity === '1')), { timeoutMs: 5_000, intervalMs: 100 }).catch(() => {});
    }
  } catch (e) {
    txt = `${txt} (${e.message})`;
  }
  await page.screenshot({ path: path.join(o.outDir, shot) });
  return { name: `hover on ${o.word} shows ${o.expectHover}${label}`, ok: hoverOk, ms: Date.now() - t0,
    detail: hoverOk ? shot : `hover was ${JSON.stringify(txt.slice(0, 300))}` };
}

/** The Outline view of the active editor, collapsed to its top-level rows: `o.expectMeetings` of them. */
async function outlineCheck(page, o, log, { shot, label }) {
  const t0 = Date.now();
  let count = -1, setSize = -1, names = [], outlineErr = '';
  try {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await palette(page, 'Focus on Outline View', { escapeFirst: true });   // "Explorer: Focus on Outline View" (outline.focus)
    const pane = page.locator('.outline-pane');
    await pane.waitFor({ state: 'visible', timeout: 20_000 });
    // give the outline the room: collapse the folder tree section above it (if expanded)
    const foldersHeader = page.locator('.pane:has(.explorer-folders-view) > .pane-header[aria-expanded="true"]').first();
    if (await foldersHeader.count()) await foldersHeader.click().catch(() => {});
    // show the meetings only: collapse every tree item (list.collapseAll, Ctrl+Left, in the focused tree)
    const expanded = () => page.locator('.outline-pane .monaco-list-row[aria-level="1"][aria-expanded="true"]').count();
    await until('the Outline to list its items', () => page.locator('.outline-pane .monaco-list-row').count(), { timeoutMs: 60_000 });
    await until('the Outline items to collapse', async () => {
      if ((await expanded()) === 0) return true;
      await page.locator('.outline-pane .monaco-list-row').first().click();
      await page.keyboard.press('Control+ArrowLeft');
      return false;
    }, { timeoutMs: 20_000, intervalMs: 500 });
    await until(`${o.expectMeetings} top-level rows in the Outline`, async () => {
      const r = await page.evaluate(() => {
        const rows = [...document.querySelectorAll('.outline-pane .monaco-list-row[aria-level="1"]')];
        return { count: rows.length, setSize: Number(rows[0]?.getAttribute('aria-setsize') ?? -1),
                 names: rows.map((e) => e.innerText.replace(/\s+/g, ' ').trim()) };
      });
      ({ count, setSize, names } = r);
      return count === o.expectMeetings && setSize === o.expectMeetings;
    }, { timeoutMs: 60_000, intervalMs: 300 });
  } catch (e) {
    outlineErr = e.message;
  }
  await page.screenshot({ path: path.join(o.outDir, shot) });
  const outlineOk = count === o.expectMeetings && setSize === o.expectMeetings;
  log(`[ui] outline${label}: ${count} top-level rows rendered (aria-setsize ${setSize}): ${names.map((n) => n.slice(0, 40)).join(' / ')}`);
  return { name: `Outline shows ${o.expectMeetings} top-level meetings${label}`, ok: outlineOk, ms: Date.now() - t0,
    detail: outlineOk ? shot : `${count} rows, aria-setsize ${setSize} ${outlineErr}` };
}

// standalone: node test/e2e/ui.mjs <serverUrl> [folder]
if (import.meta.url === pathToFileURL(process.argv[1] || '').href) {
  const { launchChromium } = await import(pathToFileURL(path.join(REPO, 'scripts', 'code-server.mjs')).href);
  const [serverUrl, folder] = process.argv.slice(2);
  if (!serverUrl) { console.error('usage: node test/e2e/ui.mjs <serverUrl> [folder]'); process.exit(2); }
  const tmp = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'corpus-ui-'));
  const run = { root: tmp, xdg: { config: tmp, cache: tmp } };
  const res = await uiCheck({ serverUrl, folder: folder ? path.resolve(folder) : undefined, launch: () => launchChromium(run) });
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const r of res) console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.name} (${r.ms} ms) ${r.detail}`);
  process.exit(res.every((r) => r.ok) ? 0 : 1);
}
