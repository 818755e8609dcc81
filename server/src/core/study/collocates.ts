// Collocates: the words that occur within ±N segmented words of a query's hits.
// Counting is by token position: a token inside the windows of two nearby hits counts once, so
// the co-occurrence count never exceeds the word's own frequency and the 2×2 table stays sound.
// Windows stop at the meeting's edge, and tokens overlapping the hit itself are not neighbours.
//
// With W the tokens in all windows, f(w) the corpus frequency of w and N the corpus tokens:
//   expected E = W · f(w) / N;  MI = log2(O / E);
//   G² on [[O, W − O], [f(w) − O, N − W − f(w) + O]];
//   logDice = 14 + log2(2·O / (hits + f(w))).

import { CorpusIndex } from '../corpusIndex';
import { logDice, logLikelihood, mutualInformation, round } from './measures';
import { firstAtLeast } from '../positions';
import { MeetingFilter, meetingPasses, QueryMatch, resolveQuerySteps, tokenRange } from './query';
import { runToEnd, Steps, STEP } from './slices';
import { isContentWord } from './stopwords';

export type CollocateSort = 'freq' | 'mi' | 'g2' | 'logDice';

export interface CollocateOptions extends MeetingFilter {
  match?: QueryMatch;
  /** Words on each side (default 5). */
  window?: number;
  /** Least co-occurrence count (default 2). */
  minFrequency?: number;
  sort?: CollocateSort;
  limit?: number;
  /** Keep stopwords and one-character words (default false). */
  includeStopwords?: boolean;
}

export interface Collocate {
  word: string;
  /** Co-occurrences within the window, and on each side. */
  freq: number;
  left: number;
  right: number;
  /** Frequency of the word in the corpus. */
  corpusFreq: number;
  mi: number;
  g2: number;
  logDice: number;
}

export interface Collocates {
  query: string;
  matchedAs: 'term' | 'string' | 'word';
  term?: string;
  window: number;
  /** Hits of the query (after filtering) and tokens in their windows. */
  hits: number;
  windowTokens: number;
  corpusTokens: number;
  collocates: Collocate[];
}

export function collocates(index: CorpusIndex, query: string, options: CollocateOptions = {}): Collocates {
  return runToEnd(collocateSteps(index, query, options));
}

/** Corpus frequency of every word over all segmented files, per index version (the same for every query). */
interface WordFrequencies {
  version: number;
  freq: Map<string, number>;
  tokens: number;
}
const wordFrequencyCache = new WeakMap<CorpusIndex, WordFrequencies>();

function* wordFrequencySteps(index: CorpusIndex): Steps<WordFrequencies> {
  const files = index.allFiles();
  const cached = wordFrequencyCache.get(index);
  if (cached && cached.version === index.indexVersion) return cached;
  const freq = new Map<string, number>();
  let tokens = 0;
  for (const f of files) {
    if (!f.tokens) continue;
    for (let i = 0; i < f.tokens.starts.length; i++) {
      const w = f.text.slice(f.tokens.starts[i], f.tokens.ends[i]);
      freq.set(w, (freq.get(w) ?? 0) + 1);
      if (i % (16 * STEP) === 16 * STEP - 1) yield;
    }
    tokens += f.tokens.starts.length;
    yield;
  }
  const result = { version: index.indexVersion, freq, tokens };
  wordFrequencyCache.set(index, result);
  return result;
}

export function* collocateSteps(index: CorpusIndex, query: string, options: CollocateOptions = {}): Steps<Collocates> {
  const resolved = yield* resolveQuerySteps(index, query, options.match);
  const window = Math.max(1, Math.min(50, Math.floor(options.window ?? 5)));
  const keep = options.includeStopwords ? (w: string) => w.length > 0 : isContentWord;
  const forms = new Set(resolved.forms);

  const { freq: corpusFreq, tokens: corpusTokens } = yield* wordFrequencySteps(index);

  const side = new Map<string, { left: number; right: number }>();
  let hits = 0;
  let windowTokens = 0;
  const byFile = new Map<string, typeof resolved.occurrences>();
  for (const o of resolved.occurrences) {
    if (!o.meeting || !meetingPasses(o.meeting, options)) continue;
    hits++;
    const list = byFile.get(o.uri) ?? [];
    list.push(o);
    byFile.set(o.uri, list);
  }
  for (const [uri, occ] of byFile) {
    const file = index.file(uri);
    if (!file?.tokens) continue;
    const { starts, ends } = file.tokens;
    // Position → side; a position in the left window of one hit and the right of another keeps its first side.
    const seen = new Map<number, 'left' | 'right'>();
    const inHit = new Set<number>();
    for (let h = 0; h < occ.length; h++) {
      const o = occ[h];
      if (h % STEP === STEP - 1) yield;
      const [mFrom, mTo] = tokenRange(file, o.meeting!.meeting.span.start, o.meeting!.meeting.span.end);
      // Tokens overlapping the hit: from the last token starting before its end back to the first ending after its start.
      const firstAfter = firstAtLeast(ends, o.start + 1); // first token ending after the hit's start
      const firstBeyond = firstAtLeast(starts, o.end); // first token starting at or after the hit's end
      for (let i = firstAfter; i < firstBeyond; i++) inHit.add(i);
      for (let i = Math.max(mFrom, firstAfter - window); i < firstAfter; i++) if (!seen.has(i)) seen.set(i, 'left');
      for (let i = firstBeyond; i < Math.min(mTo, firstBeyond + window); i++) if (!seen.has(i)) seen.set(i, 'right');
    }
    for (const [i, s] of seen) {
      if (inHit.has(i)) continue;
      windowTokens++;
      const w = file.text.slice(starts[i], ends[i]);
      if (forms.has(w) || !keep(w)) continue;
      const c = side.get(w) ?? { left: 0, right: 0 };
      c[s]++;
      side.set(w, c);
    }
    yield;
  }

  const minFrequency = options.minFrequency ?? 2;
  const rows: Collocate[] = [];
  let n = 0;
  for (const [word, { left, right }] of side) {
    if (++n % STEP === 0) yield;
    const o = left + right;
    if (o < minFrequency) continue;
    const fw = Math.max(o, corpusFreq.get(word) ?? o);
    const expected = (windowTokens * fw) / Math.max(1, corpusTokens);
    rows.push({
      word,
      freq: o,
      left,
      right,
      corpusFreq: fw,
      mi: round(mutualInformation(o, expected)),
      g2: round(logLikelihood(o, windowTokens - o, fw - o, Math.max(0, corpusTokens - windowTokens - fw + o))),
      logDice: round(logDice(o, hits, fw)),
    });
  }
  const sort = options.sort ?? 'g2';
  const key: Record<CollocateSort, (c: Collocate) => number> = { freq: (c) => c.freq, mi: (c) => c.mi, g2: (c) => c.g2, logDice: (c) => c.logDice };
  rows.sort((a, b) => key[sort](b) - key[sort](a) || b.freq - a.freq || a.word.localeCompare(b.word));
  return {
    query,
    matchedAs: resolved.matchedAs,
    term: resolved.term,
    window,
    hits,
    windowTokens,
    corpusTokens,
    collocates: options.limit === undefined ? rows : rows.slice(0, Math.max(0, options.limit)),
  };
}
