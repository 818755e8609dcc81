// What the search for documents finds before a meeting is made of it: where each document
// starts, its title block's lines, and (an edited document's) how to move both by whole lines.

import type { Meeting, Section, Span } from '../model';
import type { InlineHeader } from './titleBlocks';

export interface TitleBlock {
  titleLines: number[];
  /** `——在…上的报告` under the title. */
  subtitle?: number;
  dateLine?: number;
  byline?: number;
  /** First non-blank line after the header, or -1. */
  lead: number;
  bodyStart: number;
  confirmed: boolean;
}

export interface DocumentPlan {
  /** Absent for a document without a title block. */
  block?: TitleBlock;
  /** First line of the document. */
  from: number;
  /** A one-line document's header, written before its first paragraph. */
  inline?: InlineHeader;
  /** No title: named by its first words (`同志们：…`). */
  firstWords?: boolean;
  /** The title the front matter gives. */
  metaTitle?: string;
  /** A news roundup (`国内联播快讯`): its items' titles are sections, not documents. */
  roundup?: boolean;
  /** The lines of a roundup's sub-headlines, in order. */
  headlines?: number[];
}

/** The line where the search for the next document goes on after `plan`. */
export function afterHeader(plan: DocumentPlan): number {
  return plan.block ? plan.block.bodyStart : plan.from + 1;
}

export function shiftPlan(plan: DocumentPlan, lines: number): DocumentPlan {
  const b = plan.block;
  if (!b) return { from: plan.from + lines };
  const block: TitleBlock = { titleLines: b.titleLines.map((k) => k + lines), lead: b.lead >= 0 ? b.lead + lines : b.lead, bodyStart: b.bodyStart + lines, confirmed: b.confirmed };
  if (b.subtitle !== undefined) block.subtitle = b.subtitle + lines;
  if (b.dateLine !== undefined) block.dateLine = b.dateLine + lines;
  if (b.byline !== undefined) block.byline = b.byline + lines;
  return { block, from: plan.from + lines };
}

const shiftSpan = (s: Span, by: number): Span => ({ start: s.start + by, end: s.end + by });

function shiftSection(s: Section, by: number): Section {
  return { kind: s.kind, name: s.name, marker: s.marker, nameSpan: shiftSpan(s.nameSpan, by), span: shiftSpan(s.span, by), children: s.children.map((c) => shiftSection(c, by)) };
}

/** A copy of `m` with every offset moved by `by` (its date to be resolved again). */
export function shiftMeeting(m: Meeting, by: number): Meeting {
  const copy: Meeting = {
    title: m.title,
    titleSpan: shiftSpan(m.titleSpan, by),
    date: m.date.span ? { iso: null, source: 'none', span: shiftSpan(m.date.span, by) } : { iso: null, source: 'none' },
    kind: m.kind,
    span: shiftSpan(m.span, by),
    sections: m.sections.map((s) => shiftSection(s, by)),
  };
  if (m.untitled) copy.untitled = true;
  if (m.rawDate) copy.rawDate = { ...m.rawDate };
  if (m.dateWrittenIn) copy.dateWrittenIn = m.dateWrittenIn;
  return copy;
}
