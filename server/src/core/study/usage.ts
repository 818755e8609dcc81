// What the corpus says of a term beyond its counts: when it was used (first, last, the period of
// most use), how its use is spread over time (buckets of a few dozen cells at most), and the
// glossary terms it most often shares a document with. Computed from the index for the hover,
// so they hold for whatever corpus is open; nothing of it is written in the glossary.

import { CorpusIndex, MeetingRef, OccurrenceStats } from '../corpusIndex';
import type { Term } from '../terms';
import { firstAtLeast } from '../positions';

export interface UsageSpan {
  /** Dates (ISO) of the first and last dated documents that use it. */
  first?: string;
  last?: string;
  /** The year (or month, on a corpus of less than two years) with the most mentions, and their count. */
  peak?: { period: string; count: number };
}

/** First and last use by date, and the period of most use. */
export function usageSpan(chrono: readonly MeetingRef[], stats: OccurrenceStats): UsageSpan {
  let first: string | undefined;
  let last: string | undefined;
  for (let i = 0; i < chrono.length; i++) {
    const iso = chrono[i].meeting.date.iso;
    if (stats.perMeeting[i] > 0 && iso) {
      first ??= iso;
      last = iso;
    }
  }
  const { from, to } = datedRange(chrono);
  if (!first || !from || !to) return { first, last };
  const byMonth = Number(to.slice(0, 4)) - Number(from.slice(0, 4)) < 2;
  const counts = new Map<string, number>();
  for (let i = 0; i < chrono.length; i++) {
    const iso = chrono[i].meeting.date.iso;
    if (!iso || stats.perMeeting[i] === 0) continue;
    const period = byMonth ? iso.slice(0, 7) : iso.slice(0, 4);
    counts.set(period, (counts.get(period) ?? 0) + stats.perMeeting[i]);
  }
  let peak: UsageSpan['peak'];
  for (const [period, count] of counts) if (!peak || count > peak.count) peak = { period, count };
  return { first, last, peak };
}

/** The first and last dates of the corpus (undated documents set aside). */
export function datedRange(chrono: readonly MeetingRef[]): { from?: string; to?: string } {
  let from: string | undefined;
  let to: string | undefined;
  for (const m of chrono) {
    const iso = m.meeting.date.iso;
    if (!iso) continue;
    if (!from || iso < from) from = iso;
    if (!to || iso > to) to = iso;
  }
  return { from, to };
}

export interface TimeBuckets {
  /** Counts per bucket, oldest first. */
  counts: number[];
  /** What a bucket is: one document, a month, or `years` years. */
  unit: 'document' | 'month' | 'year';
  years?: number;
  /** Labels of the first and last buckets (a date, YYYY-MM or YYYY). */
  from: string;
  to: string;
}

/**
 * A term's counts over time in at most `cells` buckets: one per document on a small corpus, then
 * per month, then per year, so that each cell means the same span of time. Undated documents are
 * left out once buckets are months or years.
 */
export function timeBuckets(chrono: readonly MeetingRef[], perMeeting: readonly number[], cells: number): TimeBuckets | undefined {
  const { from, to } = datedRange(chrono);
  if (chrono.length <= cells) {
    const f = chrono[0]?.meeting.date.iso ?? from;
    const l = chrono[chrono.length - 1]?.meeting.date.iso ?? to;
    if (!f || !l) return undefined;
    return { counts: [...perMeeting], unit: 'document', from: f, to: l };
  }
  if (!from || !to) return undefined;
  const monthOf = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
  const months = monthOf(to) - monthOf(from) + 1;
  const byMonth = months <= cells;
  const yearSpan = Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 1;
  // More years than cells (the government work reports since 1954): a cell holds several years.
  const years = Math.ceil(yearSpan / cells);
  const key = byMonth ? (iso: string) => monthOf(iso) - monthOf(from) : (iso: string) => Math.floor((Number(iso.slice(0, 4)) - Number(from.slice(0, 4))) / years);
  const n = byMonth ? months : Math.ceil(yearSpan / years);
  const counts = new Array<number>(n).fill(0);
  for (let i = 0; i < chrono.length; i++) {
    const iso = chrono[i].meeting.date.iso;
    if (iso && perMeeting[i] > 0) counts[key(iso)] += perMeeting[i];
  }
  if (byMonth) return { counts, unit: 'month', from: from.slice(0, 7), to: to.slice(0, 7) };
  return years > 1 ? { counts, unit: 'year', years, from: from.slice(0, 4), to: to.slice(0, 4) } : { counts, unit: 'year', from: from.slice(0, 4), to: to.slice(0, 4) };
}

/** Documents read for co-occurrence at most: evenly spread over those that use the term. */
const SAMPLE = 300;

/**
 * The glossary terms that most often share a document with `term`, by Dice's coefficient over
 * documents (2·both / (docs of one + docs of the other)): a term found everywhere does not crowd
 * out one found mostly with it. On a term used in very many documents, an even sample of them is read.
 */
export function cooccurringTerms(index: CorpusIndex, term: Term, stats: OccurrenceStats, limit = 5): { term: string; documents: number }[] {
  const chrono = index.meetingsChronological();
  const used: number[] = [];
  for (let i = 0; i < stats.perMeeting.length; i++) if (stats.perMeeting[i] > 0) used.push(i);
  if (used.length === 0) return [];
  const step = Math.max(1, used.length / SAMPLE);
  const table = index.terms();
  const self = table.terms.indexOf(term);
  const related = new Set([term.key, ...term.partOf, ...(term.entry?.parts ?? [])]);
  const together = new Map<number, number>();
  let read = 0;
  for (let k = 0; k < used.length; k += step) {
    const m = chrono[used[Math.floor(k)]];
    const file = index.file(m.uri);
    if (!file) continue;
    read++;
    const seen = new Set<number>();
    const { start, end } = m.meeting.span;
    for (let i = firstAtLeast(file.mentionStart, start); i < file.mentionStart.length && file.mentionStart[i] < end; i++) seen.add(file.mentionTerm[i]);
    for (const t of seen) if (t !== self) together.set(t, (together.get(t) ?? 0) + 1);
  }
  const scale = used.length / Math.max(1, read);
  const candidates = [...together]
    .map(([t, n]) => ({ t: table.terms[t], n }))
    .filter(({ t, n }) => t && t.kind === 'glossary' && !related.has(t.key) && n >= 2)
    .sort((a, b) => b.n - a.n)
    .slice(0, 30);
  return candidates
    .map(({ t, n }) => {
      const docs = index.statsOf({ kind: 'term', term: t, span: { start: 0, end: 0 } }).meetings;
      const both = Math.min(Math.round(n * scale), docs);
      return { term: t.key, documents: both, dice: (2 * both) / (used.length + docs) };
    })
    .sort((a, b) => b.dice - a.dice || b.documents - a.documents)
    .slice(0, limit)
    .map(({ term, documents }) => ({ term, documents }));
}
