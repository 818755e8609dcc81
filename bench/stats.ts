// Percentiles and timing of a series of requests.

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: s.length,
    p50: round(percentile(s, 50)),
    p99: round(percentile(s, 99)),
    max: round(s[s.length - 1] ?? NaN),
    mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
  };
}

/**
 * Collects the benchmark's own garbage now (with node --expose-gc, as `npm run bench` runs it): a
 * collection of this process's heap (the corpora, earlier answers) should not land inside a
 * measured request or start, which times the server.
 */
export function quiesce(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Sends `count` requests one after the other (as an editor does) and returns their latencies in ms. */
export async function timeSequential(count: number, send: (i: number) => Promise<unknown>): Promise<number[]> {
  quiesce();
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await send(i);
    out.push(performance.now() - t);
  }
  return out;
}

/** The median of whole-run timings (the middle one; the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
