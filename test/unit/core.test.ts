// The pure core: matcher, positions, glossary parsing, candidates, index queries.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TermMatcher } from '../../server/src/core/matcher';
import { changedStretch, LineIndex, CodePointCursor } from '../../server/src/core/positions';
import { tokensToUtf16 } from '../../server/src/core/segmenter';
import { parseGlossary, Glossary } from '../../server/src/core/glossary';
import { findCandidates } from '../../server/src/core/candidates';
import { CorpusIndex, mentionOrderOf, toMentions } from '../../server/src/core/corpusIndex';
import fc from 'fast-check';
import { JiebaSegmenter } from '../../server/src/core/segmenter';
import { parseDateQuery, searchSymbols } from '../../server/src/core/symbolSearch';
import { globToRegExp } from '../../server/src/core/glob';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SEED = fs.readFileSync(path.join(REPO, 'corpus', '000_0e5442cdf73d87c8.txt'), 'utf8');
const GLOSSARY_TEXT = fs.readFileSync(path.join(REPO, 'corpus', 'glossary.yaml'), 'utf8');
const count = (text: string, s: string) => text.split(s).length - 1;

describe('TermMatcher', () => {
  it('finds overlapping matches and matches inside longer patterns', () => {
    const m = new TermMatcher(['联防联控', '国务院联防联控机制', '联控机']);
    const hits = m.findAll('国务院联防联控机制和联防联控');
    assert.deepEqual(hits.map((h) => [m.patterns[h.pattern], h.start, h.end]), [
      ['国务院联防联控机制', 0, 9],
      ['联防联控', 3, 7],
      ['联控机', 5, 8],
      ['联防联控', 10, 14],
    ]);
  });
  it('counts 联防联控 in the seed like a plain string count', () => {
    const m = new TermMatcher(['联防联控', '国务院联防联控机制']);
    assert.equal(m.findAll(SEED).filter((h) => h.pattern === 0).length, count(SEED, '联防联控'));
  });

  it('finds every occurrence of every pattern, as a search for each pattern would (forks, chains and leaves of the trie)', () => {
    const unit = fc.constantFrom('联', '防', '控', '𠮷', '会');
    const pattern = fc.array(unit, { minLength: 1, maxLength: 5 }).map((u) => u.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(pattern, { minLength: 1, maxLength: 12 }), fc.array(unit, { maxLength: 60 }), (patterns, units) => {
        const text = units.join('');
        const expected: string[] = [];
        patterns.forEach((p, i) => {
          for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) expected.push(`${i}@${at}-${at + p.length}`);
        });
        const found = new TermMatcher(patterns).findAll(text).map((h) => `${h.pattern}@${h.start}-${h.end}`);
        assert.deepEqual(found.sort(), expected.sort());
      }),
      { numRuns: 2000 },
    );
  });

  it('a text scanned piece by piece, each piece from the state the last returned, gives the matches of one scan', () => {
    const m = new TermMatcher(['联防联控', '国务院联防联控机制', '联控机', '𠮷会', '会议', '议会议']);
    const all = (text: string) => {
      const out: string[] = [];
      m.scan(text, (p, s, e) => out.push(`${p}@${s}-${e}`));
      return out;
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom('联', '防', '控', '国务院', '机制', '𠮷', '会', '议', '和'), { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 6 }), (parts, cuts) => {
        const text = parts.join('');
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const out: string[] = [];
        let state = 0;
        let from = 0;
        for (const to of [...at, text.length]) {
          state = m.scanOn(text, state, from, to, (p, s, e) => out.push(`${p}@${s}-${e}`));
          from = to;
        }
        assert.deepEqual(out, all(text));
      }),
    );
  });
});

describe('mention lists', () => {
  /** The definitions: sort by start then longest first, then drop an occurrence inside a kept one of the same term. */
  function reference(term: number[], start: number[], end: number[]): string[] {
    const lastEnd = new Map<number, number>();
    return start
      .map((_, i) => i)
      .sort((a, b) => start[a] - start[b] || end[b] - end[a] || a - b)
      .filter((i) => {
        if ((lastEnd.get(term[i]) ?? -1) >= end[i]) return false;
        lastEnd.set(term[i], end[i]);
        return true;
      })
      .map((i) => `${term[i]}@${start[i]}-${end[i]}`);
  }
  const matches = fc.array(fc.record({ term: fc.nat({ max: 5 }), start: fc.nat({ max: 400 }), length: fc.integer({ min: 1, max: 9 }) }), { maxLength: 300 });

  it('mentions are in order of start, longest first, one per occurrence of a term, whatever order the matches come in', () => {
    fc.assert(
      fc.property(matches, fc.boolean(), (list, asScanned) => {
        // As a scan gives them (by end), or in any order at all (the general sort).
        if (asScanned) list.sort((a, b) => a.start + a.length - (b.start + b.length));
        const unique = [...new Map(list.map((x) => [`${x.term}@${x.start}-${x.length}`, x])).values()];
        const term = unique.map((x) => x.term);
        const start = unique.map((x) => x.start);
        const end = unique.map((x) => x.start + x.length);
        const m = toMentions(term, start, end, 6);
        assert.deepEqual(Array.from(m.term, (t, i) => `${t}@${m.start[i]}-${m.end[i]}`), reference(term, start, end));
      }),
    );
  });

  it('matches far out of order (more than an insertion sort may move) are sorted all the same', () => {
    // Reversed: an insertion sort would move every match past all the others; the general sort takes over.
    const n = 3000;
    const term = Array.from({ length: n }, (_, i) => i % 4);
    const start = Array.from({ length: n }, (_, i) => n - i);
    const end = start.map((s, i) => s + 1 + (i % 3));
    const m = toMentions(term, start, end, 4);
    assert.deepEqual(Array.from(m.term, (t, i) => `${t}@${m.start[i]}-${m.end[i]}`), reference(term, start, end));
  });

  it('the mention order groups mentions by term, each group in offset order', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 7 }), { maxLength: 200 }), (terms) => {
        const term = Int32Array.from(terms);
        const expected = terms.map((_, i) => i).sort((a, b) => terms[a] - terms[b] || a - b);
        assert.deepEqual(Array.from(mentionOrderOf(term, 8)), expected);
      }),
    );
  });
});

describe('positions', () => {
  it('maps offsets to lines with LF, CRLF and CR line ends', () => {
    const li = new LineIndex('a\nb\r\nc\rd');
    assert.deepEqual([0, 2, 5, 7].map((o) => li.positionAt(o)), [
      { line: 0, character: 0 },
      { line: 1, character: 0 },
      { line: 2, character: 0 },
      { line: 3, character: 0 },
    ]);
    assert.equal(li.offsetAt({ line: 1, character: 99 }), 3, 'clamped to the end of the line, before CRLF');
  });
  it('line starts, found by searching for line ends, are those of a character-by-character scan (CR, LF, CRLF, 𠮷)', () => {
    const scan = (t: string) => {
      const starts = [0];
      for (let i = 0; i < t.length; i++) {
        if (t[i] === '\r' && t[i + 1] === '\n') i++;
        if (t[i] === '\r' || t[i] === '\n') starts.push(i + 1);
      }
      return starts;
    };
    const piece = fc.constantFrom('a', '\r', '\n', '\r\n', '\n\r', '𠮷', '中', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const t = pieces.join('');
        assert.deepEqual(Array.from(new LineIndex(t).lineStarts), scan(t), JSON.stringify(t));
      }),
      { numRuns: 3000 },
    );
  });
  it('finds where two texts differ as a character-by-character comparison does, in long texts too', () => {
    const naive = (a: string, b: string) => {
      const max = Math.min(a.length, b.length);
      let p = 0;
      while (p < max && a[p] === b[p]) p++;
      let s = 0;
      while (s < max - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
      return { start: p, oldEnd: a.length - s, delta: b.length - a.length };
    };
    const long = '会议强调𠮷\r\n'.repeat(40000);
    fc.assert(
      fc.property(fc.constantFrom('', 'ab', long.slice(0, 5000), long), fc.nat(), fc.nat({ max: 70000 }), fc.string({ maxLength: 4 }), (text, at, del, insert) => {
        const from = at % (text.length + 1);
        const next = text.slice(0, from) + insert + text.slice(from + del);
        assert.deepEqual(changedStretch(text, next), naive(text, next));
      }),
      { numRuns: 300 },
    );
  });
  it('after an edit, line starts made from the previous ones equal those of the new text (CR, LF, CRLF split and joined)', () => {
    const piece = fc.constantFrom('a', '\r', '\n', '\r\n', '𠮷', '中', '');
    const text = fc.array(piece, { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 6 }), insert: text }), { minLength: 1, maxLength: 5 }), (start, edits) => {
        let t = start;
        let li = new LineIndex(t);
        for (const e of edits) {
          const at = e.at % (t.length + 1);
          const next = t.slice(0, at) + e.insert + t.slice(Math.min(t.length, at + e.del));
          li = LineIndex.afterEdit(li, next, changedStretch(t, next));
          assert.deepEqual(Array.from(li.lineStarts), Array.from(new LineIndex(next).lineStarts), JSON.stringify([t, next]));
          t = next;
        }
      }),
      { numRuns: 2000 },
    );
  });
  it('converts jieba code points to UTF-16 after a character outside the BMP', () => {
    const text = '𠮷四个意识';
    const c = new CodePointCursor(text);
    assert.equal(c.toUtf16(1), 2);
    assert.equal(c.toUtf16(5), 6);
    const t = tokensToUtf16(text, [
      { word: '𠮷', start: 0, end: 1 },
      { word: '四个意识', start: 1, end: 5 },
    ]);
    assert.deepEqual([...t.starts], [0, 2]);
    assert.deepEqual([...t.ends], [2, 6]);
  });
  it('segments with glossary words kept whole, offsets in UTF-16', () => {
    const seg = new JiebaSegmenter();
    seg.addWords(['四个意识']);
    const text = '𠮷😀增强四个意识';
    const t = seg.segment(text);
    const words = [...t.starts].map((s, i) => text.slice(s, t.ends[i]));
    assert.ok(words.includes('四个意识'), words.join('/'));
  });
});

describe('glossary', () => {
  it('the bundled glossary loads without a single diagnostic', () => {
    const g = parseGlossary(GLOSSARY_TEXT, 'glossary.yaml');
    assert.deepEqual(g.problems, []);
    assert.ok(g.entries.length >= 80, `${g.entries.length} entries`);
  });
  it('reports errors at the right place and keeps the rest', () => {
    const text = [
      'version: 1',
      'terms:',
      '  - term: 六稳',
      '    category: numbered-formula',
      '    gloss: Six Stabilities',
      '    zh: 稳就业等。',
      '    en: Stable employment and more.',
      '  - term: 稳',
      '    zh: 一个字。',
      '    en: One character.',
      '  - term: 复工复产',
      '    aliases: [六稳]',
      '    category: campaign',
      '    gloss: resumption',
      '    zh: 复工。',
      '    en: Resumption.',
      '  - term: 没有定义',
      '    category: concept',
      '    gloss: none',
    ].join('\n');
    const g = parseGlossary(text, 'g.yaml');
    const lines = new LineIndex(text);
    const at = (needle: string) => g.problems.find((p) => lines.positionAt(p.span.start).line === text.split('\n').findIndex((l) => l.includes(needle)));
    assert.ok(at('term: 稳')?.message.includes('one character'));
    assert.ok(at('aliases: [六稳]')?.message.includes('alias'));
    assert.ok(at('term: 没有定义')?.message.includes('no definition'));
    assert.deepEqual(g.entries.map((e) => e.term), ['六稳', '复工复产']);
    assert.deepEqual(g.entries[1].aliases, []);
  });
  it('a syntax error is fatal with a position, and never throws', () => {
    const g = parseGlossary('terms:\n  - term: [oops\n', 'g.yaml');
    assert.equal(g.fatal, true);
    assert.ok(g.problems[0].span.start >= 0);
  });
  it('a user glossary overrides the bundled one entry by entry', () => {
    const bundled = parseGlossary('terms:\n  - {term: 六稳, category: slogan, gloss: a, zh: 甲, en: A}\n  - {term: 六保, category: slogan, gloss: b, zh: 乙, en: B}\n', 'b.yaml');
    const user = parseGlossary('terms:\n  - {term: 六稳, category: slogan, gloss: mine, zh: 我的, en: Mine}\n', 'u.yaml');
    const g = new Glossary([bundled, user]);
    assert.equal(g.entry('六稳')?.en, 'Mine');
    assert.equal(g.entry('六保')?.en, 'B');
  });
});

describe('candidate terms', () => {
  it('finds 六稳, 两不愁三保障 and 菜篮子 in the seed with an empty glossary', () => {
    const index = new CorpusIndex(new JiebaSegmenter());
    index.upsertFile({ uri: 'file:///seed.txt', path: '/corpus/seed.txt', text: SEED });
    index.segmentFile('file:///seed.txt');
    const found = new Map(index.candidateTerms().map((c) => [c.term.key, c]));
    for (const t of ['六稳', '两不愁三保障', '菜篮子', '四个意识', '三区三州', '坚定信心']) assert.ok(found.has(t), `missing candidate ${t}`);
    assert.equal(found.get('六稳')!.count, count(SEED, '六稳'));
    assert.ok(found.get('六稳')!.term.reasons.includes('quoted'));
  });
  it('finds numbered formulas and 、-lists by their shape', () => {
    const text = '要增强四个意识，坚决打好三大攻坚战，落实两不愁三保障，贯彻坚定信心、同舟共济、科学防治、精准施策的总要求。';
    const seg = new JiebaSegmenter();
    const forms = findCandidates(text, seg.segment(text)).map((c) => c.form);
    for (const t of ['四个意识', '三大攻坚战', '两不愁三保障', '坚定信心', '同舟共济', '科学防治', '精准施策']) assert.ok(forms.includes(t), `${t} in ${forms}`);
  });
});

describe('corpus index on the seed', () => {
  const index = new CorpusIndex(new JiebaSegmenter());
  index.setGlossary(new Glossary([parseGlossary(GLOSSARY_TEXT, 'glossary.yaml')]));
  index.upsertFile({ uri: 'file:///seed.txt', path: '/corpus/seed.txt', text: SEED });
  index.segmentFile('file:///seed.txt');

  it('counts mentions including inside longer terms, longest term wins at a position', () => {
    const term = index.term('联防联控')!;
    assert.equal(index.mentionsOf(term).length, 24);
    const inside = SEED.indexOf('国务院联防联控机制') + 4;
    const t = index.targetAt('file:///seed.txt', inside);
    assert.equal(t?.kind === 'term' && t.term.key, '国务院联防联控机制');
    assert.equal(count(SEED, '国务院联防联控机制'), 8);
  });
  it('every part of a numbered formula links back to it', () => {
    const part = index.term('政治意识');
    assert.ok(part?.partOf.includes('四个意识') || part?.entry, 'part of 四个意识');
  });
  it('statistics per meeting in chronological order', () => {
    const s = index.stats(index.mentionsOf(index.term('脱贫攻坚')!));
    assert.equal(s.perMeeting.length, 12);
    assert.ok(s.perMeeting[11] > 5, 'the poverty symposium mentions it most');
  });
  it('parses dates as users type them', () => {
    assert.deepEqual(parseDateQuery('2月23日'), { month: 2, day: 23 });
    assert.deepEqual(parseDateQuery('0223'), { month: 2, day: 23 });
    assert.deepEqual(parseDateQuery('2020-02-23'), { year: 2020, month: 2, day: 23 });
    assert.equal(parseDateQuery('六稳'), undefined);
    assert.equal(searchSymbols(index, '2月23日')[0].name, '在统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议上的讲话');
  });
});

describe('occurrence statistics', () => {
  it('a term\'s and a word\'s statistics are kept until the index changes, and follow an edit', () => {
    const index = new CorpusIndex(new JiebaSegmenter());
    index.setGlossary(new Glossary([parseGlossary(GLOSSARY_TEXT, 'glossary.yaml')]));
    const uri = 'file:///seed.txt';
    index.upsertFile({ uri, path: '/corpus/seed.txt', text: SEED });
    index.segmentFile(uri);
    const term = index.targetAt(uri, SEED.indexOf('脱贫攻坚') + 1)!;
    const word = index.targetAt(uri, SEED.indexOf('问题') + 1)!;
    assert.equal(term.kind, 'term');
    assert.equal(word.kind, 'word');
    const termBefore = index.statsOf(term);
    const wordBefore = index.statsOf(word);
    assert.equal(index.statsOf(term), termBefore, 'the same answer while nothing changed');
    assert.equal(termBefore.total, count(SEED, '脱贫攻坚'));
    const edited = SEED + '\n坚决打赢脱贫攻坚战。\n问题。\n';
    index.upsertFile({ uri, path: '/corpus/seed.txt', text: edited });
    index.segmentFile(uri);
    assert.equal(index.statsOf(term).total, termBefore.total + 1);
    assert.equal(index.statsOf(word).total, wordBefore.total + 1);
  });
});

describe('corpus order', () => {
  it('files stay in path order (numbers by value, equal paths in the order they came) through adds, removals and renames, queried or not in between', () => {
    const collator = new Intl.Collator('en', { numeric: true });
    // a1 and a01 compare equal: their order is the order they were added.
    const paths = ['/c/a1.txt', '/c/a01.txt', '/c/a2.txt', '/c/a10.txt', '/c/b.txt', '/c/B.txt', '/c/sub/a1.txt', '/c/0.txt'];
    const op = fc.record({ kind: fc.constantFrom('upsert', 'remove', 'query'), uri: fc.integer({ min: 0, max: 9 }), path: fc.constantFrom(...paths) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const index = new CorpusIndex();
        // The model: files in the order they were first added (a Map keeps a key's place), sorted stably.
        const model = new Map<string, string>();
        const expected = () => [...model].sort((a, b) => collator.compare(a[1], b[1])).map(([uri]) => uri);
        for (const o of ops) {
          const uri = `file:///f${o.uri}`;
          if (o.kind === 'upsert') {
            index.upsertFile({ uri, path: o.path, text: `会议${o.uri}\n` });
            model.set(uri, o.path);
          } else if (o.kind === 'remove') {
            index.removeFile(uri);
            model.delete(uri);
          } else assert.deepEqual(index.allFiles().map((f) => f.uri), expected());
        }
        assert.deepEqual(index.allFiles().map((f) => f.uri), expected());
      }),
      { numRuns: 300 },
    );
  });
});

describe('globs', () => {
  it('matches corpus globs', () => {
    assert.ok(globToRegExp('corpus/**/*.txt').test('corpus/a.txt'));
    assert.ok(globToRegExp('corpus/**/*.txt').test('corpus/2020/b.txt'));
    assert.ok(!globToRegExp('corpus/**/*.txt').test('other/a.txt'));
    assert.ok(globToRegExp('**/*.{txt,md}').test('x/y.md'));
  });
});
