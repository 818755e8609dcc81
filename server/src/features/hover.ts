// Hover: a term's definition first, then how the corpus uses it (Foam's shape: content, then "referenced in").

import { Hover, MarkupKind, Position } from 'vscode-languageserver';
import { CorpusIndex, OccurrenceStats, Target } from '../core/corpusIndex';
import { escapeMarkdown, fileRange } from './lsp';
import { dateSourceText, Language, labelOf, meetingDateText, translator, Translator } from '../l10n';
import { cooccurringTerms, timeBuckets, usageSpan } from '../core/study/usage';
import { Meeting } from '../core/model';

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

function commandTarget(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

function commandLink(label: string, command: string, args: unknown[]): string {
  return `[${label}](${commandTarget(command, args)} "${label}")`;
}

/**
 * `indexing`: the corpus is still being indexed. Its counts would be those of the files indexed so
 * far, and counting them again for every hover while files keep coming in (the counts kept for a
 * hover last until the index changes) cost a restart from the snapshot several ms a hover: the
 * hover then says that counts come with the index.
 */
export function provideHover(index: CorpusIndex, uri: string, position: Position, options: { indexing?: boolean; language?: Language } = {}): Hover | null {
  const file = index.file(uri);
  if (!file) return null;
  const lang = options.language ?? 'en';
  const t = translator(lang);
  const offset = file.lines.offsetAt(position);
  const target = index.targetAt(uri, offset);
  // On a title, the document first: what it is and where its date came from.
  const meeting = file.meetingAt(offset)?.meeting;
  const titled = meeting && offset >= meeting.titleSpan.start && offset < meeting.titleSpan.end ? meeting : undefined;
  if (!target) return titled ? { contents: { kind: MarkupKind.Markdown, value: documentSection(file.text, titled, lang) }, range: fileRange(file, titled.titleSpan) } : null;
  const parts: string[] = titled ? [documentSection(file.text, titled, lang)] : [];
  const name = target.kind === 'term' ? target.term.key : target.word;
  if (target.kind === 'term') parts.push(...termSection(target, lang));
  else parts.push(`**${escapeMarkdown(name)}** · ${t('hover.word')}`);
  // Counts only: no occurrence list is built for a hover.
  parts.push(options.indexing ? t('hover.indexing') : statsSection(index, target, t));
  parts.push(commandLink(t('hover.concordance'), 'corpusStudy.concordance', [name]) + ' · ' + commandLink(t('hover.trend'), 'corpusStudy.trend', [name]));
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') },
    range: fileRange(file, target.span),
  };
}

/** A document's kind and date, with where the date came from: `news · 2016-09-05 · date: 5日, month from the file name`. */
function documentSection(text: string, m: Meeting, lang: Language): string {
  const written = m.date.span ? `${escapeMarkdown(text.slice(m.date.span.start, m.date.span.end))}, ` : '';
  return `*${labelOf(lang, 'kind', m.kind)}* · ${meetingDateText(lang, m.date)} · ${translator(lang)('date.label', written + dateSourceText(lang, m))}`;
}

/**
 * A glossary entry is bilingual. In English the hover leads with the gloss and the English
 * definition and keeps the Chinese below; in Chinese the Chinese definition leads, and the gloss
 * and English definition follow it.
 */
function termSection(target: Extract<Target, { kind: 'term' }>, lang: Language): string[] {
  const t = translator(lang);
  const { term } = target;
  const e = term.entry;
  const out: string[] = [];
  if (e) {
    const category = `*${labelOf(lang, 'category', e.category)}*`;
    const gloss = escapeMarkdown(e.gloss);
    out.push(lang === 'zh' ? `**${escapeMarkdown(e.term)}** · ${category}` : `**${escapeMarkdown(e.term)}** · ${gloss} · ${category}`);
    if (e.parts.length > 0) out.push(t('hover.parts', e.parts.length, e.parts.map(escapeMarkdown).join('、')));
    if (lang === 'zh') out.push(escapeMarkdown(e.zh), [gloss && `*${gloss}*`, escapeMarkdown(e.en)].filter(Boolean).join(' · '));
    else out.push(escapeMarkdown(e.en), escapeMarkdown(e.zh));
    const facts: string[] = [];
    if (e.introduced?.date || e.introduced?.by) {
      facts.push(t('hover.introduced', escapeMarkdown([e.introduced.date, e.introduced.by].filter(Boolean).join(' · '))));
    }
    if (e.aliases.length > 0) facts.push(t('hover.aliases', e.aliases.map(escapeMarkdown).join('、')));
    if (term.partOf.length > 0) facts.push(t('hover.partOf', term.partOf.map(escapeMarkdown).join('、')));
    if (e.see.length > 0) facts.push(t('hover.see', e.see.map(escapeMarkdown).join('、')));
    for (const h of e.history) {
      const text = lang === 'zh' ? (h.zh ?? h.en) : (h.en ?? h.zh);
      if (text) facts.push(t('hover.change', h.date, escapeMarkdown(text)));
    }
    if (e.reference) facts.push(t('hover.source', escapeMarkdown(e.reference)));
    if (facts.length > 0) out.push(facts.join('  \n'));
  } else if (term.kind === 'part') {
    out.push(`**${escapeMarkdown(term.key)}** · ${t('hover.partHeader', term.partOf.map((p) => `**${escapeMarkdown(p)}**`).join('、'))}`);
  } else {
    const why = term.reasons.map((r) => labelOf(lang, 'reason', r)).join(lang === 'zh' ? '、' : ', ');
    out.push(`**${escapeMarkdown(term.key)}** · ${t('hover.undefinedTerm', why)} · ${commandLink(t('hover.addToGlossary'), 'corpusStudy.addToGlossary', [term.key])}`);
  }
  return out;
}

function statsSection(index: CorpusIndex, target: Target, t: Translator): string {
  const stats = index.statsOf(target);
  const chrono = index.meetingsChronological();
  const lines: string[] = [];
  const plural = (n: number) => (n === 1 ? 'one' : 'many');
  lines.push(t(`hover.mentions.${plural(stats.total)}.${plural(chrono.length)}`, stats.total, stats.meetings, chrono.length));
  const first = stats.first;
  if (first?.meeting) {
    const file = index.file(first.uri);
    const pos = file ? fileRange(file, first).start : { line: 0, character: 0 };
    const m = first.meeting.meeting;
    // A dataset record (a `corpus-record:` URI) opens through the client's command: VS Code's
    // hovers follow links of the file scheme and commands, no other scheme.
    const link = first.uri.startsWith('file:') ? `${first.uri}#L${pos.line + 1},${pos.character + 1}` : commandTarget('corpusStudy.openMeeting', [first.uri, { start: pos, end: pos }]);
    lines.push(t('hover.first', `[${m.date.iso ?? t('meeting.undated')} · ${escapeMarkdown(m.title)}](${link})`));
  }
  const span = usageSpan(chrono, stats);
  if (span.last && span.last !== first?.meeting?.meeting.date.iso) lines.push(t('hover.last', span.last));
  if (span.peak && stats.meetings > 1) lines.push(t('hover.peak', span.peak.period, span.peak.count));
  if (target.kind === 'term' && stats.meetings > 1) {
    const withTerms = cooccurringTerms(index, target.term, stats);
    if (withTerms.length > 0) lines.push(t('hover.with', withTerms.map((w) => escapeMarkdown(w.term)).join('、')));
  }
  const buckets = chrono.length > 1 ? timeBuckets(chrono, stats.perMeeting, MAX_BARS) : undefined;
  if (buckets) lines.push(`\`${sparkline(buckets.counts)}\` ${buckets.from} → ${buckets.to}${buckets.unit === 'document' ? '' : ` ${buckets.unit === 'month' ? t('hover.byMonth') : buckets.years ? t('hover.byYears', buckets.years) : t('hover.byYear')}`}`);
  return lines.join('  \n');
}
