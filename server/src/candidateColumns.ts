// Candidate hits as the stored caches keep them (the index snapshot and per-file entries): three
// columns in JSON (forms, one digit per reason, starts), which parse without an array per hit.
// One encoding, one check, for both.

import { CandidateHit, CandidateReason } from './core/candidates';

export interface CandidateColumns {
  forms: string[];
  /** One digit per hit, see REASON_DIGIT. */
  reasons: string;
  starts: number[];
}

/** A reason as one digit (a Record: a new reason does not compile until it has one). */
const REASON_DIGIT: Record<CandidateReason, string> = { 'numbered-formula': '0', quoted: '1', 'parallel-list': '2' };
const REASONS: CandidateReason[] = [];
for (const [reason, digit] of Object.entries(REASON_DIGIT)) REASONS[Number(digit)] = reason as CandidateReason;

export function candidateColumns(hits: readonly CandidateHit[]): CandidateColumns {
  return { forms: hits.map((c) => c.form), reasons: hits.map((c) => REASON_DIGIT[c.reason]).join(''), starts: hits.map((c) => c.start) };
}

/**
 * The hits of stored columns, each checked by `fits(form, start)` (against the text, or its length);
 * undefined when anything is not as written: shape, lengths, an unknown reason, a hit that does not fit.
 */
export function candidatesFromColumns(c: unknown, fits: (form: string, start: number) => boolean): CandidateHit[] | undefined {
  const cols = c as CandidateColumns | undefined;
  if (!cols || !Array.isArray(cols.forms) || !Array.isArray(cols.starts) || typeof cols.reasons !== 'string') return undefined;
  const n = cols.forms.length;
  if (cols.starts.length !== n || cols.reasons.length !== n) return undefined;
  const hits: CandidateHit[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const form = cols.forms[i];
    const reason = REASONS[cols.reasons.charCodeAt(i) - 48];
    const start = cols.starts[i];
    if (typeof form !== 'string' || reason === undefined || !Number.isInteger(start) || start < 0 || !fits(form, start)) return undefined;
    hits[i] = { form, reason, start };
  }
  return hits;
}
