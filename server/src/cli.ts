#!/usr/bin/env node
// `corpus-study`: the study views on the command line, for people who work in R, pandas or a shell.
// It builds the same index as the language server, in-process, and prints text or CSV.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CorpusIndex } from './core/corpusIndex';
import { Glossary, GlossaryFile, parseGlossary } from './core/glossary';
import { JiebaSegmenter } from './core/segmenter';
import { DEFAULT_MAX_CANDIDATES } from './core/candidateRanking';
import { concordance, ConcordanceRow } from './core/study/concordance';
import { collocates } from './core/study/collocates';
import { distinctiveTerms } from './core/study/distinctive';
import { concordanceCsv, frequencyTable, frequencyTableCsv, frequencyTableLongCsv } from './core/study/frequencyTable';
import { corpusOutline, OutlineSection } from './core/study/outline';
import { toCsv, CsvCell } from './core/study/csv';
import { DEFAULT_SETTINGS, discover, readCorpusFile, readTextFile, toUri } from './workspaceFiles';
import { textOf } from './core/model';

const HELP: Record<string, string> = {
  main: `corpus-study: study a corpus of Chinese meeting texts from the command line

Usage: corpus-study <command> [options]

Commands:
  outline <dir>                meetings by date with their sections
  stats <dir>                  term × meeting frequency table (--csv for a spreadsheet)
  kwic <query> <dir>           concordance (keyword in context)
  collocates <term> <dir>      words within ±N words of a term, with MI, G² and logDice
  distinctive <dir>            the most over-represented words and terms of each meeting
  candidates <dir>             candidate terms not yet in the glossary

<dir> is a folder of .txt files (searched recursively) or one .txt file. The bundled glossary is
always loaded; any glossary.yaml under <dir> and every --glossary FILE are added on top.
Run 'corpus-study <command> --help' for the options of a command.`,
  outline: `Usage: corpus-study outline <dir> [--json]

Lists the meetings in date order, numbered from 1 (the numbers 'distinctive --meeting' takes),
with date, kind and title, and their sections indented below.
  --json        print the outline as JSON`,
  stats: `Usage: corpus-study stats <dir> [--csv] [--long] [--terms A,B,…] [--candidates] [filters]

Counts the mentions of every glossary term (all its forms) in every meeting.
  --csv             CSV, one row per term and one column per meeting (UTF-8 with BOM)
  --long            CSV, one row per term and meeting (term, …, date, title, count, chars, per10k)
  --terms A,B       only these terms or strings, in this order
  --candidates      add the candidate terms
Filters: --kind K[,K…]  --from YYYY-MM-DD  --to YYYY-MM-DD`,
  kwic: `Usage: corpus-study kwic <query> <dir> [--csv] [--width N] [--sort date|left|right] [filters]

Every occurrence of a glossary term (all its forms) or of any string, with its context.
  --csv             CSV (UTF-8 with BOM): date, title, meeting_kind, uri, meeting_index, line, character, left, hit, right, left_word, right_word
  --width N         characters of context on each side (default 30)
  --sort S          date (default), left or right (by the segmented word next to the hit)
  --match M         auto (default: a term if the query is one), string, word
  --limit N         at most N rows
Filters: --kind K[,K…]  --from YYYY-MM-DD  --to YYYY-MM-DD`,
  collocates: `Usage: corpus-study collocates <term> <dir> [--window N] [--sort S] [--min N] [--limit N] [--csv]

Words within ±N segmented words of each hit, with frequency, MI, G² (log-likelihood) and logDice.
  --window N        words on each side (default 5)
  --sort S          g2 (default), mi, logDice or freq
  --min N           least co-occurrence count (default 2)
  --limit N         rows (default 30; 0 for all)
  --stopwords       keep stopwords and one-character words
  --csv             CSV (UTF-8 with BOM)`,
  distinctive: `Usage: corpus-study distinctive <dir> [--meeting N] [--limit N] [--min N] [--sort g2|logRatio] [--csv]

For each meeting (or only meeting N, numbered as in 'outline'), the words and glossary terms most
over-represented in it against the rest of the corpus: G² (significance) and log ratio (effect size).
  --meeting N       one meeting, numbered from 1 in date order
  --limit N         rows per meeting (default 10; 50 with --meeting)
  --min N           least count in the meeting (default 3)
  --sort S          g2 (default) or logRatio
  --csv             CSV (UTF-8 with BOM)`,
  candidates: `Usage: corpus-study candidates <dir> [--max N] [--csv]

Candidate policy terms found from the shape of the text (numbered formulas, quoted phrases,
parallel lists) that the glossary does not define, the most term-like first: spread over
meetings and months (periods), numbered formulas and quoted phrases ahead of list items. count:
the places the shapes found it; meetings, periods: where those are.
  --max N           list the top N (default ${DEFAULT_MAX_CANDIDATES}, as the setting corpusStudy.maxCandidates)
  --csv             CSV (UTF-8 with BOM)`,
};

interface Args {
  positional: string[];
  flags: Map<string, string | true>;
}

const BOOLEAN_FLAGS = new Set(['csv', 'long', 'json', 'help', 'candidates', 'stopwords', 'version']);

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h') flags.set('help', true);
    else if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (inline !== undefined) flags.set(name, inline);
      else if (BOOLEAN_FLAGS.has(name) || i + 1 >= argv.length) flags.set(name, true);
      else flags.set(name, argv[++i]);
    } else positional.push(a);
  }
  return { positional, flags };
}

class UsageError extends Error {}

function flagString(args: Args, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

function flagNumber(args: Args, name: string): number | undefined {
  const v = flagString(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} needs a number, not '${v}'`);
  return n;
}

function filters(args: Args) {
  return {
    kinds: flagString(args, 'kind')?.split(',').filter(Boolean),
    dateFrom: flagString(args, 'from'),
    dateTo: flagString(args, 'to'),
  };
}

// ---- building the index ------------------------------------------------------------------------

function bundledGlossaryPath(): string | undefined {
  // server/out/cli.js (the bundle) and out/server/src/cli.js (tsc output) sit at different depths.
  for (const up of [['..', '..'], ['..', '..', '..']]) {
    const p = path.resolve(__dirname, ...up, 'corpus', 'glossary.yaml');
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

async function buildIndex(target: string, extraGlossaries: string[]): Promise<CorpusIndex> {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`No such file or folder: ${target}`);
  let corpusFiles: string[];
  let glossaries: string[] = [];
  if (stat.isDirectory()) {
    const found = await discover(path.resolve(target), DEFAULT_SETTINGS);
    corpusFiles = found.corpusFiles;
    glossaries = found.glossaryFiles;
  } else {
    corpusFiles = [path.resolve(target)];
  }
  if (corpusFiles.length === 0) throw new UsageError(`No .txt files in ${target}`);
  const index = new CorpusIndex(new JiebaSegmenter());
  const order: string[] = [];
  for (const g of [bundledGlossaryPath(), ...glossaries, ...extraGlossaries]) {
    if (g && !order.includes(path.resolve(g))) order.push(path.resolve(g));
  }
  const parsed: GlossaryFile[] = [];
  for (const g of order) {
    const text = await readTextFile(g);
    if (text === undefined) {
      process.stderr.write(`warning: cannot read glossary ${g}\n`);
      continue;
    }
    const file = parseGlossary(text, toUri(g));
    if (file.fatal) process.stderr.write(`warning: glossary ${g} has a syntax error; skipped\n`);
    else parsed.push(file);
  }
  index.setGlossary(new Glossary(parsed));
  for (const f of corpusFiles) {
    const r = await readCorpusFile(f, DEFAULT_SETTINGS);
    for (const p of r.problems) if (p.severity !== 'info') process.stderr.write(`${p.severity}: ${f}: ${p.message}\n`);
    index.upsertFile({ uri: toUri(f), path: f, text: textOf(r.text), problems: r.problems });
  }
  for (const f of index.unsegmentedFiles()) index.segmentFile(f.uri);
  return index;
}

// ---- text output -------------------------------------------------------------------------------

/** Terminal columns of a string: East Asian wide characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000 ? 2 : 1;
  }
  return w;
}

const padStart = (s: string, width: number) => ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
const padEnd = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

function kwicLine(r: ConcordanceRow, width: number): string {
  const date = r.meeting?.date ?? 'undated   ';
  return `${date}  ${padStart(r.left, width * 2)} 【${r.hit}】 ${r.right}`;
}

let out = '';
const print = (line = '') => {
  out += line + '\n';
};

// ---- commands ----------------------------------------------------------------------------------

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    print(HELP.main);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    print('corpus-study 0.1.0');
    return 0;
  }
  if (!HELP[command] || command === 'main') throw new UsageError(`Unknown command '${command}'. Run 'corpus-study --help'.`);
  const args = parseArgs(rest);
  if (args.flags.has('help')) {
    print(HELP[command]);
    return 0;
  }
  const needs = command === 'kwic' || command === 'collocates' ? 2 : 1;
  if (args.positional.length < needs) throw new UsageError(`Missing arguments.\n\n${HELP[command]}`);
  const dir = args.positional[needs - 1];
  const glossaryFlag = flagString(args, 'glossary');
  const index = await buildIndex(dir, glossaryFlag ? [glossaryFlag] : []);
  const csv = args.flags.has('csv');

  switch (command) {
    case 'outline': {
      const meetings = corpusOutline(index);
      if (args.flags.has('json')) {
        print(JSON.stringify(meetings, null, 2));
        break;
      }
      const section = (s: OutlineSection, depth: number) => {
        print(`${'  '.repeat(depth)}${s.name}`);
        s.children.forEach((c) => section(c, depth + 1));
      };
      meetings.forEach((m, i) => {
        print(`${String(i + 1).padStart(3)}. ${m.date ?? 'undated   '}  ${padEnd(m.kind, 18)} ${m.title}`);
        m.sections.forEach((s) => section(s, 3));
      });
      break;
    }
    case 'stats': {
      const terms = flagString(args, 'terms')?.split(',').filter(Boolean);
      const table = frequencyTable(index, { ...filters(args), terms, includeCandidates: args.flags.has('candidates') });
      if (args.flags.has('long')) out += frequencyTableLongCsv(table);
      else if (csv) out += frequencyTableCsv(table);
      else {
        print(`${table.rows.length} terms × ${table.meetings.length} meetings (counts per meeting in date order)`);
        const w = Math.max(4, ...table.rows.map((r) => displayWidth(r.term)));
        for (const r of table.rows) print(`${padEnd(r.term, w)}  ${String(r.total).padStart(5)}  ${r.counts.map((n) => String(n).padStart(3)).join('')}`);
      }
      break;
    }
    case 'kwic': {
      const query = args.positional[0];
      const width = flagNumber(args, 'width') ?? 30;
      const sort = flagString(args, 'sort');
      if (sort && !['date', 'left', 'right'].includes(sort)) throw new UsageError(`--sort must be date, left or right`);
      const match = flagString(args, 'match');
      if (match && !['auto', 'string', 'word'].includes(match)) throw new UsageError(`--match must be auto, string or word`);
      const c = concordance(index, query, { ...filters(args), width, sort: sort as 'date' | 'left' | 'right' | undefined, match: match as 'auto' | 'string' | 'word' | undefined, limit: flagNumber(args, 'limit') });
      if (csv) {
        out += concordanceCsv(c, (r) => index.file(r.uri)!.lines.positionAt(r.start));
      } else {
        for (const r of c.rows) print(kwicLine(r, width));
        process.stderr.write(`${c.total} hit${c.total === 1 ? '' : 's'} of ${c.term ? `the term ${c.term}` : `'${query}'`}\n`);
      }
      break;
    }
    case 'collocates': {
      const sort = flagString(args, 'sort');
      if (sort && !['freq', 'mi', 'g2', 'logDice'].includes(sort)) throw new UsageError(`--sort must be g2, mi, logDice or freq`);
      const limit = flagNumber(args, 'limit') ?? 30;
      const r = collocates(index, args.positional[0], {
        ...filters(args),
        window: flagNumber(args, 'window'),
        minFrequency: flagNumber(args, 'min'),
        sort: sort as 'freq' | 'mi' | 'g2' | 'logDice' | undefined,
        limit: limit > 0 ? limit : undefined,
        includeStopwords: args.flags.has('stopwords'),
      });
      const rows: CsvCell[][] = r.collocates.map((c) => [c.word, c.freq, c.left, c.right, c.corpusFreq, c.mi, c.g2, c.logDice]);
      const header = ['word', 'freq', 'left', 'right', 'corpus_freq', 'mi', 'g2', 'logdice'];
      if (csv) out += toCsv([header, ...rows]);
      else {
        print(`${r.hits} hits of ${r.term ?? r.query}, window ±${r.window} words`);
        printTable(header, rows);
      }
      break;
    }
    case 'distinctive': {
      const chrono = index.meetingsChronological();
      const n = flagNumber(args, 'meeting');
      if (n !== undefined && (n < 1 || n > chrono.length || !Number.isInteger(n))) throw new UsageError(`--meeting must be 1…${chrono.length} (see 'corpus-study outline')`);
      const picked = n === undefined ? chrono : [chrono[n - 1]];
      const sort = flagString(args, 'sort');
      if (sort && !['g2', 'logRatio'].includes(sort)) throw new UsageError(`--sort must be g2 or logRatio`);
      const header = ['meeting', 'date', 'title', 'rank', 'text', 'kind', 'category', 'count', 'rest', 'rate', 'rest_rate', 'g2', 'log_ratio'];
      const rows: CsvCell[][] = [];
      for (const m of picked) {
        const d = distinctiveTerms(index, m.uri, m.indexInFile, { limit: flagNumber(args, 'limit') ?? (n === undefined ? 10 : 50), minFrequency: flagNumber(args, 'min'), sort: sort as 'g2' | 'logRatio' | undefined })!;
        if (csv) d.items.forEach((it, i) => rows.push([m.rank + 1, m.meeting.date.iso, m.meeting.title, i + 1, it.text, it.kind, it.category, it.count, it.rest, it.rate, it.restRate, it.g2, it.logRatio]));
        else if (n === undefined) print(`${String(m.rank + 1).padStart(3)}. ${m.meeting.date.iso ?? 'undated   '}  ${d.items.map((i) => i.text).join(' · ') || '—'}`);
        else {
          print(`${m.meeting.date.iso ?? 'undated'} ${m.meeting.title}: ${d.tokens} words against ${d.restTokens}`);
          printTable(['text', 'kind', 'count', 'rest', 'g2', 'log_ratio'], d.items.map((it) => [it.text, it.category ?? it.kind, it.count, it.rest, it.g2, it.logRatio]));
        }
      }
      if (csv) out += toCsv([header, ...rows]);
      break;
    }
    case 'candidates': {
      const max = flagNumber(args, 'max');
      if (max !== undefined && !(max >= 0)) throw new UsageError('--max must be a number ≥ 0');
      if (max !== undefined) index.setMaxCandidates(max);
      const ranked = index.candidateTerms();
      process.stderr.write(`${ranked.length} of ${index.candidatesFound()} candidate forms\n`);
      const rows: CsvCell[][] = ranked.map((c) => [c.term.key, c.count, c.meetings, c.periods, Math.round(c.score * 100) / 100, c.reasons.join(' ')]);
      const header = ['term', 'count', 'meetings', 'periods', 'score', 'reasons'];
      if (csv) out += toCsv([header, ...rows]);
      else printTable(header, rows);
      break;
    }
  }
  return 0;
}

function printTable(header: string[], rows: CsvCell[][]): void {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  for (const r of cells) print(r.map((c, i) => (i === 0 ? padEnd(c, widths[i]) : padStart(c, widths[i]))).join('  ').trimEnd());
}

function flush(): Promise<void> {
  return new Promise((resolve) => {
    if (out.length === 0) return resolve();
    process.stdout.write(out, () => resolve());
  });
}

// A closed pipe (`| head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

run(process.argv.slice(2)).then(
  async (code) => {
    await flush();
    process.exitCode = code;
  },
  async (e) => {
    await flush();
    process.stderr.write(`corpus-study: ${e instanceof UsageError ? e.message : (e as Error).stack ?? e}\n`);
    process.exitCode = e instanceof UsageError ? 2 : 1;
  },
);
