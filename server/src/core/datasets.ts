// Datasets: CSV, JSONL and JSON files (an array of records) whose records are documents. One
// decoded file in, its records (text, title, date, other fields) out; and a record's reading as
// the one document it is.
//
// Invariants:
// - Never throws; problems are returned with the span of the record (or line) they are about, in
//   the dataset file's text. A broken record is skipped and the rest is read.
// - Linear time: each character is looked at a bounded number of times.
// - A record's text is indexed exactly as the file holds it (CSV quotes and JSON escapes undone):
//   the editor shows that text, and every offset refers to it.

import type { Meeting, ParsedFile, RawDate, ReadProblem, RecordMetadata, Section, Span } from './model';
import { parseDateValue } from './dates';
import type { Steps } from './steps';

export type DatasetKind = 'csv' | 'jsonl' | 'json';

/** Field names to read a record's text, title and date from (the setting `corpusStudy.datasetFields`); unset ones are guessed. */
export interface DatasetFields {
  text?: string;
  title?: string;
  /** A date (`2020-01-03`, `2020年1月3日`) or a year. */
  date?: string;
  /** A year, used when there is no date. */
  year?: string;
}

export interface DatasetRecord {
  /** Position of the record in the file, from 1 (broken records count: a fix does not renumber the rest). */
  number: number;
  text: string;
  title?: string;
  date?: RawDate;
  /** Every other field with a short scalar value, as a string. */
  facets: Record<string, string>;
  /** Where the record is in the dataset file's text. */
  span: Span;
}

export interface DatasetReading {
  records: DatasetRecord[];
  problems: ReadProblem[];
  /** The fields read, as set or guessed (absent: none found). */
  fields: DatasetFields;
}

/** The kind of dataset a file name says, if any. */
export function datasetKindOf(fileName: string): DatasetKind | undefined {
  const m = /\.(csv|tsv|jsonl|ndjson|json)$/i.exec(fileName);
  if (!m) return undefined;
  const ext = m[1].toLowerCase();
  return ext === 'tsv' ? 'csv' : ext === 'ndjson' ? 'jsonl' : (ext as DatasetKind);
}

/** JSON files that are a tool's configuration, never a corpus. */
const CONFIG_JSON = /^(?:package(?:-lock)?|tsconfig.*|jsconfig|composer|settings|launch|tasks|extensions|language-configuration|.*\.schema|.*\.tmLanguage)\.json$/i;

/** Whether a file found in the corpus folders is read as a dataset (not a tool's .json configuration). */
export function isDatasetFile(fileName: string): boolean {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const kind = datasetKindOf(base);
  return kind !== undefined && !(kind === 'json' && CONFIG_JSON.test(base));
}

// Common names, best first. Latin names also match in another case (`Content`, `TITLE`).
const GUESSES: Record<keyof DatasetFields, string[]> = {
  text: ['text', 'content', '正文', '内容', '全文', '文本', 'body', 'fulltext', 'full_text', 'article'],
  title: ['title', '标题', '题目', '题名', '名称', 'headline', 'name'],
  date: ['date', '日期', '时间', '发布日期', '发布时间', 'published', 'publish_date', 'pub_date', 'pubdate', 'datetime', 'time'],
  year: ['year', '年份', '年度', '年'],
};

/** Values longer than this are not facets (a second long text, an abstract); a long URL still is one. */
const MAX_FACET = 1024;
/** Records handled between two steps of `readDatasetInSteps`. */
const RECORDS_PER_STEP = 256;
/** Records looked at to guess the fields of a JSON or JSONL file (their keys may vary). */
const GUESS_SAMPLE = 64;

export function readDataset(text: string, kind: DatasetKind, fields: DatasetFields = {}): DatasetReading {
  const steps = readDatasetInSteps(text, kind, fields);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** `readDataset` a step at a time: each `next()` reads a few hundred records. */
export function* readDatasetInSteps(text: string, kind: DatasetKind, fields: DatasetFields = {}): Steps<DatasetReading> {
  const problems: ReadProblem[] = [];
  const body = typeof text === 'string' ? text : '';
  // A BOM that decoding left (a text given as is) is not part of the first field: reading starts after it.
  const from = body.charCodeAt(0) === 0xfeff ? 1 : 0;
  try {
    const rows = kind === 'csv' ? csvRecords(body, from, problems) : kind === 'jsonl' ? jsonlRecords(body, from, problems) : jsonRecords(body, from, problems);
    const raw = yield* rows;
    return yield* toRecords(raw, fields, problems);
  } catch (e) {
    // A bug of ours must not cost the rest of the corpus: the file is reported, its records skipped.
    problems.push({ severity: 'error', message: `Could not read this dataset (${(e as Error)?.message ?? e}).` });
    return { records: [], problems, fields: {} };
  }
}

/** A record as the file holds it: field values by name, before any field is chosen. */
interface RawRecord {
  number: number;
  values: Map<string, unknown>;
  span: Span;
}

// ---- CSV ----------------------------------------------------------------------------------------

/**
 * RFC 4180 records: quoted fields may hold the separator, line breaks and `""` for a quote. The
 * separator is the one of `,`, tab and `;` that the header line has most of. A quote never
 * closed is a problem at its record, whose line is then read again as plain text.
 */
function* csvRecords(text: string, from: number, problems: ReadProblem[]): Steps<RawRecord[]> {
  const sep = separatorOf(text, from);
  const out: RawRecord[] = [];
  let header: string[] | undefined;
  let number = 0;
  let pos = from;
  const n = text.length;
  while (pos < n) {
    const row = csvRow(text, pos, sep, false);
    const span = { start: pos, end: trimLineEnd(text, row.end) };
    if (row.unclosed !== undefined) {
      problems.push({ severity: 'warning', message: 'A quote opened here is never closed: this record is skipped.', span: { start: row.unclosed, end: Math.min(n, row.unclosed + 1) } });
      // Read again from the same line with quotes as plain characters, to find where the line ends.
      pos = csvRow(text, pos, sep, true).end;
      if (header) number++;
      continue;
    }
    pos = row.end;
    if (row.fields.length === 1 && row.fields[0].trim() === '') continue;
    if (!header) {
      header = uniqueNames(row.fields.map((f) => f.trim()));
      continue;
    }
    number++;
    if (row.fields.length > header.length && row.fields.slice(header.length).some((f) => f.trim() !== '')) {
      problems.push({ severity: 'warning', message: `This record has ${row.fields.length} fields and the header ${header.length}: the ones past the header are left out.`, span });
    }
    const values = new Map<string, unknown>();
    header.forEach((name, i) => values.set(name, row.fields[i] ?? ''));
    out.push({ number, values, span });
    if (number % RECORDS_PER_STEP === 0) yield;
  }
  if (!header) problems.push({ severity: 'info', message: 'Empty dataset: no header line and no records.' });
  return out;
}

function separatorOf(text: string, from: number): string {
  let comma = 0;
  let tab = 0;
  let semi = 0;
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') comma++;
    else if (!quoted && c === '\t') tab++;
    else if (!quoted && c === ';') semi++;
  }
  return tab > comma && tab >= semi ? '\t' : semi > comma ? ';' : ',';
}

/**
 * One CSV row from `pos`: its fields and where the next row starts. With `plain`, quotes are
 * ordinary characters. `unclosed`: where a quote opened that the text never closes.
 */
function csvRow(text: string, pos: number, sep: string, plain: boolean): { fields: string[]; end: number; unclosed?: number } {
  const fields: string[] = [];
  const n = text.length;
  let i = pos;
  for (;;) {
    // A field: quoted (from its first character) or plain up to the separator or the line end.
    if (!plain && text[i] === '"') {
      const open = i;
      let value = '';
      let from = i + 1;
      for (i = from; ; ) {
        const q = text.indexOf('"', i);
        if (q < 0) return { fields, end: n, unclosed: open };
        if (text[q + 1] === '"') {
          value += text.slice(from, q + 1);
          i = from = q + 2;
          continue;
        }
        value += text.slice(from, q);
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the separator is kept as written (`"a"b` → `ab`).
      const rest = plainEnd(text, i, sep);
      value += text.slice(i, rest);
      i = rest;
      fields.push(value);
    } else {
      const end = plainEnd(text, i, sep);
      fields.push(text.slice(i, end));
      i = end;
    }
    if (i >= n) return { fields, end: n };
    if (text[i] === sep) {
      i++;
      continue;
    }
    // A line break: \r\n, \n or \r.
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    return { fields, end: i + 1 };
  }
}

function plainEnd(text: string, i: number, sep: string): number {
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === sep || c === '\n' || c === '\r') break;
    i++;
  }
  return i;
}

function trimLineEnd(text: string, end: number): number {
  while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return end;
}

/** Header names, each unique: an empty one is `column3`, a repeated one `name_2`. */
function uniqueNames(names: string[]): string[] {
  const seen = new Set<string>();
  return names.map((name, i) => {
    const base = name === '' ? `column${i + 1}` : name;
    let unique = base;
    for (let k = 2; seen.has(unique); k++) unique = `${base}_${k}`;
    seen.add(unique);
    return unique;
  });
}

// ---- JSON Lines ---------------------------------------------------------------------------------

function* jsonlRecords(text: string, from: number, problems: ReadProblem[]): Steps<RawRecord[]> {
  const out: RawRecord[] = [];
  let number = 0;
  for (let start = from; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    const span = lineSpan(text, start, end);
    start = end + 1;
    if (line.trim() === '') continue;
    number++;
    const value = parseJson(line);
    if (value.error !== undefined) {
      problems.push({ severity: 'warning', message: `Not a JSON record (${value.error}): this line is skipped.`, span });
    } else if (!isRecord(value.value)) {
      problems.push({ severity: 'warning', message: 'This line is JSON but not an object of fields: skipped.', span });
    } else out.push({ number, values: new Map(Object.entries(value.value)), span });
    if (number % RECORDS_PER_STEP === 0) yield;
  }
  return out;
}

/** The span of a line's text without its line break (and its trimmed outer blanks, so a diagnostic marks the record). */
function lineSpan(text: string, start: number, end: number): Span {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  let s = start;
  while (s < e && /\s/.test(text[s])) s++;
  return { start: s, end: e };
}

function parseJson(s: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(s) };
  } catch (e) {
    return { error: String((e as Error)?.message ?? e).replace(/^JSON\.parse: /, '') };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// ---- JSON ---------------------------------------------------------------------------------------

/**
 * An array of records: each element is cut out by a scan of the array (strings and nesting
 * followed) and parsed on its own, so one broken record is a problem at that record and the
 * rest is read. An object with one array of records among its fields (`{"data": […]}`) is read
 * as that array.
 */
function* jsonRecords(text: string, from: number, problems: ReadProblem[]): Steps<RawRecord[]> {
  let at = skipBlank(text, from);
  if (at >= text.length) {
    problems.push({ severity: 'info', message: 'Empty dataset: no records.' });
    return [];
  }
  if (text[at] !== '[') {
    const whole = parseJson(text.slice(from));
    const arrays = isRecord(whole.value) ? Object.entries(whole.value).filter(([, v]) => Array.isArray(v) && v.some(isRecord)) : [];
    if (arrays.length !== 1) {
      const why = whole.error !== undefined ? `not JSON (${whole.error})` : 'not an array of records, nor an object with one';
      problems.push({ severity: 'warning', message: `This file is ${why}: no document is read from it.`, span: { start: at, end: Math.min(text.length, at + 1) } });
      return [];
    }
    // Positions of the inner array's elements are not known: their problems point at the file's start.
    const out: RawRecord[] = [];
    (arrays[0][1] as unknown[]).forEach((v, i) => {
      if (isRecord(v)) out.push({ number: i + 1, values: new Map(Object.entries(v)), span: { start: at, end: at } });
      else problems.push({ severity: 'warning', message: `Element ${i + 1} of "${arrays[0][0]}" is not an object of fields: skipped.`, span: { start: at, end: at + 1 } });
    });
    return out;
  }
  const out: RawRecord[] = [];
  let number = 0;
  at++;
  for (;;) {
    at = skipBlank(text, at);
    if (at >= text.length) {
      problems.push({ severity: 'warning', message: 'The array of records is not closed (the file may be cut short).', span: { start: Math.max(0, text.length - 1), end: text.length } });
      break;
    }
    if (text[at] === ']') break;
    if (text[at] === ',') {
      // An empty element (`[a,,b]` or a trailing comma): nothing to read.
      at++;
      continue;
    }
    const end = elementEnd(text, at);
    const span = { start: at, end: trimEnd(text, at, end) };
    number++;
    const value = parseJson(text.slice(span.start, span.end));
    if (value.error !== undefined) problems.push({ severity: 'warning', message: `Not a JSON record (${value.error}): skipped.`, span });
    else if (!isRecord(value.value)) problems.push({ severity: 'warning', message: 'This element is not an object of fields: skipped.', span });
    else out.push({ number, values: new Map(Object.entries(value.value)), span });
    at = end;
    if (text[at] === ',') at++;
    if (number % RECORDS_PER_STEP === 0) yield;
  }
  return out;
}

function skipBlank(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** Where the array element that starts at `i` ends: the `,` or `]` after it at its own depth (or the text's end). */
function elementEnd(text: string, i: number): number {
  let depth = 0;
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) depth++;
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth === 0) return i;
      depth--;
    } else if (c === 0x2c /* , */ && depth === 0) return i;
  }
  return n;
}

// ---- fields -------------------------------------------------------------------------------------

function* toRecords(raw: RawRecord[], asked: DatasetFields, problems: ReadProblem[]): Steps<DatasetReading> {
  const names: string[] = [];
  const known = new Set<string>();
  for (const r of raw.slice(0, GUESS_SAMPLE)) {
    for (const k of r.values.keys()) {
      if (!known.has(k)) {
        known.add(k);
        names.push(k);
      }
    }
  }
  const fields: DatasetFields = {};
  for (const role of ['text', 'title', 'date', 'year'] as const) {
    const set = asked[role];
    if (set && known.has(set)) fields[role] = set;
    else {
      if (set && raw.length > 0) problems.push({ severity: 'warning', message: `No field "${set}" (setting corpusStudy.datasetFields.${role}) in this file; its fields: ${names.join(', ')}.`, span: raw[0].span });
      fields[role] = guessField(names, GUESSES[role]);
    }
  }
  if (!fields.text && raw.length > 0) {
    fields.text = longestField(raw.slice(0, GUESS_SAMPLE), names);
    if (fields.text) problems.push({ severity: 'info', message: `The text of each record is read from "${fields.text}" (no field is named text, content or 正文); set corpusStudy.datasetFields.text to choose another.`, span: raw[0].span });
    else {
      problems.push({ severity: 'warning', message: `No text field found among ${names.join(', ')}: set corpusStudy.datasetFields.text.`, span: raw[0].span });
      return { records: [], problems, fields };
    }
  }
  const records: DatasetRecord[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    const text = r.values.get(fields.text!);
    if (typeof text !== 'string' && typeof text !== 'number') {
      problems.push({ severity: 'warning', message: `This record has no text in "${fields.text}": skipped.`, span: r.span });
      continue;
    }
    const body = String(text);
    if (body.trim() === '') {
      problems.push({ severity: 'info', message: `This record's "${fields.text}" is empty: skipped.`, span: r.span });
      continue;
    }
    const title = scalar(fields.title ? r.values.get(fields.title) : undefined)?.trim() || undefined;
    const date = recordDate(r, fields, problems);
    const facets: Record<string, string> = {};
    for (const [name, value] of r.values) {
      if (name === fields.text || name === fields.title) continue;
      const s = scalar(value);
      if (s !== undefined && s !== '' && s.length <= MAX_FACET) facets[name] = s;
    }
    records.push({ number: r.number, text: body, title, date, facets, span: r.span });
    if (i % RECORDS_PER_STEP === RECORDS_PER_STEP - 1) yield;
  }
  return { records, problems, fields };
}

function guessField(names: readonly string[], guesses: readonly string[]): string | undefined {
  for (const g of guesses) if (names.includes(g)) return g;
  for (const g of guesses) {
    const found = names.find((n) => n.toLowerCase() === g.toLowerCase());
    if (found) return found;
  }
  return undefined;
}

/** The field with the longest string values, when they are long enough to be texts (50 characters on average). */
function longestField(sample: readonly RawRecord[], names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestLength = 0;
  for (const name of names) {
    let total = 0;
    for (const r of sample) {
      const v = r.values.get(name);
      if (typeof v === 'string') total += v.length;
    }
    if (total > bestLength) {
      best = name;
      bestLength = total;
    }
  }
  return best !== undefined && bestLength / Math.max(1, sample.length) >= 50 ? best : undefined;
}

function recordDate(r: RawRecord, fields: DatasetFields, problems: ReadProblem[]): RawDate | undefined {
  for (const role of ['date', 'year'] as const) {
    const name = fields[role];
    const value = name ? r.values.get(name) : undefined;
    if (value === undefined || value === null || value === '') continue;
    const parsed = parseDateValue(value);
    if (parsed) return parsed;
    problems.push({ severity: 'info', message: `"${String(scalar(value))}" in "${name}" is not a date this reader knows (2020-01-03, 2020年1月3日, 2020): the record is dated from its text.`, span: r.span });
  }
  return undefined;
}

/** A field's value as text: strings, numbers and booleans as written, a list of those joined by `; `. */
function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join('; ');
  return undefined;
}

// ---- a record as a document ---------------------------------------------------------------------

/** What the index keeps beside a record's text. */
export function recordMetadata(dataset: string, r: DatasetRecord): RecordMetadata {
  return { dataset, title: r.title, date: r.date, facets: r.facets };
}

/**
 * A record's reading as the one document it is: the reader's reading of its text (sections, a
 * date the text states, its kind) under the record's title, date and facets. Documents the reader
 * found after the first become sections with their own sections inside.
 */
export function asRecordDocument(parsed: ParsedFile, text: string, metadata: RecordMetadata): ParsedFile {
  const [first, ...rest] = parsed.meetings;
  const lead = firstLine(text);
  const titled = first && !first.untitled;
  const title = metadata.title ?? (titled ? first.title : firstWords(text.slice(lead.start, lead.end)));
  const sections: Section[] = [...(first?.sections ?? [])];
  for (const m of rest) {
    sections.push({ kind: 'heading', name: m.title, marker: '', nameSpan: m.titleSpan, span: m.span, children: m.sections });
  }
  const meeting: Meeting = {
    title,
    titleSpan: titled ? first.titleSpan : lead,
    date: { iso: null, source: 'none', span: first?.date.span },
    kind: first?.kind ?? 'other',
    span: { start: 0, end: text.length },
    sections,
    rawDate: first?.rawDate,
    metadataDate: metadata.date,
    facets: metadata.facets,
  };
  if (!metadata.title && !titled) meeting.untitled = true;
  // The reader's note that the text has no title line says nothing when the record gives one.
  const problems = metadata.title ? parsed.problems.filter((p) => !(p.severity === 'info' && /^no title/.test(p.message))) : parsed.problems;
  return { meetings: [meeting], problems };
}

/** The first non-blank line's trimmed span (empty at 0 when there is none). */
function firstLine(text: string): Span {
  const m = /\S[^\n\r]*/u.exec(text);
  if (!m) return { start: 0, end: 0 };
  let end = m.index + m[0].length;
  while (end > m.index && /\s/.test(text[end - 1])) end--;
  return { start: m.index, end };
}

function firstWords(line: string): string {
  const clause = line.split(/[。！？!?]/)[0].trim();
  return clause.length > 30 ? clause.slice(0, 30) + '…' : clause || 'untitled';
}

// ---- import as text files -----------------------------------------------------------------------

/**
 * The YAML library, loaded by the first import (as the glossary loads it): reading a corpus never
 * needs it here.
 */
let yamlLibrary: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlLibrary ??= require('yaml') as typeof import('yaml');
  return yamlLibrary;
}

export interface ImportedText {
  /** A file name (no folder), unique among the plan's and the existing names. */
  name: string;
  text: string;
}

/**
 * Each record as a `.txt` file: a YAML front matter block (title, date or year, then the other
 * fields) and the text. Names come from the date and the title; a name already taken (in
 * `existing`, any case, or by an earlier record) gets `-2`, `-3`… so nothing is ever overwritten.
 */
export function importPlan(records: readonly DatasetRecord[], existing: Iterable<string> = []): ImportedText[] {
  const taken = new Set([...existing].map((n) => n.toLowerCase()));
  return records.map((r) => {
    const front: Record<string, unknown> = {};
    if (r.title !== undefined) front.title = r.title;
    const date = r.date ? isoPrefix(r.date) : undefined;
    if (r.date?.month !== undefined) front.date = date;
    else if (r.date) front.year = r.date.year;
    for (const [k, v] of Object.entries(r.facets)) {
      if (k in front) continue;
      // Numbers were numbers in the record (or a CSV cell): written as numbers again, not quoted.
      front[k] = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/.test(v) ? Number(v) : v;
    }
    const head = Object.keys(front).length > 0 ? `---\n${yaml().stringify(front, { lineWidth: 0 })}---\n` : '';
    const lead = firstLine(r.text);
    const base = safeFileName([date, r.title ?? firstWords(r.text.slice(lead.start, lead.end))].filter(Boolean).join(' ')) || `record-${r.number}`;
    let name = `${base}.txt`;
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base}-${k}.txt`;
    taken.add(name.toLowerCase());
    return { name, text: head + (r.text.endsWith('\n') ? r.text : r.text + '\n') };
  });
}

function isoPrefix(d: RawDate): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return [String(d.year).padStart(4, '0'), d.month !== undefined ? p(d.month) : undefined, d.month !== undefined && d.day !== undefined ? p(d.day) : undefined].filter(Boolean).join('-');
}

/** A file name from a title: no path separators, reserved or control characters; at most 80 characters. */
function safeFileName(s: string): string {
  const cleaned = s
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  return [...cleaned].slice(0, 80).join('').trim();
}
