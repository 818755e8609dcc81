// Bounded waiting on a condition for the Playwright UI checks: never a fixed sleep.

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
