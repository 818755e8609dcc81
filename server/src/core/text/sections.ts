// The sections a line can open: parts (`第一部分`), headings (`一、`), subheadings (`（一）`),
// readout points (`会议强调，…`) and items (`第一，…`, `一是…`). Tests on a line's trimmed text.

import type { Section, SectionKind } from '../model';

/** Longest line that can be a `一、` heading or a `第一部分` part on its own line. */
export const MAX_HEADING = 60;
/** Longest first clause kept in an item's or point's name. */
const MAX_CLAUSE = 40;

const NUMERALS = '[一二三四五六七八九十百零〇]';
export const HEADING_RE = new RegExp(`^${NUMERALS}{1,4}、`);
export const SUBHEADING_RE = new RegExp(`^[（(]${NUMERALS}{1,4}[）)]`);
export const PART_RE = new RegExp(`^第${NUMERALS}{1,4}部分`);
export const ITEM_RE = new RegExp(`^(?:第${NUMERALS}{1,3}[，、,]|${NUMERALS}{1,3}是)`);
// Cues that open a readout paragraph. Listed explicitly: a loose `习近平.*强调` would also catch
// titles such as `习近平在北京考察…时强调 …`.
export const CUE_RE = new RegExp(
  '^(?:会议(?:还)?(?:强调指出|指出|强调|认为|要求|决定|提出|号召|审议通过了|审议通过|研究了|听取了|讨论了)' +
  '|(?:习近平|他)(?:在讲话中|在讲话时|在会上|在会议上发表重要讲话|在会上发表重要讲话|发表重要讲话|还|并|最后|首先|同时)?' +
  '(?:强调指出|指出|强调|表示|要求))',
);

const CLAUSE_END = new Set('，。；：！？,;:!?'.split(''));
const SENTENCE_END = new Set('。；！？;!?'.split(''));

/** A heading, subheading, part, item or cue line: never a document's title. */
export function isStructural(t: string, len: number): boolean {
  return HEADING_RE.test(t) || SUBHEADING_RE.test(t) || (PART_RE.test(t) && len <= MAX_HEADING) || ITEM_RE.test(t) || CUE_RE.test(t);
}

/** Nesting level of each kind: a section closes those at its level or deeper. */
export const SECTION_LEVEL: Record<SectionKind, number> = { headline: 0, part: 0, heading: 1, subheading: 2, point: 3, item: 4 };

/**
 * The section line `t` opens (`t`: the trimmed line or its head, `len` its full trimmed length,
 * `ts` where it starts, `span` the whole line), or undefined.
 */
export function sectionOfLine(t: string, len: number, ts: number, span: { start: number; end: number }): Section | undefined {
  let kind: SectionKind;
  let m: RegExpExecArray | null;
  let name: string;
  let consumed: number;
  let marker: string;

  if ((m = PART_RE.exec(t)) && len <= MAX_HEADING) {
    kind = 'part'; marker = m[0];
    name = t; consumed = len;
  } else if ((m = HEADING_RE.exec(t))) {
    // On its own line: short, some text after the marker, no sentence punctuation.
    const rest = t.slice(m[0].length).trim();
    if (len > MAX_HEADING || rest.length === 0 || /[。；;]/.test(t) || '，、：,:'.includes(t[t.length - 1])) return undefined;
    kind = 'heading'; marker = m[0];
    name = t; consumed = len;
  } else if ((m = SUBHEADING_RE.exec(t))) {
    // Often the heading runs on into its paragraph: `（一）大力提振消费…。促进消费…`.
    let e = m[0].length;
    while (e < t.length && !SENTENCE_END.has(t[e]) && e < m[0].length + MAX_HEADING) e++;
    if (e === m[0].length) return undefined;
    kind = 'subheading'; marker = m[0];
    name = t.slice(0, e).trim(); consumed = e;
    if (e < t.length && !SENTENCE_END.has(t[e])) name += '…';
  } else if ((m = CUE_RE.exec(t))) {
    kind = 'point'; marker = m[0];
    ({ name, consumed } = clauseName(t, m[0], true));
  } else if ((m = ITEM_RE.exec(t))) {
    kind = 'item'; marker = m[0];
    ({ name, consumed } = clauseName(t, m[0], false));
  } else {
    return undefined;
  }
  return { kind, name, marker, nameSpan: { start: ts, end: ts + consumed }, span: { start: span.start, end: span.end }, children: [] };
}

/** A roundup's sub-headline, named by its whole line. */
export function headlineSection(t: string, ts: number, span: { start: number; end: number }): Section {
  return { kind: 'headline', name: t, marker: '', nameSpan: { start: ts, end: ts + t.length }, span: { start: span.start, end: span.end }, children: [] };
}

/**
 * `会议强调，要全力以赴救治感染患者。…` → `会议强调：要全力以赴救治感染患者`;
 * `第一，坚决打好湖北保卫战、武汉保卫战。` → `第一，坚决打好湖北保卫战、武汉保卫战`.
 */
function clauseName(t: string, marker: string, isCue: boolean): { name: string; consumed: number } {
  let s = marker.length;
  let separator = '';
  if (isCue && s < t.length && '，：,:'.includes(t[s])) {
    s++;
    separator = '：';
  }
  let e = s;
  while (e < t.length && !CLAUSE_END.has(t[e]) && e - s < MAX_CLAUSE) e++;
  // An opener such as `当前，` or `2019年，` says nothing; take the next clause too.
  if (e - s <= 4 && e < t.length && (t[e] === '，' || t[e] === ',')) {
    e++;
    while (e < t.length && !CLAUSE_END.has(t[e]) && e - s < MAX_CLAUSE) e++;
  }
  let clause = t.slice(s, e);
  if (e - s >= MAX_CLAUSE && e < t.length && !CLAUSE_END.has(t[e])) clause += '…';
  if (clause.length === 0) {
    // A bare `第一，` line (the text follows on the next line): the marker alone, unpunctuated.
    return { name: isCue ? marker : marker.replace(/[，、,]$/, ''), consumed: s };
  }
  return { name: marker + separator + clause, consumed: e };
}
