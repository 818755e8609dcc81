// How term-like each candidate form is, from the finder's hits (candidates.ts) across the corpus.
// A form that recurs in many documents and months is a term of the corpus; one that fills a single
// document is that document's wording. Numbered formulas and quoted coinages go first.
// Only the top of this ranking becomes terms of the term table (matched, hovered, coloured): the
// rest cost their counts and nothing more, so the table does not grow with the archive.
//
// The counts are kept per file and summed, so a file that changes is taken out and put back in
// O(its hits); nothing here reads a text.

import { CandidateHit, CandidateReason } from './candidates';
import { Meeting } from './model';

/** Candidate terms in the term table unless a setting says otherwise (`corpusStudy.maxCandidates`). */
export const DEFAULT_MAX_CANDIDATES = 2000;

/** The shapes that proposed a form, as bit flags. */
export const REASON_BIT: Readonly<Record<CandidateReason, number>> = { 'numbered-formula': 1, quoted: 2, 'parallel-list': 4 };
const REASONS = Object.keys(REASON_BIT).sort() as CandidateReason[];

export function reasonsOf(mask: number): CandidateReason[] {
  return REASONS.filter((r) => (mask & REASON_BIT[r]) !== 0);
}

export interface CandidateStats {
  /** Positions the finder proposed the form at (one per position, whichever shapes found it there). */
  hits: number;
  /** Documents with a hit; the text before a file's first document counts as one. */
  documents: number;
  /** Distinct months of those documents (a year, where a document states no month). */
  periods: number;
  /** The shapes that proposed it (REASON_BIT flags). */
  reasons: number;
}

export interface RankedCandidate extends CandidateStats {
  form: string;
  score: number;
}

/** What a shape says on its own: a numbered formula or a quoted coinage is a term more often than a list item is. */
const SHAPE_BONUS_NUMBERED = 6;
const SHAPE_BONUS_QUOTED = 3;

/**
 * How term-like a candidate is. Spread counts most: documents, then periods, then hits (each on
 * a log scale, so a phrase in 1,000 documents does not bury a formula in 20); a form in one
 * document only gets half. The shape adds a bonus about as large as a spread over 20 documents
 * and months: numbered formulas and quoted phrases come first unless a list item is far more
 * widespread.
 */
export function candidateScore(s: CandidateStats): number {
  if (s.hits <= 0) return 0;
  let spread = Math.log2(1 + s.documents) + 0.75 * Math.log2(1 + s.periods) + 0.25 * Math.log2(1 + s.hits);
  if (s.documents <= 1) spread *= 0.5;
  const shape = s.reasons & REASON_BIT['numbered-formula'] ? SHAPE_BONUS_NUMBERED : s.reasons & REASON_BIT.quoted ? SHAPE_BONUS_QUOTED : 0;
  return spread + shape;
}

/** Ranking order: score, then hits, then the form (code units), so that every build ranks alike. */
export function compareRanked(a: Pick<RankedCandidate, 'form' | 'score' | 'hits'>, b: Pick<RankedCandidate, 'form' | 'score' | 'hits'>): number {
  return b.score - a.score || b.hits - a.hits || (a.form < b.form ? -1 : a.form > b.form ? 1 : 0);
}

// ---- time ----------------------------------------------------------------------------------------

/** Years with periods of their own; row 0 holds the months of documents whose year is unknown. */
const FIRST_YEAR = 1800;
const LAST_YEAR = 2299;
/** Periods per year: twelve months and "the year, month unknown". */
const SLOTS_PER_YEAR = 13;
/** Period keys are below this. */
export const PERIOD_KEYS = (LAST_YEAR - FIRST_YEAR + 2) * SLOTS_PER_YEAR;

function periodKey(year: number | undefined, month?: number): number {
  const m = month !== undefined && month >= 1 && month <= 12 ? month - 1 : 12;
  if (year === undefined) return m < 12 ? m : -1;
  if (year < FIRST_YEAR || year > LAST_YEAR) return -1;
  return (year - FIRST_YEAR + 1) * SLOTS_PER_YEAR + m;
}

/**
 * Each document's period (month key, or -1), from the dates the file itself states and the year
 * in its name. Not the index's resolved dates: those depend on neighbouring files and change as
 * they come and go, while a file's counts must stay what they were when they are taken back out.
 * A month without its year takes the file's last stated year (or the name's, or else the next
 * stated one: the seed's first weeks state only 1月25日, 2月3日 …), a day alone the last month; a
 * document with no date at all is in the period of the one before it. A month whose year is
 * nowhere to be found is a period still.
 */
export function meetingPeriods(meetings: readonly Meeting[], pathYear?: number): Int32Array {
  const years: (number | undefined)[] = new Array(meetings.length);
  const months: (number | undefined)[] = new Array(meetings.length);
  let year = pathYear;
  let month: number | undefined;
  for (let i = 0; i < meetings.length; i++) {
    const raw = meetings[i].rawDate;
    if (raw && (raw.year !== undefined || raw.month !== undefined || raw.day !== undefined)) {
      year = raw.year ?? year;
      month = raw.month ?? (raw.year === undefined ? month : undefined);
    }
    years[i] = year;
    months[i] = month;
  }
  // Months before the file's first stated year are in the year of the next document that has one.
  let next: number | undefined;
  for (let i = meetings.length - 1; i >= 0; i--) {
    if (meetings[i].rawDate?.year !== undefined) next = meetings[i].rawDate!.year;
    else if (years[i] === undefined) years[i] = next;
  }
  const out = new Int32Array(meetings.length);
  for (let i = 0; i < meetings.length; i++) out[i] = years[i] === undefined && months[i] === undefined ? (pathYear !== undefined ? periodKey(pathYear) : -1) : periodKey(years[i], months[i]);
  return out;
}

// ---- one file's share ----------------------------------------------------------------------------

/** One file's contribution to the counts, kept to take it back out when the file changes. */
export interface FileTally {
  forms: string[];
  hits: Uint32Array;
  documents: Uint32Array;
  reasons: Uint8Array;
  /** Form i's distinct periods are `periods[periodFrom[i] .. periodFrom[i + 1])`. */
  periodFrom: Uint32Array;
  periods: Int32Array;
}

/** The index of the document holding `offset` (-1: before the first). Documents are in offset order. */
function documentAt(meetings: readonly Meeting[], offset: number): number {
  let lo = 0;
  let hi = meetings.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (meetings[mid].span.start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

interface FormCount {
  starts: number[];
  reasons: number;
  documents: Set<number>;
  periods: Set<number>;
}

/** A file's hits counted by form: hits (a position found by two shapes once), documents, periods, shapes. */
export function tallyFile(hits: readonly CandidateHit[], meetings: readonly Meeting[], periods: Int32Array): FileTally {
  const byForm = new Map<string, FormCount>();
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i];
    let c = byForm.get(h.form);
    if (!c) byForm.set(h.form, (c = { starts: [], reasons: 0, documents: new Set(), periods: new Set() }));
    c.starts.push(h.start);
    c.reasons |= REASON_BIT[h.reason];
    const doc = documentAt(meetings, h.start);
    c.documents.add(doc);
    const p = doc >= 0 ? periods[doc] : -1;
    if (p >= 0) c.periods.add(p);
  }
  const n = byForm.size;
  const t: FileTally = {
    forms: new Array<string>(n),
    hits: new Uint32Array(n),
    documents: new Uint32Array(n),
    reasons: new Uint8Array(n),
    periodFrom: new Uint32Array(n + 1),
    periods: new Int32Array(0),
  };
  const allPeriods: number[] = [];
  let i = 0;
  for (const [form, c] of byForm) {
    t.forms[i] = form;
    // Two shapes at one position (六稳 as a word and in quotation marks) are one hit.
    t.hits[i] = (c.reasons & (c.reasons - 1)) === 0 ? c.starts.length : new Set(c.starts).size;
    t.documents[i] = c.documents.size;
    t.reasons[i] = c.reasons;
    for (const p of c.periods) allPeriods.push(p);
    t.periodFrom[++i] = allPeriods.length;
  }
  t.periods = Int32Array.from(allPeriods);
  return t;
}

/** The `n`-th largest of `values` (1-based, clamped to the values there are), by quickselect on a copy: O(values). */
function nthLargest(values: Float64Array, n: number): number {
  const a = Float64Array.from(values);
  // The k-th smallest, k from 0.
  const k = Math.max(0, a.length - Math.max(1, Math.min(n, a.length)));
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k];
}

/** The first three UTF-16 code units of a form as one number, in the order of the strings' code units. */
function prefixKey(form: string): number {
  const c = (i: number) => (i < form.length ? form.charCodeAt(i) : 0);
  return (c(0) * 65536 + c(1)) * 65536 + c(2);
}

// ---- the corpus's counts -------------------------------------------------------------------------

/**
 * Candidate statistics of the whole corpus, as sums of the files' tallies. Forms get a number the
 * first time they are met and keep it (a form that loses its last hit has zero counts).
 */
export class CandidateTally {
  private readonly ids = new Map<string, number>();
  private readonly forms: string[] = [];
  private hits: number[] = [];
  private documents: number[] = [];
  private periods: number[] = [];
  /** Per form, how many files proposed it by each shape: three counters a form. */
  private reasonFiles: number[] = [];
  /** Each form's score, kept up to date as its counts change. */
  private scores = new Float64Array(1024);
  /** (form, period) → number of files with a hit of the form in that period. */
  private readonly periodFiles = new Map<number, number>();
  private readonly byFile = new Map<string, FileTally>();
  /** Bumps on every change. */
  version = 0;

  /** A form's number, if it was ever counted. */
  id(form: string): number | undefined {
    return this.ids.get(form);
  }

  form(id: number): string {
    return this.forms[id];
  }

  stats(id: number): CandidateStats {
    let reasons = 0;
    for (let r = 0; r < 3; r++) if (this.reasonFiles[id * 3 + r] > 0) reasons |= 1 << r;
    return { hits: this.hits[id], documents: this.documents[id], periods: this.periods[id], reasons };
  }

  ranked(id: number): RankedCandidate {
    return { form: this.forms[id], ...this.stats(id), score: this.scores[id] };
  }

  /** True when the file's share is counted. */
  has(uri: string): boolean {
    return this.byFile.has(uri);
  }

  /**
   * Replaces a file's share (none: the file is gone, or proposes nothing). Returns the numbers of
   * the forms whose counts changed.
   */
  set(uri: string, tally: FileTally | undefined): number[] {
    const changed = new Set<number>();
    const old = this.byFile.get(uri);
    if (old) this.apply(old, -1, changed);
    if (tally && tally.forms.length > 0) {
      this.byFile.set(uri, tally);
      this.apply(tally, 1, changed);
    } else this.byFile.delete(uri);
    if (changed.size > 0) this.version++;
    if (this.scores.length < this.forms.length) {
      const bigger = new Float64Array(Math.max(2 * this.scores.length, this.forms.length));
      bigger.set(this.scores);
      this.scores = bigger;
    }
    for (const id of changed) this.scores[id] = candidateScore(this.stats(id));
    return [...changed];
  }

  private apply(t: FileTally, sign: 1 | -1, changed: Set<number>): void {
    for (let i = 0; i < t.forms.length; i++) {
      let id = this.ids.get(t.forms[i]);
      if (id === undefined) {
        id = this.forms.length;
        this.ids.set(t.forms[i], id);
        this.forms.push(t.forms[i]);
        this.hits.push(0);
        this.documents.push(0);
        this.periods.push(0);
        this.reasonFiles.push(0, 0, 0);
      }
      changed.add(id);
      this.hits[id] += sign * t.hits[i];
      this.documents[id] += sign * t.documents[i];
      for (let r = 0; r < 3; r++) if (t.reasons[i] & (1 << r)) this.reasonFiles[id * 3 + r] += sign;
      for (let k = t.periodFrom[i]; k < t.periodFrom[i + 1]; k++) {
        const key = id * PERIOD_KEYS + t.periods[k];
        const n = (this.periodFiles.get(key) ?? 0) + sign;
        if (n > 0) this.periodFiles.set(key, n);
        else this.periodFiles.delete(key);
        if (n === 1 && sign > 0) this.periods[id]++;
        else if (n === 0) this.periods[id]--;
      }
    }
  }

  /** How many forms with a hit `eligible` accepts. */
  live(eligible: (form: string) => boolean): number {
    let n = 0;
    for (let id = 0; id < this.forms.length; id++) if (this.hits[id] > 0 && eligible(this.forms[id])) n++;
    return n;
  }

  /** Every form with a hit that `eligible` accepts, best first. */
  ranking(eligible: (form: string) => boolean): RankedCandidate[] {
    return this.top(eligible, Infinity);
  }

  /**
   * The best `limit` of `ranking()`, in order, without ranking them all: an archive proposes tens
   * of thousands of forms for a cut of a few thousand, most of them found once, so most tie at the
   * cut. The scores are sorted as numbers (a typed array) to find the score at the cut; the forms
   * above it are in; of those that tie with it, the ones the order takes first are found the same
   * way by their hits, then their first three code units, and only the few left are compared as
   * strings. Ranking and sorting every form took 150–260 ms for 74,000 forms; this, some 15.
   */
  top(eligible: (form: string) => boolean, limit: number): RankedCandidate[] {
    // Plain loops: `Float64Array.from(list, fn)` and a typed array's `map` took most of the time.
    let ids = new Uint32Array(this.forms.length);
    let n = 0;
    for (let id = 0; id < this.forms.length; id++) if (this.hits[id] > 0 && eligible(this.forms[id])) ids[n++] = id;
    ids = ids.subarray(0, n);
    let chosen: ArrayLike<number> = ids;
    if (limit < n) {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) values[i] = this.scores[ids[i]];
      const floor = nthLargest(values, limit);
      const above: number[] = [];
      let tied: number[] = [];
      for (let i = 0; i < n; i++) {
        if (values[i] > floor) above.push(ids[i]);
        else if (values[i] === floor) tied.push(ids[i]);
      }
      const need = limit - above.length;
      if (tied.length > need) {
        // More hits first: the tied forms with at least the need-th most hits.
        const hits = new Float64Array(tied.length);
        for (let i = 0; i < tied.length; i++) hits[i] = this.hits[tied[i]];
        const hitsFloor = nthLargest(hits, need);
        const more: number[] = [];
        let same: number[] = [];
        for (const id of tied) {
          if (this.hits[id] > hitsFloor) more.push(id);
          else if (this.hits[id] === hitsFloor) same.push(id);
        }
        const rest = need - more.length;
        if (same.length > rest) {
          // Then the form in code-unit order, by its first three code units (the few that share them are sorted below).
          const keys = new Float64Array(same.length);
          for (let i = 0; i < same.length; i++) keys[i] = -prefixKey(this.forms[same[i]]);
          const keyCut = nthLargest(keys, rest);
          const kept: number[] = [];
          for (let i = 0; i < same.length; i++) if (keys[i] >= keyCut) kept.push(same[i]);
          same = kept;
        }
        tied = more.concat(same);
      }
      chosen = above.concat(tied);
    }
    const out = Array.from(chosen, (id) => this.ranked(id)).sort(compareRanked);
    if (out.length > limit) out.length = limit;
    return out;
  }


}
