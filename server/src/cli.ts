#!/usr/bin/env node
// `corpus-study`: the study views on the command line, for people who work in R, pandas or a shell.
// It builds the same index as the language server, in-process, and prints text or CSV.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { CorpusIndex } from './core/corpusIndex';
import { Glossary, GlossaryFile, parseGlossary } from './core/glossary';
import { JiebaSegmenter } from './core/segmenter';
import { concordance, ConcordanceRow } from './core/study/concordance';
import { collocates } from './core/study/collocates';
import { distinctiveTerms } from './core/study/distinctive';
import { compare } from './core/study/compare';
import { concordanceCsv, frequencyTable, frequencyTableCsv, frequencyTableLongCsv } from './core/study/frequencyTable';
import { corpusOutline, OutlineSection } from './core/study/outline';
import { toCsv, CsvCell } from './core/study/csv';
import { DEFAULT_SETTINGS, discover, readCorpusFile, readTextFile, toUri } from './workspaceFiles';
import { textOf } from './core/model';
import { COMMANDS, HELP, HelpTopic } from './cliHelp';
import { Language, labelOf, languageFromEnv, languageOf, localizeProblem, MessageKey, translate } from './l10n';

// The language of messages and help: LC_ALL / LC_MESSAGES / LANG, or --lang (see takeLanguage).
let language: Language = languageFromEnv(process.env);
const t = (key: MessageKey, ...args: unknown[]) => translate(language, key, ...args);
import { DatasetFields, importPlan, isDatasetFile } from './core/datasets';
import { readDatasetFile, recordInput } from './datasetFiles';

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
      const value = inline !== undefined ? inline : BOOLEAN_FLAGS.has(name) || i + 1 >= argv.length ? true : argv[++i];
      // --facet may be given more than once: its values are kept, one a line.
      const before = flags.get(name);
      if (name === 'facet' && typeof before === 'string' && typeof value === 'string') flags.set(name, `${before}\n${value}`);
      else flags.set(name, value);
    } else positional.push(a);
  }
  return { positional, flags };
}

class UsageError extends Error {}

/** `--lang en|zh` (or `--lang=…`), anywhere on the line: taken out before the command is read. */
function takeLanguage(argv: string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = a === '--lang' ? argv[++i] : a.startsWith('--lang=') ? a.slice('--lang='.length) : undefined;
    if (value === undefined && a !== '--lang') {
      rest.push(a);
      continue;
    }
    if (value === 'en' || languageOf(value) === 'zh') language = value === 'en' ? 'en' : 'zh';
    else throw new UsageError(t('cli.badLang', value ?? ''));
  }
  return rest;
}

function flagString(args: Args, name: string): string | undefined {
  const v = args.flags.get(name);
  if (v === true) throw new UsageError(t('cli.needsValue', name));
  return v;
}

function flagNumber(args: Args, name: string): number | undefined {
  const v = flagString(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(t('cli.needsNumber', name, v));
  return n;
}

/** "--sort must be g2, mi, logDice or freq" */
function mustBe(name: string, values: string[]): UsageError {
  return new UsageError(t('cli.mustBe', name, `${values.slice(0, -1).join(', ')}${t('cli.or')}${values[values.length - 1]}`));
}

function filters(args: Args) {
  return {
    kinds: flagString(args, 'kind')?.split(',').filter(Boolean),
    dateFrom: flagString(args, 'from'),
    dateTo: flagString(args, 'to'),
    facets: facetFlags(args),
  };
}

/** `--facet year=2020,2021 --facet source=gov`: values by facet name. */
function facetFlags(args: Args): Record<string, string[]> | undefined {
  const given = flagString(args, 'facet');
  if (given === undefined) return undefined;
  const out: Record<string, string[]> = {};
  for (const f of given.split('\n')) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new UsageError(t('cli.facetSyntax', f));
    (out[f.slice(0, eq)] ??= []).push(...f.slice(eq + 1).split(',').filter((v) => v !== ''));
  }
  return out;
}

function datasetFieldFlags(args: Args): DatasetFields {
  const fields: DatasetFields = {};
  for (const role of ['text', 'title', 'date', 'year'] as const) {
    const v = flagString(args, role);
    if (v) fields[role] = v;
  }
  return fields;
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
  if (!stat) throw new UsageError(t('cli.noSuchPath', target));
  let corpusFiles: string[];
  let glossaries: string[] = [];
  if (stat.isDirectory()) {
    const found = await discover(path.resolve(target), DEFAULT_SETTINGS);
    corpusFiles = found.corpusFiles;
    glossaries = found.glossaryFiles;
  } else {
    corpusFiles = [path.resolve(target)];
  }
  if (corpusFiles.length === 0) throw new UsageError(t('cli.noTxt', target));
  const index = new CorpusIndex(new JiebaSegmenter());
  const order: string[] = [];
  for (const g of [bundledGlossaryPath(), ...glossaries, ...extraGlossaries]) {
    if (g && !order.includes(path.resolve(g))) order.push(path.resolve(g));
  }
  const parsed: GlossaryFile[] = [];
  for (const g of order) {
    const text = await readTextFile(g);
    if (text === undefined) {
      process.stderr.write(`${t('cli.glossaryUnreadable', g)}\n`);
      continue;
    }
    const file = parseGlossary(text, toUri(g));
    if (file.fatal) process.stderr.write(`${t('cli.glossarySyntax', g)}\n`);
    else parsed.push(file);
  }
  index.setGlossary(new Glossary(parsed));
  for (const f of corpusFiles) {
    if (isDatasetFile(f)) {
      // One document per record, as the language server reads it.
      const reading = await readDatasetFile(f, DEFAULT_SETTINGS);
      reading.problems.forEach((p, i) => p.severity !== 'info' && process.stderr.write(`${reading.problemLines[i]}\n`));
      for (const r of reading.records) index.upsertFile(recordInput(f, r));
      continue;
    }
    const r = await readCorpusFile(f, DEFAULT_SETTINGS);
    for (const p of r.problems) if (p.severity !== 'info') process.stderr.write(`${t(`severity.${p.severity}`)}: ${f}: ${localizeProblem(language, p.message)}\n`);
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

/** A date column ten wide: the ISO date, or "undated" padded to its width. */
const dateCell = (iso: string | null | undefined) => iso ?? padEnd(t('meeting.undated'), 10);

function kwicLine(r: ConcordanceRow, width: number): string {
  const date = dateCell(r.meeting?.date);
  return `${date}  ${padStart(r.left, width * 2)} 【${r.hit}】 ${r.right}`;
}

let out = '';
const print = (line = '') => {
  out += line + '\n';
};

// ---- commands ----------------------------------------------------------------------------------

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = takeLanguage(argv);
  const help = HELP[language];
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    print(help.main);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    print('corpus-study 0.1.0');
    return 0;
  }
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(t('cli.unknownCommand', command));
  const topic = command as HelpTopic;
  const args = parseArgs(rest);
  if (args.flags.has('help')) {
    print(help[topic]);
    return 0;
  }
  const needs = command === 'kwic' || command === 'collocates' ? 2 : 1;
  if (args.positional.length < needs) throw new UsageError(`${t('cli.missingArguments')}\n\n${help[topic]}`);
  if (command === 'import') return importDataset(args.positional[0], flagString(args, 'out'), datasetFieldFlags(args));
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
        print(`${String(i + 1).padStart(3)}. ${dateCell(m.date)}  ${padEnd(labelOf(language, 'kind', m.kind), 18)} ${m.title}`);
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
        print(t('cli.statsSummary', table.rows.length, table.meetings.length));
        const w = Math.max(4, ...table.rows.map((r) => displayWidth(r.term)));
        for (const r of table.rows) print(`${padEnd(r.term, w)}  ${String(r.total).padStart(5)}  ${r.counts.map((n) => String(n).padStart(3)).join('')}`);
      }
      break;
    }
    case 'kwic': {
      const query = args.positional[0];
      const width = flagNumber(args, 'width') ?? 30;
      const sort = flagString(args, 'sort');
      if (sort && !['date', 'left', 'right'].includes(sort)) throw mustBe('sort', ['date', 'left', 'right']);
      const match = flagString(args, 'match');
      if (match && !['auto', 'string', 'word'].includes(match)) throw mustBe('match', ['auto', 'string', 'word']);
      const c = concordance(index, query, { ...filters(args), width, sort: sort as 'date' | 'left' | 'right' | undefined, match: match as 'auto' | 'string' | 'word' | undefined, limit: flagNumber(args, 'limit') });
      if (csv) {
        out += concordanceCsv(c, (r) => index.file(r.uri)!.lines.positionAt(r.start));
      } else {
        for (const r of c.rows) print(kwicLine(r, width));
        process.stderr.write(`${t(c.total === 1 ? 'cli.kwicHits.one' : 'cli.kwicHits.many', c.total, c.term ? t('cli.theTerm', c.term) : `'${query}'`)}\n`);
      }
      break;
    }
    case 'collocates': {
      const sort = flagString(args, 'sort');
      if (sort && !['freq', 'mi', 'g2', 'logDice'].includes(sort)) throw mustBe('sort', ['g2', 'mi', 'logDice', 'freq']);
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
        print(t('cli.collocatesSummary', r.hits, r.term ?? r.query, r.window));
        printTable(header, rows);
      }
      break;
    }
    case 'distinctive': {
      const chrono = index.meetingsChronological();
      const n = flagNumber(args, 'meeting');
      if (n !== undefined && (n < 1 || n > chrono.length || !Number.isInteger(n))) throw new UsageError(t('cli.meetingRange', chrono.length));
      const picked = n === undefined ? chrono : [chrono[n - 1]];
      const sort = flagString(args, 'sort');
      if (sort && !['g2', 'logRatio'].includes(sort)) throw mustBe('sort', ['g2', 'logRatio']);
      const header = ['meeting', 'date', 'title', 'rank', 'text', 'kind', 'category', 'count', 'rest', 'rate', 'rest_rate', 'g2', 'log_ratio'];
      const rows: CsvCell[][] = [];
      for (const m of picked) {
        const d = distinctiveTerms(index, m.uri, m.indexInFile, { ...filters(args), limit: flagNumber(args, 'limit') ?? (n === undefined ? 10 : 50), minFrequency: flagNumber(args, 'min'), sort: sort as 'g2' | 'logRatio' | undefined })!;
        if (csv) d.items.forEach((it, i) => rows.push([m.rank + 1, m.meeting.date.iso, m.meeting.title, i + 1, it.text, it.kind, it.category, it.count, it.rest, it.rate, it.restRate, it.g2, it.logRatio]));
        else if (n === undefined) print(`${String(m.rank + 1).padStart(3)}. ${dateCell(m.meeting.date.iso)}  ${d.items.map((i) => i.text).join(' · ') || '—'}`);
        else {
          print(t('cli.distinctiveSummary', m.meeting.date.iso ?? t('meeting.undated'), m.meeting.title, d.tokens, d.restTokens));
          printTable(['text', 'kind', 'count', 'rest', 'g2', 'log_ratio'], d.items.map((it) => [it.text, it.category && language === 'zh' ? labelOf(language, 'category', it.category) : (it.category ?? it.kind), it.count, it.rest, it.g2, it.logRatio]));
        }
      }
      if (csv) out += toCsv([header, ...rows]);
      break;
    }
    case 'compare': {
      const chrono = index.meetingsChronological();
      const numbered = (flag: string) => {
        const k = flagNumber(args, flag);
        if (k !== undefined && (k < 1 || k > chrono.length || !Number.isInteger(k))) throw new UsageError(t('cli.meetingRange', chrono.length));
        return k === undefined ? undefined : chrono[k - 1];
      };
      const target = numbered('meeting');
      if (!target) throw new UsageError(`${t('cli.missingArguments')}\n\n${help[topic]}`);
      const c = compare(index, target, numbered('against'));
      const header = ['rank', 'text', 'status', 'kind', 'count', 'against_count', 'first_in_corpus'];
      const rows: CsvCell[][] = c.items.map((i, k) => [k + 1, i.text, i.status, i.kind, i.count, i.againstCount, i.firstInCorpus ? 'yes' : 'no']);
      if (csv) {
        out += toCsv([header, ...rows]);
        break;
      }
      const name = (m: { rank: number; date: string | null; title: string }) => `${m.rank + 1}. ${dateCell(m.date)}  ${m.title}`;
      print(name(c.meeting));
      print(c.against ? t('cli.compareAgainst', name(c.against)) : t('cli.compareNothing'));
      for (const status of ['new', 'dropped', 'kept'] as const) {
        const items = c.items.filter((i) => i.status === status);
        print();
        print(t(`cli.compare.${status}`, items.length));
        for (const i of items) print(`  ${i.firstInCorpus ? '*' : ' '} ${padEnd(i.text, 24)}  ${labelOf(language, 'formulation', i.kind)}  ${i.count}/${i.againstCount}`);
      }
      break;
    }
    case 'candidates': {
      const max = flagNumber(args, 'max');
      if (max !== undefined && !(max >= 0)) throw new UsageError(t('cli.maxRange'));
      if (max !== undefined) index.setMaxCandidates(max);
      const ranked = index.candidateTerms();
      process.stderr.write(`${t('cli.candidatesOf', ranked.length, index.candidatesFound())}\n`);
      const rows: CsvCell[][] = ranked.map((c) => [c.term.key, c.count, c.meetings, c.periods, Math.round(c.score * 100) / 100, c.reasons.join(' ')]);
      const header = ['term', 'count', 'meetings', 'periods', 'score', 'reasons'];
      if (csv) out += toCsv([header, ...rows]);
      else printTable(header, rows);
      break;
    }
  }
  return 0;
}

/**
 * `import`: the records as .txt files in `out`. Each is written with the `wx` flag (fails if the
 * file exists), so a file that appeared since the names were chosen is not overwritten either.
 */
async function importDataset(file: string, out: string | undefined, fields: DatasetFields): Promise<number> {
  if (!out) throw new UsageError(`${t('cli.importNeedsOut')}\n\n${HELP[language].import}`);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new UsageError(t('cli.noSuchFile', file));
  if (!isDatasetFile(file)) throw new UsageError(t('cli.notDataset', file));
  fs.mkdirSync(out, { recursive: true });
  const reading = await readDatasetFile(path.resolve(file), { ...DEFAULT_SETTINGS, datasetFields: fields });
  for (const line of reading.problemLines) process.stderr.write(`${line}\n`);
  const plan = importPlan(reading.records, fs.readdirSync(out));
  let written = 0;
  for (const f of plan) {
    try {
      fs.writeFileSync(path.join(out, f.name), f.text, { flag: 'wx' });
      written++;
    } catch (e) {
      process.stderr.write(`${t('cli.notWritten', f.name, (e as NodeJS.ErrnoException).code === 'EEXIST' ? t('cli.fileExists') : (e as Error).message)}\n`);
    }
  }
  const fieldsRead = Object.entries(reading.fields).filter(([, v]) => v).map(([k, v]) => `${k} ← "${v}"`).join(', ');
  process.stderr.write(`${t('cli.importSummary', written, reading.records.length, out)}${fieldsRead ? ` (${fieldsRead})` : ''}\n`);
  return written === plan.length ? 0 : 1;
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
