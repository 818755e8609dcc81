// Hover: a term's definition first, then how the corpus uses it (Foam's shape: content, then "referenced in").

import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { CorpusIndex, OccurrenceStats, Target } from '../core/corpusIndex';
import { escapeMarkdown, fileRange } from './lsp';
import { Meeting } from '../core/model';
import { describeDateSource, formatMeetingDate } from '../core/dates';

const BARS = '▁▂▃▄▅▆▇█';
const MAX_BARS = 48;

/** One character per meeting in date order (or per bucket of meetings, on large corpora). */
export function sparkline(perMeeting: readonly number[]): string {
  if (perMeeting.length === 0) return '';
  const buckets = Math.min(MAX_BARS, perMeeting.length);
  const sums = new Array<number>(buckets).fill(0);
  perMeeting.forEach((n, i) => (sums[Math.floor((i * buckets) / perMeeting.length)] += n));
  const max = Math.max(...sums);
  return sums.map((n) => (n === 0 ? '·' : BARS[Math.min(BARS.length - 1, Math.ceil((n / max) * BARS.length) - 1)])).join('');
}

function commandLink(label: string, command: string, args: unknown[]): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))} "${label}")`;
}

/**
 * `indexing`: the corpus is still being indexed. Its counts would be those of the files indexed so
 * far, and counting them again for every hover while files keep coming in (the counts kept for a
 * hover last until the index changes) cost a restart from the snapshot several ms a hover: the
 * hover then says that counts come with the index.
 */
export function provideHover(index: CorpusIndex, uri: string, position: Position, options: { indexing?: boolean } = {}): Hover | null {
  const file = index.file(uri);
  if (!file) return null;
  const offset = file.lines.offsetAt(position);
  const target = index.targetAt(uri, offset);
  // On a title, the document first: what it is and where its date came from.
  const meeting = file.meetingAt(offset)?.meeting;
  const titled = meeting && offset >= meeting.titleSpan.start && offset < meeting.titleSpan.end ? meeting : undefined;
  if (!target) return titled ? { contents: { kind: MarkupKind.Markdown, value: documentSection(file.text, titled) }, range: fileRange(file, titled.titleSpan) } : null;
  const parts: string[] = titled ? [documentSection(file.text, titled)] : [];
  const name = target.kind === 'term' ? target.term.key : target.word;
  if (target.kind === 'term') parts.push(...termSection(target));
  else parts.push(`**${escapeMarkdown(name)}** · word`);
  // Counts only: no occurrence list is built for a hover.
  parts.push(options.indexing ? INDEXING_NOTE : statsSection(index, index.statsOf(target)));
  parts.push(commandLink('Concordance', 'corpusStudy.concordance', [name]) + ' · ' + commandLink('Trend', 'corpusStudy.trend', [name]));
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') },
    range: fileRange(file, target.span),
  };
}

/** A document's kind and date, with where the date came from: `2016-09-05 · news · date: 5日, month from the file name`. */
function documentSection(text: string, m: Meeting): string {
  const written = m.date.span ? `${escapeMarkdown(text.slice(m.date.span.start, m.date.span.end))}, ` : '';
  return `*${m.kind.replace(/-/g, ' ')}* · ${formatMeetingDate(m.date)} · date: ${written}${describeDateSource(m)}`;
}

const INDEXING_NOTE = '*Counts of mentions come once the corpus is indexed.*';

function termSection(target: Extract<Target, { kind: 'term' }>): string[] {
  const { term } = target;
  const e = term.entry;
  const out: string[] = [];
  if (e) {
    out.push(`**${escapeMarkdown(e.term)}** · ${escapeMarkdown(e.gloss)} · *${e.category.replace(/-/g, ' ')}*`);
    if (e.parts.length > 0) out.push(`${e.parts.length} parts: ${e.parts.map(escapeMarkdown).join('、')}`);
    out.push(escapeMarkdown(e.zh));
    out.push(escapeMarkdown(e.en));
    const facts: string[] = [];
    if (e.introduced?.date || e.introduced?.by) {
      facts.push(`Introduced: ${escapeMarkdown([e.introduced.date, e.introduced.by].filter(Boolean).join(' · '))}`);
    }
    if (e.aliases.length > 0) facts.push(`Also written: ${e.aliases.map(escapeMarkdown).join('、')}`);
    if (term.partOf.length > 0) facts.push(`Part of: ${term.partOf.map(escapeMarkdown).join('、')}`);
    if (e.see.length > 0) facts.push(`See: ${e.see.map(escapeMarkdown).join('、')}`);
    if (facts.length > 0) out.push(facts.join('  \n'));
  } else if (term.kind === 'part') {
    out.push(`**${escapeMarkdown(term.key)}** · part of ${term.partOf.map((p) => `**${escapeMarkdown(p)}**`).join('、')}`);
  } else {
    const why = term.reasons.map((r) => r.replace(/-/g, ' ')).join(', ');
    out.push(`**${escapeMarkdown(term.key)}** · *undefined term* (found as ${why}) · ${commandLink('Add to glossary', 'corpusStudy.addToGlossary', [term.key])}`);
  }
  return out;
}

function statsSection(index: CorpusIndex, stats: OccurrenceStats): string {
  const chrono = index.meetingsChronological();
  const lines: string[] = [];
  lines.push(`**${stats.total}** mention${stats.total === 1 ? '' : 's'} in **${stats.meetings}** of ${chrono.length} meeting${chrono.length === 1 ? '' : 's'}`);
  const first = stats.first;
  if (first?.meeting) {
    const file = index.file(first.uri);
    const pos = file ? fileRange(file, first).start : { line: 0, character: 0 };
    const m = first.meeting.meeting;
    const link = `${first.uri}#L${pos.line + 1},${pos.character + 1}`;
    lines.push(`First: [${m.date.iso ?? 'undated'} · ${escapeMarkdown(m.title)}](${link})`);
  }
  if (chrono.length > 1) {
    const from = chrono[0].meeting.date.iso ?? '';
    const to = chrono[chrono.length - 1].meeting.date.iso ?? '';
    lines.push(`\`${sparkline(stats.perMeeting)}\` ${from} → ${to}`);
  }
  return lines.join('  \n');
}
