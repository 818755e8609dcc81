// The long study computations are generators that yield at points where stopping is safe (between
// files, every few hundred rows). One body of code then serves both callers: the CLI and the
// CodeLenses run it to the end at once; the server's requests run it a slice at a time, so other
// messages (a cancellation among them) are read in between. The core stays pure: what happens
// between slices is the caller's `pause`.

import { runToEnd, type Steps } from '../steps';

export { runToEnd, type Steps };

/** Rows (or hits, tokens' files…) handled between two yields: small enough to keep a slice near its budget. */
export const STEP = 256;

/**
 * Runs the computation in slices of about `sliceMs` (at least one step each) and awaits `pause`
 * between them. A `pause` that throws (cancellation, a changed index) stops the computation: the
 * generator is closed and the error is the result.
 */
export async function runInSlices<T>(steps: Steps<T>, pause: () => Promise<void>, sliceMs: number): Promise<T> {
  let finished = false;
  try {
    let deadline = performance.now() + sliceMs;
    for (;;) {
      const r = steps.next();
      if (r.done) {
        finished = true;
        return r.value;
      }
      if (performance.now() >= deadline) {
        await pause();
        deadline = performance.now() + sliceMs;
      }
    }
  } finally {
    if (!finished) steps.return(undefined as never);
  }
}

/**
 * Indexes 0..n-1 in the order of `compare`, ties in index order: what a stable
 * `Array.prototype.sort` gives, in steps. `compare` plus the index tie-break is a total order, so
 * this merge sort and the built-in sort cannot disagree.
 */
export function* sortedIndexes(n: number, compare: (a: number, b: number) => number): Steps<number[]> {
  const cmp = (a: number, b: number) => compare(a, b) || a - b;
  let src = Array.from({ length: n }, (_, i) => i);
  // Short runs by the built-in sort (one run is well under a slice), then merges of doubling width.
  const RUN = 256;
  for (let lo = 0; lo < n; lo += RUN) {
    const run = src.slice(lo, lo + RUN).sort(cmp);
    for (let k = 0; k < run.length; k++) src[lo + k] = run[k];
    yield;
  }
  let dst = new Array<number>(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        dst[k++] = cmp(src[i], src[j]) <= 0 ? src[i++] : src[j++];
        if (k % STEP === 0) yield;
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    [src, dst] = [dst, src];
  }
  return src;
}
