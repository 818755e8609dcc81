// The bundled glossary as it is on disk when the tests run (it grows in other branches): it passes
// the schema and the rules the schema cannot state, it is big enough, and every entry occurs in
// the texts at hand (the seed, the government work reports) or says it does not
// (`unattested: true`). The evidence script (scripts/glossaryEvidence.ts) does the counting.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { evidenceSources, glossaryEvidence, readGlossary } from '../../scripts/glossaryEvidence';
import { parseGlossary } from '../../server/src/core/glossary';
import { validate } from './fixtures/tinySchema';

const REPO = path.resolve(__dirname, '..', '..', '..');
const GLOSSARY = path.join(REPO, 'corpus', 'glossary.yaml');
const SCHEMA = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'glossary.schema.json'), 'utf8')) as Record<string, unknown>;

interface RawEntry {
  term: string;
  aliases?: string[];
  see?: string[];
  parts?: string[];
}

/** A list for a failure message, one item a line (terms may hold 、 and ，). */
const listed = (items: string[]) => `${items.length}:\n  ${items.join('\n  ')}`;

describe('the bundled glossary', () => {
  const text = fs.readFileSync(GLOSSARY, 'utf8');
  const data = parse(text) as { terms: RawEntry[] };

  it('passes the schema', () => {
    const errors = validate(SCHEMA, data);
    assert.deepEqual(errors, [], listed(errors));
  });

  it('has at least 600 entries', () => {
    assert.ok(data.terms.length >= 600, `${data.terms.length} entries`);
  });

  it('defines no term twice, claims no alias twice (nor another entry’s term), and names only existing terms in `see`', () => {
    const terms = new Map<string, number>();
    for (const e of data.terms) terms.set(e.term, (terms.get(e.term) ?? 0) + 1);
    const twice = [...terms].filter(([, n]) => n > 1).map(([t]) => t);
    assert.deepEqual(twice, [], `terms defined twice ${listed(twice)}`);
    const owner = new Map<string, string>();
    const claimed: string[] = [];
    for (const e of data.terms) {
      for (const a of e.aliases ?? []) {
        if (a === e.term) continue;
        if (terms.has(a)) claimed.push(`${a}: an alias of 「${e.term}」 and a term`);
        else if (owner.has(a) && owner.get(a) !== e.term) claimed.push(`${a}: an alias of 「${owner.get(a)}」 and of 「${e.term}」`);
        owner.set(a, e.term);
      }
    }
    assert.deepEqual(claimed, [], `aliases claimed twice ${listed(claimed)}`);
    const missing = data.terms.flatMap((e) => (e.see ?? []).filter((s) => !terms.has(s)).map((s) => `「${e.term}」 → 「${s}」`));
    assert.deepEqual(missing, [], `\`see\` targets that are not terms ${listed(missing)}`);
  });

  it('every entry is read by the extension: no entry dropped, no `unattested` that is not true or false', () => {
    const file = parseGlossary(text, GLOSSARY);
    const errors = file.problems.filter((p) => p.severity === 'error' || /unattested/.test(p.message)).map((p) => p.message);
    assert.deepEqual(errors, [], listed(errors));
    assert.equal(file.entries.length, data.terms.length);
  });
});

describe('the glossary evidence', () => {
  const { sources, govReports } = evidenceSources(REPO);
  // Counted once for both checks (a second or two on the reports).
  let evidence: ReturnType<typeof glossaryEvidence> | undefined;
  const evidenceOf = () => (evidence ??= glossaryEvidence(readGlossary(GLOSSARY).entries, sources));

  (govReports ? it : it.skip)('every entry occurs in the seed or the government work reports, or is marked `unattested: true`', function () {
    this.timeout(60000);
    const { unattested } = evidenceOf();
    assert.deepEqual(unattested, [], `entries no text attests: mark each \`unattested: true\` if it is a major term of the era, or fix its term or aliases (npm run glossary-evidence) ${listed(unattested)}`);
  });

  (govReports ? it : it.skip)('no entry marked `unattested: true` occurs (a stale mark)', function () {
    this.timeout(60000);
    const { stale } = evidenceOf();
    assert.deepEqual(stale, [], `marked unattested, but attested: remove the mark ${listed(stale)}`);
  });

  it('counts as the index does: an alias inside its own term once, another entry’s form apart; a formula by all its parts', () => {
    const g = parseGlossary(
      `terms:
  - {term: 国内国际双循环, aliases: [双循环], category: concept, gloss: a, zh: 甲, en: A}
  - {term: 循环经济, category: concept, gloss: b, zh: 乙, en: B}
  - {term: 两个维护, category: numbered-formula, gloss: c, zh: 丙, en: C, parts: [维护核心, 维护权威]}
  - {term: 三个务必, category: numbered-formula, gloss: d, zh: 丁, en: D, parts: [务必谦虚, 务必艰苦, 务必敢于斗争]}
  - {term: 四个伟大, category: numbered-formula, gloss: e, zh: 戊, en: E, unattested: true}
  - {term: 六稳, category: numbered-formula, gloss: f, zh: 己, en: F, unattested: true}
`,
      'g.yaml',
    );
    assert.deepEqual(g.problems, []);
    const ev = glossaryEvidence(g.entries, [
      { name: 'a', texts: ['构建国内国际双循环，畅通双循环。发展循环经济。要维护核心、维护权威。', '做好六稳。'] },
      { name: 'b', texts: ['双循环。务必谦虚，务必艰苦。'] },
    ]);
    const of = (t: string) => ev.entries.find((e) => e.term === t)!;
    assert.deepEqual(of('国内国际双循环').counts, { a: 2, b: 1 });
    assert.equal(of('国内国际双循环').attestedBy, 'term');
    assert.equal(of('循环经济').total, 1);
    assert.equal(of('两个维护').attestedBy, 'parts');
    assert.equal(of('两个维护').total, 0);
    assert.equal(of('三个务必').attestedBy, null);
    assert.equal(of('三个务必').partsFound, 2);
    assert.deepEqual(ev.unattested, ['三个务必']);
    assert.deepEqual(ev.marked, ['四个伟大']);
    assert.deepEqual(ev.stale, ['六稳']);
  });
});
