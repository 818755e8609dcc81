// What the Playwright UI checks share: bounded waiting on a condition (never a fixed sleep), and the
// command palette.

/** Poll `fn` until it returns a truthy value; throw `what` after `timeoutMs`. */
export async function until(what, fn, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
  const t0 = Date.now();
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Run a workbench command through the command palette (F1), by its label. */
export async function palette(page, label, { expectInput = false, escapeFirst = false } = {}) {
  if (escapeFirst) await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await input.press('Enter');
  if (!expectInput) await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
}
