// npm run glossary-evidence [-- --json] [--glossary FILE] [--check]
//
// The glossary's evidence in the texts at hand: for every entry, how often the seed and the
// government work reports (by decade) use it, and which entries none of them attests. An entry is
// attested when its term or an alias occurs, or, for a formula, when every one of its parts does.
// An entry marked `unattested: true` (a major term of the era that these texts happen not to use)
// is expected not to occur; a mark that an occurrence contradicts is stale.
//
// Counting is the index's: every string occurrence of a form (Aho–Corasick, core/matcher.ts),
// inside longer words too; where a longer form of the same entry covers a shorter one (双循环
// inside its full term), the place counts once.
//
// Exit code 0, or with --check 1 when an entry is neither attested nor marked, or marked and
// attested. The tests (test/unit/glossaryEvidence.test.ts) run the same check.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Glossary, GlossaryEntry, parseGlossary } from '../server/src/core/glossary';
import { TermMatcher } from '../server/src/core/matcher';

/** Texts counted together under one name (the seed; the reports of one decade). */
export interface EvidenceSource {
  name: string;
  texts: string[];
}

export type AttestedBy = 'term' | 'alias' | 'parts';

export interface EntryEvidence {
  term: string;
  category: string;
  /** Places its term or an alias occurs, per source. */
  counts: Record<string, number>;
  total: number;
  /** Of its parts (formulas), how many occur anywhere. */
  partsFound: number;
  parts: number;
  attestedBy: AttestedBy | null;
  /** The glossary's `unattested: true`. */
  marked: boolean;
}

export interface Evidence {
  sources: string[];
  entries: EntryEvidence[];
  /** Attested by nothing, and not marked unattested. */
  unattested: string[];
  /** Marked unattested, and attested. */
  stale: string[];
  /** Marked unattested, and indeed not attested. */
  marked: string[];
}

/** The role a form plays for an entry: its term, an alias, or part `i` of a formula. */
type Role = { entry: number; kind: 'term' | 'alias' } | { entry: number; kind: 'part'; part: number };

export function glossaryEvidence(entries: readonly GlossaryEntry[], sources: readonly EvidenceSource[]): Evidence {
  const roles = new Map<string, Role[]>();
  const add = (form: string, role: Role) => (roles.get(form) ?? roles.set(form, []).get(form)!).push(role);
  entries.forEach((e, entry) => {
    add(e.term, { entry, kind: 'term' });
    for (const a of e.aliases) add(a, { entry, kind: 'alias' });
    e.parts.forEach((p, part) => add(p, { entry, kind: 'part', part }));
  });
  const forms = [...roles.keys()];
  const matcher = new TermMatcher(forms);
  const counts = entries.map(() => new Map<string, number>());
  const termSeen = entries.map(() => false);
  const aliasSeen = entries.map(() => false);
  const partSeen = entries.map((e) => e.parts.map(() => false));
  for (const source of sources) {
    for (const text of source.texts) {
      // Each entry's places in this text: [start, end) of its term and aliases.
      const places = new Map<number, [number, number][]>();
      matcher.scan(text, (pattern, start, end) => {
        for (const r of roles.get(forms[pattern])!) {
          if (r.kind === 'part') partSeen[r.entry][r.part] = true;
          else {
            (r.kind === 'term' ? termSeen : aliasSeen)[r.entry] = true;
            (places.get(r.entry) ?? places.set(r.entry, []).get(r.entry)!).push([start, end]);
          }
        }
      });
      for (const [entry, spans] of places) {
        const c = counts[entry];
        c.set(source.name, (c.get(source.name) ?? 0) + distinctPlaces(spans));
      }
    }
  }
  const out: EntryEvidence[] = entries.map((e, i) => {
    const bySource: Record<string, number> = {};
    for (const s of sources) bySource[s.name] = counts[i].get(s.name) ?? 0;
    const partsFound = partSeen[i].filter(Boolean).length;
    const attestedBy: AttestedBy | null = termSeen[i] ? 'term' : aliasSeen[i] ? 'alias' : e.parts.length > 0 && partsFound === e.parts.length ? 'parts' : null;
    return {
      term: e.term,
      category: e.category,
      counts: bySource,
      total: Object.values(bySource).reduce((a, b) => a + b, 0),
      partsFound,
      parts: e.parts.length,
      attestedBy,
      marked: e.unattested === true,
    };
  });
  return {
    sources: sources.map((s) => s.name),
    entries: out,
    unattested: out.filter((e) => !e.attestedBy && !e.marked).map((e) => e.term),
    stale: out.filter((e) => e.attestedBy && e.marked).map((e) => e.term),
    marked: out.filter((e) => !e.attestedBy && e.marked).map((e) => e.term),
  };
}

/** Places not inside another place of the same entry (an alias inside the full term counts once). */
function distinctPlaces(spans: [number, number][]): number {
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let n = 0;
  let coveredTo = -1;
  for (const [start, end] of spans) {
    if (end <= coveredTo) continue;
    n++;
    coveredTo = Math.max(coveredTo, end);
  }
  return n;
}

// ---- the texts at hand ----------------------------------------------------------------------------

/** The repository root: the nearest folder above this file with a package.json. */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

export const SEED_FILE = path.join('corpus', '000_0e5442cdf73d87c8.txt');
/** Relative to the repository root. */
export const GOV_REPORTS_FILE = path.join('..', 'shared', 'corpora', 'government_work_reports_1954_2025.jsonl');

/**
 * The seed, then the government work reports by decade (`1950s` … `2020s`; records without a year
 * under `no year`). Undefined for the reports when their file is not there.
 */
export function evidenceSources(root = repoRoot()): { sources: EvidenceSource[]; govReports: boolean } {
  const sources: EvidenceSource[] = [{ name: 'seed', texts: [fs.readFileSync(path.join(root, SEED_FILE), 'utf8')] }];
  const file = path.join(root, GOV_REPORTS_FILE);
  if (!fs.existsSync(file)) return { sources, govReports: false };
  const byDecade = new Map<string, string[]>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { title?: string; content?: string; year?: number | string | null };
    const year = r.year === null || r.year === undefined || r.year === '' ? NaN : Number(r.year);
    const decade = Number.isFinite(year) ? `${Math.floor(year / 10) * 10}s` : 'no year';
    (byDecade.get(decade) ?? byDecade.set(decade, []).get(decade)!).push(`${r.title ?? ''}\n\n${r.content ?? ''}`);
  }
  const decades = [...byDecade.keys()].sort((a, b) => (a === 'no year' ? 1 : b === 'no year' ? -1 : a < b ? -1 : 1));
  for (const d of decades) sources.push({ name: d, texts: byDecade.get(d)! });
  return { sources, govReports: true };
}

/** The entries of a glossary file as the extension reads them, with its problems. */
export function readGlossary(file: string): { entries: GlossaryEntry[]; problems: string[] } {
  const parsed = parseGlossary(fs.readFileSync(file, 'utf8'), file);
  return { entries: new Glossary([parsed]).entries, problems: parsed.problems.map((p) => `${p.severity}: ${p.message}`) };
}

// ---- the command ----------------------------------------------------------------------------------

/** Columns of a Chinese table: a Han character is two columns wide. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

/** The widest the term column gets; longer terms are cut with an ellipsis. */
const TERM_COLUMNS = 28;

function clip(s: string, columns: number): string {
  if (width(s) <= columns) return s;
  let out = '';
  for (const ch of s) {
    if (width(out + ch) > columns - 1) break;
    out += ch;
  }
  return out + '…';
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => width(r[i]))));
  return [header, ...rows].map((r) => r.map((c, i) => (i === 0 ? c + ' '.repeat(widths[i] - width(c)) : ' '.repeat(widths[i] - width(c)) + c)).join('  ').trimEnd()).join('\n');
}

function main(argv: string[]): number {
  const flag = (name: string) => argv.includes(`--${name}`);
  const at = argv.indexOf('--glossary');
  const root = repoRoot();
  const glossaryFile = at >= 0 && argv[at + 1] ? path.resolve(argv[at + 1]) : path.join(root, 'corpus', 'glossary.yaml');
  const { entries, problems } = readGlossary(glossaryFile);
  const { sources, govReports } = evidenceSources(root);
  if (!govReports) process.stderr.write(`warning: ${path.join(root, GOV_REPORTS_FILE)} not found: the seed alone is counted\n`);
  for (const p of problems) process.stderr.write(`${glossaryFile}: ${p}\n`);
  const ev = glossaryEvidence(entries, sources);
  if (flag('json')) {
    process.stdout.write(JSON.stringify({ glossary: path.relative(root, glossaryFile), ...ev }) + '\n');
  } else {
    const rows = ev.entries.map((e) => [
      clip(e.term, TERM_COLUMNS),
      ...ev.sources.map((s) => (e.counts[s] ? String(e.counts[s]) : '·')),
      String(e.total),
      e.attestedBy === 'parts' ? `parts ${e.partsFound}/${e.parts}` : (e.attestedBy ?? (e.marked ? 'marked unattested' : 'NONE')) + (!e.attestedBy && e.parts > 0 ? ` (parts ${e.partsFound}/${e.parts})` : ''),
    ]);
    const lines = [table(['term', ...ev.sources, 'total', 'attested by'], rows), ''];
    const attested = ev.entries.filter((e) => e.attestedBy);
    const by = (k: AttestedBy) => attested.filter((e) => e.attestedBy === k).length;
    lines.push(`${ev.entries.length} entries; ${attested.length} attested (${by('term')} by the term, ${by('alias')} by an alias, ${by('parts')} by all their parts); ${ev.marked.length} marked unattested.`);
    lines.push(`Texts: the seed; the government work reports ${govReports ? 'by decade' : '(not found)'}.`);
    // One a line: terms may hold 、 and ，.
    if (ev.unattested.length) lines.push(`Attested by none, and not marked \`unattested: true\` (${ev.unattested.length}):`, ...ev.unattested.map((t) => `  ${t}`));
    if (ev.stale.length) lines.push(`Marked \`unattested: true\` but attested (${ev.stale.length}):`, ...ev.stale.map((t) => `  ${t}`));
    process.stdout.write(lines.join('\n') + '\n');
  }
  return flag('check') && (ev.unattested.length > 0 || ev.stale.length > 0) ? 1 : 0;
}

if (require.main === module) {
  // A closed pipe (`| head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  process.exitCode = main(process.argv.slice(2));
}
