// The corpus outline and glossary overview behind the sidebar and `corpus-study outline`:
// meetings by date with their sections, and glossary terms by category with mention counts.

import { CorpusIndex } from '../corpusIndex';
import { Section, SectionKind, Span } from '../model';
import { meetingInfo, MeetingInfo } from './query';

export interface OutlineSection {
  name: string;
  kind: SectionKind;
  /** Where the section's name is written (UTF-16 offsets). */
  nameSpan: Span;
  children: OutlineSection[];
}

export interface OutlineMeeting extends MeetingInfo {
  dateSource: string;
  titleSpan: Span;
  sections: OutlineSection[];
}

export function corpusOutline(index: CorpusIndex): OutlineMeeting[] {
  const section = (s: Section): OutlineSection => ({ name: s.name || s.marker, kind: s.kind, nameSpan: s.nameSpan, children: s.children.map(section) });
  return index.meetingsChronological().map((m) => ({
    ...meetingInfo(m),
    dateSource: m.meeting.date.source,
    titleSpan: m.meeting.titleSpan,
    sections: m.meeting.sections.map(section),
  }));
}

export interface GlossaryTermCount {
  term: string;
  category: string;
  gloss: string;
  count: number;
  meetings: number;
}

export interface GlossaryCategory {
  category: string;
  terms: GlossaryTermCount[];
}

/** Glossary terms grouped by category (categories in glossary order), most mentioned first. */
export function glossaryOverview(index: CorpusIndex): GlossaryCategory[] {
  const groups = new Map<string, GlossaryTermCount[]>();
  for (const t of index.terms().terms) {
    if (t.kind !== 'glossary' || !t.entry) continue;
    const s = index.stats(index.mentionsOf(t));
    const list = groups.get(t.entry.category) ?? [];
    list.push({ term: t.key, category: t.entry.category, gloss: t.entry.gloss, count: s.total, meetings: s.meetings });
    groups.set(t.entry.category, list);
  }
  return [...groups].map(([category, terms]) => ({ category, terms: terms.sort((a, b) => b.count - a.count || a.term.localeCompare(b.term)) }));
}
