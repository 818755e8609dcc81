// The corpus-study command line (server/out/cli.js) on the seed corpus folder.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from './lspClient';
import { CORPUS, seedText } from './fixtures';

const CLI = path.join(REPO, 'server', 'out', 'cli.js');
const run = (...args: string[]) => {
  // English whatever the shell's locale (the CLI follows LC_ALL / LC_MESSAGES / LANG).
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: REPO, env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const count = (text: string, s: string) => text.split(s).length - 1;

describe('corpus-study CLI on corpus/', function () {
  this.timeout(60000);
  const text = seedText();

  it('kwic prints one aligned line per occurrence (24 for 联防联控)', () => {
    const r = run('kwic', '联防联控', CORPUS);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n').filter(Boolean);
    assert.equal(lines.length, count(text, '联防联控'));
    assert.equal(lines.length, 24);
    assert.ok(lines.every((l) => /^2020-\d\d-\d\d  .*【联防联控】/.test(l)));
    assert.match(r.err, /24 hits/);
  });

  it('kwic --csv writes RFC 4180 CSV behind a UTF-8 BOM, with line and column of each hit', () => {
    const r = run('kwic', '联防联控', CORPUS, '--csv', '--width', '10');
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.startsWith('\uFEFFdate,title,'));
    const records = r.out.slice(1).split('\r\n').filter(Boolean);
    assert.equal(records.length, 25);
    const lines = text.split('\n');
    for (const rec of records.slice(1)) {
      const f = rec.split(',');
      const line = Number(f[5]);
      const ch = Number(f[6]);
      assert.equal(lines[line - 1].slice(ch - 1, ch - 1 + 4), '联防联控');
    }
  });

  it('stats --csv is the term × meeting table with a BOM and a column per meeting', () => {
    const r = run('stats', CORPUS, '--csv');
    assert.equal(r.code, 0, r.err);
    assert.ok(r.out.startsWith('\uFEFFterm,kind,category,total,2020-01-25 '));
    const records = r.out.slice(1).split('\r\n').filter(Boolean);
    const header = records[0].split(',');
    assert.equal(header.length, 4 + 12);
    const row = records.find((l) => l.startsWith('联防联控,'))!.split(',');
    assert.equal(Number(row[3]), 24);
    assert.equal(row.slice(4).map(Number).reduce((a, b) => a + b, 0), 24);
  });

  it('outline lists the 12 meetings by date; distinctive --meeting 12 puts 脱贫攻坚 first', () => {
    const o = run('outline', CORPUS);
    assert.equal(o.code, 0, o.err);
    const meetings = o.out.split('\n').filter((l) => /^\s*\d+\. \d{4}-/.test(l));
    assert.equal(meetings.length, 12);
    assert.match(meetings[11], /2020-03-06/);
    const d = run('distinctive', CORPUS, '--meeting', '12', '--csv');
    assert.equal(d.code, 0, d.err);
    const rows = d.out.slice(1).split('\r\n').filter(Boolean);
    assert.ok(rows.slice(1, 4).some((l) => l.split(',')[4] === '脱贫攻坚'), rows.slice(0, 4).join('\n'));
  });

  it('compare --meeting 11 sets 4 March against 26 February: 扩大内需 new and first, 人类命运共同体 dropped; --against and --csv', () => {
    const r = run('compare', CORPUS, '--meeting', '11');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.match(lines[0], /^11\. 2020-03-04 /);
    assert.match(lines[1], /^against 9\. 2020-02-26 /);
    assert.ok(lines.some((l) => /^  \* 扩大内需 +term  1\/0$/.test(l)), r.out.slice(0, 500));
    const dropped = lines.indexOf(lines.find((l) => l.startsWith('Dropped'))!);
    const kept = lines.indexOf(lines.find((l) => l.startsWith('Kept'))!);
    assert.ok(lines.slice(dropped, kept).some((l) => l.includes('人类命运共同体')));
    const csv = run('compare', CORPUS, '--meeting', '11', '--against', '1', '--csv');
    assert.equal(csv.code, 0, csv.err);
    const records = csv.out.slice(1).split('\r\n').filter(Boolean);
    assert.equal(records[0], 'rank,text,status,kind,count,against_count,first_in_corpus');
    assert.ok(records.some((l) => /^\d+,复工复产,new,term,9,0,no$/.test(l)), records.slice(0, 5).join('\n'));
    assert.equal(run('compare', CORPUS).code, 2);
    assert.equal(run('compare', CORPUS, '--meeting', '13').code, 2);
  });

  it('collocates and candidates run; --help and bad usage', () => {
    const c = run('collocates', '联防联控', CORPUS, '--csv');
    assert.equal(c.code, 0, c.err);
    assert.ok(c.out.startsWith('\uFEFFword,freq,left,right,corpus_freq,mi,g2,logdice\r\n'));
    assert.match(c.out, /\r\n群防群治,/);
    assert.equal(run('candidates', CORPUS).code, 0);
    const h = run('kwic', '--help');
    assert.equal(h.code, 0);
    assert.match(h.out, /Usage: corpus-study kwic/);
    assert.equal(run('frobnicate', CORPUS).code, 2);
    assert.equal(run('kwic', '联防联控').code, 2);
    assert.equal(run('kwic', '联防联控', path.join(CORPUS, 'missing')).code, 2);
  });
});

describe('corpus-study CLI on a dataset', function () {
  this.timeout(120000);
  const fs = require('node:fs') as typeof import('node:fs');
  const os = require('node:os') as typeof import('node:os');
  let dir: string;
  const dataset = () => path.join(dir, 'records.jsonl');
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-study-cli-'));
    fs.writeFileSync(
      dataset(),
      ['{"title":"甲会议","content":"联防联控。\\n\\n一、部署\\n\\n联防联控机制。","date":"2020-02-03","source":"x"}', '{"broken', '{"title":"乙/会议","content":"没有。","year":2021,"source":"y"}'].join('\n') + '\n',
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads each record as a document, with facets as filters', () => {
    const outline = run('outline', dataset());
    assert.equal(outline.code, 0, outline.err);
    assert.deepEqual(outline.out.split('\n').filter((l) => /^\s*\d+\./.test(l)).map((l) => l.replace(/\s+/g, ' ').trim()), ['1. 2020-02-03 other 甲会议', '2. 2021-01-01 other 乙/会议']);
    assert.match(outline.err, /records\.jsonl:2: warning: Not a JSON record/);
    const kwic = run('kwic', '联防联控', dataset(), '--facet', 'source=y');
    assert.equal(kwic.out.trim(), '');
    assert.match(run('kwic', '联防联控', dataset(), '--facet', 'source=x,y').err, /2 hits/);
  });

  it('import writes one .txt per record with front matter, and never overwrites: a second import adds -2', () => {
    const out = path.join(dir, 'texts');
    const first = run('import', dataset(), '--out', out);
    assert.equal(first.code, 0, first.err);
    assert.match(first.err, /2 of 2 records written/);
    assert.deepEqual(fs.readdirSync(out).sort(), ['2020-02-03 甲会议.txt', '2021 乙 会议.txt']);
    assert.equal(fs.readFileSync(path.join(out, '2020-02-03 甲会议.txt'), 'utf8'), '---\ntitle: 甲会议\ndate: 2020-02-03\nsource: x\n---\n联防联控。\n\n一、部署\n\n联防联控机制。\n');
    assert.equal(fs.readFileSync(path.join(out, '2021 乙 会议.txt'), 'utf8'), '---\ntitle: 乙/会议\nyear: 2021\nsource: y\n---\n没有。\n');
    const again = run('import', dataset(), '--out', out);
    assert.equal(again.code, 0, again.err);
    assert.deepEqual(fs.readdirSync(out).sort(), ['2020-02-03 甲会议-2.txt', '2020-02-03 甲会议.txt', '2021 乙 会议-2.txt', '2021 乙 会议.txt']);
    assert.equal(run('import', dataset()).code, 2);
  });
});
