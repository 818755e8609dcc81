// The glossary: a YAML file of policy terms a person edits by hand.
// Parsing never throws. A file with a syntax error yields `fatal: true`, and the caller keeps the
// last good version of that file; entry-level errors drop only the faulty entry or alias.

import type { YAMLMap, Node as YamlNode, Scalar } from 'yaml';
import { Span, ProblemSeverity } from './model';

/**
 * The YAML library, loaded by the first parse: a start whose glossaries all come from the parse
 * cache never needs it (setting up its modules cost a warm start 4–7 ms of its ~270 ms).
 */
let yamlLibrary: typeof import('yaml') | undefined;
function yaml(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlLibrary ??= require('yaml') as typeof import('yaml');
  return yamlLibrary;
}

export const GLOSSARY_CATEGORIES = [
  'numbered-formula',
  'slogan',
  'body',
  'mechanism',
  'policy',
  'campaign',
  'document',
  'law',
  'place-group',
  'concept',
  'event',
  'public-health',
] as const;
export type GlossaryCategory = (typeof GLOSSARY_CATEGORIES)[number];

const ENTRY_KEYS = new Set(['term', 'aliases', 'category', 'gloss', 'zh', 'en', 'introduced', 'source', 'history', 'parts', 'see', 'unattested']);
const DATE_PATTERN = /^\d{4}(-\d{2}(-\d{2})?)?$/;

export interface GlossaryEntry {
  term: string;
  aliases: string[];
  category: GlossaryCategory;
  gloss: string;
  zh: string;
  en: string;
  introduced?: { date?: string; by?: string };
  /** Where the entry's facts can be checked (a document, a report, an official publication): the YAML key `source`. */
  reference?: string;
  /** How the wording changed over time, oldest first. */
  history: GlossaryChange[];
  parts: string[];
  see: string[];
  /**
   * Known not to occur in the bundled texts (the seed, the government work reports), and kept
   * because it is a major term of the era: the glossary evidence check (scripts/glossaryEvidence.ts)
   * then does not ask for an occurrence, and fails if one turns up.
   */
  unattested?: boolean;
  /** Where the entry is written: the glossary file and the span of its `term:` value. */
  source: { path: string; span: Span; entrySpan: Span };
}

export interface GlossaryChange {
  date: string;
  zh?: string;
  en?: string;
}

export interface GlossaryProblem {
  severity: ProblemSeverity;
  message: string;
  span: Span;
}

export interface GlossaryFile {
  path: string;
  entries: GlossaryEntry[];
  problems: GlossaryProblem[];
  /** The file could not be parsed at all; callers keep the last good version. */
  fatal: boolean;
}

function spanOf(node: YamlNode | null | undefined, fallback: Span): Span {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

function scalarString(node: unknown): string | undefined {
  if (yaml().isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) {
    return String(node.value).trim();
  }
  return undefined;
}

export function parseGlossary(text: string, path: string): GlossaryFile {
  const problems: GlossaryProblem[] = [];
  const whole: Span = { start: 0, end: Math.min(text.length, 1) };
  try {
    const doc = yaml().parseDocument(text, { prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      // One mistake (an unclosed bracket) makes the YAML parser report a cascade of errors after it.
      // The first is the one to fix; the rest are counted in its message, not listed.
      const [e] = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0]);
      const more = doc.errors.length - 1;
      const tail = more > 0 ? ` (and ${more} more error${more === 1 ? '' : 's'} after it, which may follow from this one)` : '';
      problems.push({ severity: 'error', message: `YAML syntax error: ${firstLine(e.message)}${tail}`, span: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) } });
      return { path, entries: [], problems, fatal: true };
    }
    const root = doc.contents;
    if (root === null || root === undefined) {
      return { path, entries: [], problems, fatal: false };
    }
    if (!yaml().isMap(root)) {
      problems.push({ severity: 'error', message: 'A glossary is a mapping with a `terms:` list.', span: spanOf(root as YamlNode, whole) });
      return { path, entries: [], problems, fatal: true };
    }
    const terms = root.get('terms', true);
    if (terms === undefined || terms === null) {
      problems.push({ severity: 'warning', message: 'No `terms:` list in this glossary.', span: spanOf(root, whole) });
      return { path, entries: [], problems, fatal: false };
    }
    if (!yaml().isSeq(terms)) {
      problems.push({ severity: 'error', message: '`terms:` must be a list of entries.', span: spanOf(terms as YamlNode, whole) });
      return { path, entries: [], problems, fatal: true };
    }
    const read: ReadEntry[] = [];
    for (const item of terms.items) {
      const r = readEntry(item as YamlNode, path, problems, whole);
      if (r) read.push(r);
    }
    return { path, entries: checkClaims(read, problems), problems, fatal: false };
  } catch (err) {
    problems.push({ severity: 'error', message: `The glossary could not be read: ${String(err)}`, span: whole });
    return { path, entries: [], problems, fatal: true };
  }
}

interface ReadEntry {
  entry: GlossaryEntry;
  aliasSpans: Map<string, Span>;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

function readStringList(map: YAMLMap, key: string, problems: GlossaryProblem[], fallback: Span): { value: string; span: Span }[] {
  const node = map.get(key, true) as YamlNode | undefined;
  if (node === undefined || node === null) return [];
  if (yaml().isScalar(node) && (node.value === null || node.value === '')) return [];
  if (!yaml().isSeq(node)) {
    problems.push({ severity: 'error', message: `\`${key}\` must be a list, e.g. [${key === 'aliases' ? '别名' : '项目'}].`, span: spanOf(node, fallback) });
    return [];
  }
  const out: { value: string; span: Span }[] = [];
  for (const it of node.items) {
    const s = scalarString(it);
    const span = spanOf(it as YamlNode, fallback);
    if (s === undefined) {
      problems.push({ severity: 'error', message: `Each item of \`${key}\` must be text.`, span });
      continue;
    }
    out.push({ value: s, span });
  }
  return out;
}

function readEntry(item: YamlNode, path: string, problems: GlossaryProblem[], whole: Span): ReadEntry | undefined {
  const entrySpan = spanOf(item, whole);
  if (!yaml().isMap(item)) {
    problems.push({ severity: 'error', message: 'Each entry is a mapping that starts with `term:`.', span: entrySpan });
    return undefined;
  }
  for (const pair of item.items) {
    const key = scalarString(pair.key);
    if (key !== undefined && !ENTRY_KEYS.has(key)) {
      problems.push({ severity: 'warning', message: `Unknown key \`${key}\` (known: ${[...ENTRY_KEYS].join(', ')}).`, span: spanOf(pair.key as YamlNode, entrySpan) });
    }
  }
  const termNode = item.get('term', true) as Scalar | undefined;
  const term = scalarString(termNode);
  const termSpan = spanOf(termNode, entrySpan);
  if (term === undefined || term === '') {
    problems.push({ severity: 'error', message: 'Entry has an empty or missing `term`.', span: termNode ? termSpan : entrySpan });
    return undefined;
  }
  if ([...term].length < 2) {
    problems.push({ severity: 'error', message: `Term 「${term}」 has one character; terms need at least two.`, span: termSpan });
    return undefined;
  }
  const text = (key: string): { value?: string; span: Span } => {
    const n = item.get(key, true) as YamlNode | undefined;
    return { value: scalarString(n), span: spanOf(n, termSpan) };
  };
  const zh = text('zh');
  const en = text('en');
  const gloss = text('gloss');
  const category = text('category');
  let ok = true;
  if (!zh.value && !en.value) {
    problems.push({ severity: 'error', message: `「${term}」 has no definition: give \`zh:\` and \`en:\`.`, span: termSpan });
    ok = false;
  } else {
    if (!zh.value) problems.push({ severity: 'warning', message: `「${term}」 has no Chinese definition (\`zh:\`).`, span: termSpan });
    if (!en.value) problems.push({ severity: 'warning', message: `「${term}」 has no English definition (\`en:\`).`, span: termSpan });
  }
  if (!gloss.value) problems.push({ severity: 'warning', message: `「${term}」 has no English gloss (\`gloss:\`).`, span: termSpan });
  let cat: GlossaryCategory = 'concept';
  if (!category.value) {
    problems.push({ severity: 'warning', message: `「${term}」 has no \`category\`; treated as concept.`, span: termSpan });
  } else if (!(GLOSSARY_CATEGORIES as readonly string[]).includes(category.value)) {
    problems.push({ severity: 'warning', message: `Unknown category \`${category.value}\` (one of: ${GLOSSARY_CATEGORIES.join(', ')}).`, span: category.span });
  } else {
    cat = category.value as GlossaryCategory;
  }
  const aliases: string[] = [];
  const aliasSpans = new Map<string, Span>();
  for (const a of readStringList(item, 'aliases', problems, termSpan)) {
    aliasSpans.set(a.value, a.span);
    if ([...a.value].length < 2) {
      problems.push({ severity: 'error', message: `Alias 「${a.value}」 of 「${term}」 is too short; aliases need at least two characters.`, span: a.span });
    } else if (a.value !== term && !aliases.includes(a.value)) {
      aliases.push(a.value);
    }
  }
  const parts = readStringList(item, 'parts', problems, termSpan)
    .filter((p) => {
      if ([...p.value].length < 2) {
        problems.push({ severity: 'error', message: `Part 「${p.value}」 of 「${term}」 is too short.`, span: p.span });
        return false;
      }
      return true;
    })
    .map((p) => p.value);
  const see = readStringList(item, 'see', problems, termSpan).map((s) => s.value);
  let introduced: GlossaryEntry['introduced'];
  const introNode = item.get('introduced', true) as YamlNode | undefined;
  if (introNode !== undefined && introNode !== null) {
    if (yaml().isMap(introNode)) {
      const dateNode = introNode.get('date', true) as YamlNode | undefined;
      const date = scalarString(dateNode);
      const by = scalarString(introNode.get('by', true));
      if (date !== undefined && !DATE_PATTERN.test(date)) {
        problems.push({ severity: 'warning', message: `\`introduced.date\` should be YYYY, YYYY-MM or YYYY-MM-DD, not "${date}".`, span: spanOf(dateNode, termSpan) });
      }
      introduced = { date, by };
    } else {
      problems.push({ severity: 'warning', message: '`introduced` is a mapping with `date:` and `by:`.', span: spanOf(introNode, termSpan) });
    }
  }
  const history = readHistory(item, problems, termSpan);
  const reference = text('source').value || undefined;
  const unattestedNode = item.get('unattested', true) as YamlNode | undefined;
  let unattested: boolean | undefined;
  if (unattestedNode !== undefined && unattestedNode !== null) {
    if (yaml().isScalar(unattestedNode) && typeof unattestedNode.value === 'boolean') unattested = unattestedNode.value || undefined;
    else problems.push({ severity: 'warning', message: '`unattested` is true or false.', span: spanOf(unattestedNode, termSpan) });
  }
  if (!ok) return undefined;
  const entry: GlossaryEntry = {
    term,
    aliases,
    category: cat,
    gloss: gloss.value ?? '',
    zh: zh.value ?? '',
    en: en.value ?? '',
    introduced,
    reference,
    history,
    parts,
    see,
    ...(unattested ? { unattested } : {}),
    source: { path, span: termSpan, entrySpan },
  };
  return { entry, aliasSpans };
}

function readHistory(item: YAMLMap, problems: GlossaryProblem[], termSpan: Span): GlossaryChange[] {
  const node = item.get('history', true) as YamlNode | undefined;
  if (node === undefined || node === null) return [];
  if (!yaml().isSeq(node)) {
    problems.push({ severity: 'warning', message: '`history` is a list of `{date, zh, en}` changes.', span: spanOf(node, termSpan) });
    return [];
  }
  const out: GlossaryChange[] = [];
  for (const it of node.items) {
    const span = spanOf(it as YamlNode, termSpan);
    if (!yaml().isMap(it)) {
      problems.push({ severity: 'warning', message: 'Each `history` item is a mapping with `date:`, `zh:` and `en:`.', span });
      continue;
    }
    const date = scalarString(it.get('date', true));
    if (date === undefined || !DATE_PATTERN.test(date)) {
      problems.push({ severity: 'warning', message: '`history` items need a `date:` of YYYY, YYYY-MM or YYYY-MM-DD.', span });
      continue;
    }
    out.push({ date, zh: scalarString(it.get('zh', true)), en: scalarString(it.get('en', true)) });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** A form (term or alias) may belong to one entry only; later claims are dropped with an error. */
function checkClaims(read: ReadEntry[], problems: GlossaryProblem[]): GlossaryEntry[] {
  const owner = new Map<string, GlossaryEntry>();
  const kept: ReadEntry[] = [];
  for (const r of read) {
    const e = r.entry;
    const prev = owner.get(e.term);
    if (prev) {
      const what = prev.term === e.term ? 'is defined twice' : `is already an alias of 「${prev.term}」`;
      problems.push({ severity: 'error', message: `「${e.term}」 ${what}; this entry is ignored.`, span: e.source.span });
      continue;
    }
    owner.set(e.term, e);
    kept.push(r);
  }
  for (const { entry: e, aliasSpans } of kept) {
    e.aliases = e.aliases.filter((a) => {
      const prev = owner.get(a);
      if (prev && prev !== e) {
        const span = aliasSpans.get(a) ?? e.source.span;
        const what = prev.term === a ? 'is itself a term' : `is already an alias of 「${prev.term}」`;
        problems.push({ severity: 'error', message: `Alias 「${a}」 of 「${e.term}」 ${what}; an alias may belong to one entry only.`, span });
        return false;
      }
      owner.set(a, e);
      return true;
    });
  }
  const entries = kept.map((r) => r.entry);
  for (const e of entries) {
    for (const s of e.see) {
      if (!owner.has(s)) {
        problems.push({ severity: 'warning', message: `\`see\` names 「${s}」, which is not in this glossary.`, span: e.source.span });
      }
    }
  }
  return entries;
}

/** Several glossary files merged: later files override earlier ones entry by entry (by term). */
export class Glossary {
  readonly entries: GlossaryEntry[];
  private readonly byForm = new Map<string, GlossaryEntry>();

  constructor(files: readonly GlossaryFile[]) {
    const byTerm = new Map<string, GlossaryEntry>();
    for (const f of files) for (const e of f.entries) byTerm.set(e.term, e);
    this.entries = [...byTerm.values()];
    // Terms claim their own form first, so an overriding file's alias can't hide another entry's term.
    for (const e of this.entries) this.byForm.set(e.term, e);
    for (const e of this.entries) for (const a of e.aliases) if (!this.byForm.has(a)) this.byForm.set(a, e);
  }

  static empty(): Glossary {
    return new Glossary([]);
  }

  entry(form: string): GlossaryEntry | undefined {
    return this.byForm.get(form);
  }

  /** Every term and alias, for the segmenter's dictionary and the term matcher. */
  forms(): string[] {
    return [...this.byForm.keys()];
  }
}
