// A `.txt` file's front matter: a `---` line first, flat `key: value` fields, a closing `---` (or
// `...`) line. Read here without a YAML library (loading one costs every start, and the fields are
// flat). Offsets stay those of the whole text: the reader starts its documents after the block.

import type { ReadProblem, Span } from '../model';

export interface FrontMatter {
  /** Every field as a string: a list's items joined with `, `. */
  fields: Record<string, string>;
  /** Where each field's value is written (a list's or block's first item to its last). */
  valueSpans: Record<string, Span>;
  /** From the opening `---` to the end of the closing line (its terminator excluded). */
  span: Span;
  /** Where the text after the block starts. */
  bodyStart: number;
  problems: ReadProblem[];
}

/** The block is looked for no further than this into the text: front matter is a few lines. */
const MAX_FRONT_MATTER = 1 << 16;
const KEY_LINE = /^([A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff .-]{0,63}?)\s*:(?:\s+(.*)|\s*)$/;

/** The front matter at the start of `text`, or undefined when the text does not open with `---`. Never throws. */
export function readFrontMatter(text: string): FrontMatter | undefined {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---', at)) return undefined;
  const firstEnd = lineEnd(text, at);
  if (text.slice(at + 3, firstEnd).trim() !== '' || firstEnd >= text.length) return undefined;
  const start = at;
  at = nextLine(text, firstEnd);
  const lines: { start: number; end: number }[] = [];
  while (at < text.length && at < MAX_FRONT_MATTER) {
    const end = lineEnd(text, at);
    const line = text.slice(at, end);
    if (/^(?:---|\.\.\.)\s*$/.test(line)) {
      const { fields, valueSpans, problems } = parseFields(text, lines);
      return { fields, valueSpans, span: { start, end }, bodyStart: nextLine(text, end), problems };
    }
    lines.push({ start: at, end });
    at = nextLine(text, end);
  }
  return undefined;
}

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return text.length;
}

function nextLine(text: string, end: number): number {
  if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) return end + 2;
  return end + 1;
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && ((t[0] === '"' && t[t.length - 1] === '"') || (t[0] === "'" && t[t.length - 1] === "'"))) {
    const inner = t.slice(1, -1);
    return t[0] === '"' ? inner.replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n') : inner.replace(/''/g, "'");
  }
  // A comment after a plain value.
  const hash = t.search(/\s#/);
  return hash >= 0 ? t.slice(0, hash).trimEnd() : t;
}

function parseFields(text: string, lines: readonly { start: number; end: number }[]): { fields: Record<string, string>; valueSpans: Record<string, Span>; problems: ReadProblem[] } {
  const fields: Record<string, string> = {};
  const valueSpans: Record<string, Span> = {};
  const problems: ReadProblem[] = [];
  let key: string | undefined;
  let items: string[] = [];
  let block: 'list' | 'text' | undefined;
  const close = (): void => {
    if (key !== undefined && block) fields[key] = items.join(block === 'list' ? ', ' : '\n');
    block = undefined;
    items = [];
  };
  for (const { start, end } of lines) {
    const line = text.slice(start, end);
    if (/^\s*(?:#.*)?$/.test(line)) continue;
    const indented = /^\s/.test(line);
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (key !== undefined && (indented || item) && block !== undefined) {
      const value = item && block === 'list' ? unquote(item[1]) : line.trim();
      items.push(value);
      valueSpans[key] = { start: valueSpans[key]?.start ?? start + line.indexOf(line.trim()), end };
      continue;
    }
    close();
    const m = KEY_LINE.exec(line);
    if (!m) {
      problems.push({ severity: 'warning', message: 'front matter: a line that is not `key: value` is left out', span: { start, end } });
      key = undefined;
      continue;
    }
    key = m[1].trim();
    const raw = m[2] ?? '';
    const value = raw.trim();
    if (value === '' ) {
      block = 'list';
      continue;
    }
    if (value === '|' || value === '>' || value === '|-' || value === '>-') {
      block = 'text';
      continue;
    }
    const valueStart = end - raw.length + (raw.length - raw.trimStart().length);
    if (value.startsWith('[') && value.endsWith(']')) {
      fields[key] = value.slice(1, -1).split(',').map(unquote).filter((s) => s.length > 0).join(', ');
    } else {
      fields[key] = unquote(value);
    }
    valueSpans[key] = { start: valueStart, end: valueStart + value.length };
  }
  close();
  return { fields, valueSpans, problems };
}
