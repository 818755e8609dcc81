// Workspace-wide search for meetings (by title words and by date), sections and terms.
// Dates are matched as written by users: 2020-02-23, 2020/2/23, 2020年2月23日, 2月23日, 02-23, 0223.

import { CorpusIndex, MeetingRef } from './corpusIndex';
import { Section, Span } from './model';

export type SymbolHitKind = 'meeting' | 'section' | 'term';

export interface SymbolHit {
  kind: SymbolHitKind;
  name: string;
  detail: string;
  uri: string;
  span: Span;
  /** Lower is better. */
  score: number;
  termKey?: string;
}

interface DateQuery {
  year?: number;
  month: number;
  day: number;
}

export function parseDateQuery(q: string): DateQuery | undefined {
  const s = q.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m) return { year: +m[1], month: +m[2], day: +m[3] };
  m = /^(\d{1,2})月(\d{1,2})日?$/.exec(s);
  if (m) return { month: +m[1], day: +m[2] };
  m = /^(\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return { month: +m[1], day: +m[2] };
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return { year: +m[1], month: +m[2], day: +m[3] };
  m = /^(\d{2})(\d{2})$/.exec(s);
  if (m && +m[1] >= 1 && +m[1] <= 12) return { month: +m[1], day: +m[2] };
  return undefined;
}

function dateMatches(iso: string | null, q: DateQuery): boolean {
  if (!iso) return false;
  const [y, mo, d] = iso.split('-').map(Number);
  return mo === q.month && d === q.day && (q.year === undefined || q.year === y);
}

/** Rank of a text match: 0 exact, 1 prefix, 2 substring, undefined no match. */
function textRank(text: string, query: string): number | undefined {
  if (text === query) return 0;
  if (text.startsWith(query)) return 1;
  const at = text.indexOf(query);
  if (at >= 0) return 2 + at / 1000;
  return undefined;
}

export function searchSymbols(index: CorpusIndex, rawQuery: string, limit = 200): SymbolHit[] {
  const query = rawQuery.trim();
  const hits: SymbolHit[] = [];
  const meetings = index.meetingsChronological();
  const date = parseDateQuery(query);
  const meetingDetail = (m: MeetingRef) => `${m.meeting.date.iso ?? 'undated'} · ${m.meeting.kind}`;

  if (date) {
    for (const m of meetings) {
      if (dateMatches(m.meeting.date.iso, date)) {
        hits.push({ kind: 'meeting', name: m.meeting.title, detail: meetingDetail(m), uri: m.uri, span: m.meeting.titleSpan, score: 0 });
      }
    }
  }
  if (query.length === 0) {
    for (const m of meetings) hits.push({ kind: 'meeting', name: m.meeting.title, detail: meetingDetail(m), uri: m.uri, span: m.meeting.titleSpan, score: 5 });
    return hits.slice(0, limit);
  }
  const lower = query.toLowerCase();
  for (const term of index.terms().terms) {
    let best: number | undefined;
    for (const f of term.forms) {
      const r = textRank(f, query);
      if (r !== undefined && (best === undefined || r < best)) best = r;
    }
    const gloss = term.entry?.gloss.toLowerCase();
    if (gloss) {
      const r = textRank(gloss, lower);
      if (r !== undefined && (best === undefined || r + 0.5 < best)) best = r + 0.5;
    }
    if (best === undefined) continue;
    const entry = term.entry;
    const where = entry
      ? { uri: entry.source.path, span: entry.source.span }
      : firstMentionOf(index, term.key);
    if (!where) continue;
    const detail = entry ? `${entry.gloss} · glossary` : term.kind === 'part' ? `part of ${term.partOf.join('、')}` : 'candidate term (undefined)';
    // Terms come first on equal text rank: a term query most often means the term.
    hits.push({ kind: 'term', name: term.key, detail, uri: where.uri, span: where.span, score: best + (term.kind === 'candidate' ? 0.3 : 0), termKey: term.key });
  }
  for (const m of meetings) {
    const r = textRank(m.meeting.title, query);
    if (r !== undefined) hits.push({ kind: 'meeting', name: m.meeting.title, detail: meetingDetail(m), uri: m.uri, span: m.meeting.titleSpan, score: r + 0.1 });
    const visit = (sections: Section[]) => {
      for (const s of sections) {
        const rs = textRank(s.name, query);
        if (rs !== undefined) {
          hits.push({ kind: 'section', name: s.name, detail: `${m.meeting.date.iso ?? ''} · ${m.meeting.title}`, uri: m.uri, span: s.nameSpan, score: rs + 0.2 });
        }
        visit(s.children);
      }
    };
    visit(m.meeting.sections);
  }
  hits.sort((a, b) => a.score - b.score || a.name.length - b.name.length);
  return hits.slice(0, limit);
}

function firstMentionOf(index: CorpusIndex, key: string): { uri: string; span: Span } | undefined {
  const term = index.term(key);
  if (!term) return undefined;
  const first = index.mentionsOf(term)[0];
  return first ? { uri: first.uri, span: { start: first.start, end: first.end } } : undefined;
}
