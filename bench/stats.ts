// Percentiles and timing of a series of requests.

import { constants, PerformanceObserver } from 'node:perf_hooks';

/** Garbage collections of the benchmark's own process while a series of requests was timed. */
export interface ClientGc {
  count: number;
  totalMs: number;
  maxMs: number;
  /** Of those, full (mark-compact) collections, started by V8 on its own while the series ran. */
  major: number;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
  /** When timed by `timeSequential`: the client's own collections inside the series (they count in its latencies). */
  clientGc?: ClientGc;
}

/** Latencies of a series of requests, with the client's own collections meanwhile. */
export interface Timed {
  samples: number[];
  clientGc: ClientGc;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function summarize(timed: readonly number[] | Timed): Summary {
  const samples = 'samples' in timed ? timed.samples : timed;
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: round(percentile(s, 50)),
    p99: round(percentile(s, 99)),
    max: round(s[s.length - 1] ?? NaN),
    mean: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
    ...('clientGc' in timed ? { clientGc: timed.clientGc } : {}),
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

/**
 * Sends `count` requests one after the other (as an editor does) and returns their latencies in
 * ms, and the collections this process made meanwhile: part of those latencies is the client's
 * own work (reading and parsing each answer), and its garbage collection lands in some of them.
 */
export async function timeSequential(count: number, send: (i: number) => Promise<unknown>): Promise<Timed> {
  quiesce();
  const collections: number[] = [];
  let major = 0;
  let start = Infinity;
  let end = Infinity;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.startTime < start || e.startTime > end) continue;
      collections.push(e.duration);
      if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  start = performance.now();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await send(i);
    samples.push(performance.now() - t);
  }
  end = performance.now();
  // Entries reach the observer after the collection, in a later turn.
  await new Promise((r) => setImmediate(r));
  observer.disconnect();
  return { samples, clientGc: { count: collections.length, totalMs: round(collections.reduce((a, b) => a + b, 0)), maxMs: round(Math.max(0, ...collections)), major } };
}

/** The median of whole-run timings (the middle one; the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
