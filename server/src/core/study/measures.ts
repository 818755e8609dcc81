// Association and keyness measures, each in one place.
// - G² (log-likelihood) of a 2×2 contingency table: significance (3.84 ≈ p < 0.05, 6.63 ≈ p < 0.01, 10.83 ≈ p < 0.001, 1 d.f.).
// - Log ratio (binary log of the ratio of relative frequencies): effect size; +1 means twice as frequent.
// - MI (pointwise mutual information, log2 of observed over expected) and logDice (14 + log2 of the Dice coefficient).

const xlogx = (o: number, e: number) => (o > 0 && e > 0 ? o * Math.log(o / e) : 0);

/** G² of the table [[o11, o12], [o21, o22]]. */
export function logLikelihood(o11: number, o12: number, o21: number, o22: number): number {
  const n = o11 + o12 + o21 + o22;
  if (n <= 0) return 0;
  const r1 = o11 + o12;
  const r2 = o21 + o22;
  const c1 = o11 + o21;
  const c2 = o12 + o22;
  const g2 = 2 * (xlogx(o11, (r1 * c1) / n) + xlogx(o12, (r1 * c2) / n) + xlogx(o21, (r2 * c1) / n) + xlogx(o22, (r2 * c2) / n));
  return Math.max(0, g2);
}

/**
 * Keyness of an item with `a` hits in a target of `c` tokens against `b` hits in a reference of `d` tokens:
 * G² and log ratio. A zero frequency counts as 0.5 in the log ratio, so that an item absent from the
 * reference gets a large but finite ratio (Hardie's convention).
 */
export function keyness(a: number, b: number, c: number, d: number): { g2: number; logRatio: number } {
  const g2 = logLikelihood(a, b, c - a, d - b);
  const logRatio = c > 0 && d > 0 ? Math.log2((Math.max(a, 0.5) / c) / (Math.max(b, 0.5) / d)) : 0;
  return { g2, logRatio };
}

/** Pointwise mutual information of observed `o` against expected `e`. */
export function mutualInformation(o: number, e: number): number {
  return o > 0 && e > 0 ? Math.log2(o / e) : 0;
}

/** logDice of a pair seen together `fxy` times, with frequencies `fx` and `fy`: at most 14, scale-independent. */
export function logDice(fxy: number, fx: number, fy: number): number {
  return fx + fy > 0 && fxy > 0 ? 14 + Math.log2((2 * fxy) / (fx + fy)) : 0;
}

export const round = (x: number, digits = 3): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
