// Long computations of the core (reading a file, the study queries) are generators that yield at
// points where stopping is safe. Callers that need the answer at once run them to the end; the
// server runs them a slice at a time (see study/slices.ts).

/** A computation that yields between steps and returns a T. */
export type Steps<T> = Generator<void, T, void>;

/** Runs the computation to the end without pausing. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs the computation until it ends, with its value, or until `deadline` (performance.now()) has
 * passed, undefined: at least one step either way.
 */
export function runUntil<T>(steps: Steps<T>, deadline: number): { value: T } | undefined {
  for (;;) {
    const r = steps.next();
    if (r.done) return { value: r.value };
    if (performance.now() >= deadline) return undefined;
  }
}
