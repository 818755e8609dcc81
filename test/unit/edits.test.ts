// An edit re-matches only the neighbourhood of the changed stretch: the mentions must be exactly
// those of matching the whole new text, whatever the edit (inside a term, across two, making or
// breaking one, at either end, with characters outside the BMP).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { JiebaSegmenter } from '../../server/src/core/segmenter';
import { changedStretch, LineIndex, stretchOfChanges, TextChange } from '../../server/src/core/positions';
import { Glossary, parseGlossary } from '../../server/src/core/glossary';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SEED = fs.readFileSync(path.join(REPO, 'corpus', '000_0e5442cdf73d87c8.txt'), 'utf8');
const GLOSSARY = new Glossary([parseGlossary(fs.readFileSync(path.join(REPO, 'corpus', 'glossary.yaml'), 'utf8'), 'file:///g.yaml')]);
const URI = 'file:///c/seed.txt';

const mentions = (index: CorpusIndex) => {
  const f = index.file(URI)!;
  return Array.from(f.mentionTerm, (t, i) => `${index.terms().terms[t].key}@${f.mentionStart[i]}-${f.mentionEnd[i]}`);
};

function fresh(text: string): string[] {
  const index = new CorpusIndex();
  index.setGlossary(GLOSSARY);
  index.upsertFile({ uri: URI, path: '/c/seed.txt', text, open: true });
  return mentions(index);
}

// Pieces that make, break or extend terms, and characters outside the BMP.
const PIECES = ['联防联控', '四个', '意识', '四个意识', '国务院', '机制', '𠮷', '', '，', '\n', '复工复产', '两个维护', '六稳', 'x'];

describe('edits: mentions from the changed stretch only', () => {
  it('after every edit, the mentions equal those of matching the whole new text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 12 }), piece: fc.constantFrom(...PIECES), near: fc.constantFrom(...PIECES.filter((p) => p.length > 1)) }), { minLength: 1, maxLength: 25 }),
        (edits) => {
          const index = new CorpusIndex();
          index.setGlossary(GLOSSARY);
          let text = SEED;
          index.upsertFile({ uri: URI, path: '/c/seed.txt', text, open: true });
          for (const e of edits) {
            // Half the edits land on a term, where they matter most.
            const hit = text.indexOf(e.near, e.at % text.length);
            let at = hit >= 0 && e.at % 2 === 0 ? hit + (e.at % e.near.length) : e.at % (text.length + 1);
            // Never between the halves of a surrogate pair.
            if (at > 0 && at < text.length && /[\uDC00-\uDFFF]/.test(text[at])) at--;
            let end = Math.min(text.length, at + e.del);
            if (end > 0 && end < text.length && /[\uDC00-\uDFFF]/.test(text[end])) end++;
            text = text.slice(0, at) + e.piece + text.slice(end);
            index.upsertFile({ uri: URI, path: '/c/seed.txt', text, open: true });
            assert.deepEqual(mentions(index), fresh(text));
            // Line starts come from the previous version's (built by this check the edit before).
            assert.deepEqual(index.file(URI)!.lines.lineStarts, new LineIndex(text).lineStarts);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an edit that joins two halves into a term, and one that splits it, at the start and end of the text', () => {
    const base = '联防' + SEED + '联控';
    const index = new CorpusIndex();
    index.setGlossary(GLOSSARY);
    index.upsertFile({ uri: URI, path: '/c/seed.txt', text: base, open: true });
    for (const text of ['联防联控' + SEED + '联防联控', base, SEED.slice(0, 100) + '联防' + '联控' + SEED.slice(100), '联' + SEED.slice(1)]) {
      index.upsertFile({ uri: URI, path: '/c/seed.txt', text, open: true });
      assert.deepEqual(mentions(index), fresh(text));
    }
  });
});

describe('the changed stretch from the editor\'s changes', () => {
  it('covers changes applied one after another, and gives the stretch the texts alone give', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }).map((t) => t + '四个意识𠮷' + t), fc.array(fc.record({ a: fc.nat(), b: fc.nat(), insert: fc.constantFrom('', 'x', '意识', '四个', '𠮷', '\n') }), { minLength: 1, maxLength: 5 }), (first, edits) => {
        let text = first;
        const changes: TextChange[] = [];
        for (const e of edits) {
          const start = e.a % (text.length + 1);
          const end = start + (e.b % (text.length - start + 1));
          changes.push({ start, end, inserted: e.insert.length });
          text = text.slice(0, start) + e.insert + text.slice(end);
        }
        const known = stretchOfChanges(changes)!;
        // Outside it, the texts are the same.
        assert.equal(text.slice(0, known.start), first.slice(0, known.start));
        assert.equal(text.slice(known.oldEnd + known.delta), first.slice(known.oldEnd));
        assert.equal(known.delta, text.length - first.length);
        assert.deepEqual(changedStretch(first, text, known), changedStretch(first, text));
      }),
      { numRuns: 2000 },
    );
    assert.equal(stretchOfChanges([]), undefined);
  });
});

describe('stand-in tokens of an edit', () => {
  it('opening a document whose text is the one on disk keeps its token and posting arrays (nothing copied), and its words answer', () => {
    const index = new CorpusIndex(new JiebaSegmenter());
    index.upsertFile({ uri: URI, path: '/c/seed.txt', text: SEED });
    index.segmentFile(URI);
    const disk = index.file(URI)!;
    const words = index.occurrencesOfWord('问题').length;
    const opened = index.upsertFile({ uri: URI, path: '/c/seed.txt', text: SEED, open: true });
    assert.equal(opened.tokens, disk.tokens);
    assert.equal(opened.tokenWord, disk.tokenWord);
    assert.equal(opened.postings, disk.postings);
    assert.equal(index.occurrencesOfWord('问题').length, words);
    assert.ok(words > 0);
  });

  // The straightforward definition: every token wholly before the changed stretch as it was, every
  // one wholly after it shifted, and their words read from the new text.
  const reference = (before: string, after: string, starts: Uint32Array, ends: Uint32Array) => {
    const { start: p, oldEnd: tail, delta } = changedStretch(before, after);
    const out: [number, number, string][] = [];
    for (let i = 0; i < starts.length; i++) {
      if (ends[i] <= p) out.push([starts[i], ends[i], after.slice(starts[i], ends[i])]);
      else if (starts[i] >= tail) out.push([starts[i] + delta, ends[i] + delta, after.slice(starts[i] + delta, ends[i] + delta)]);
    }
    return out;
  };
  const occurrences = (index: CorpusIndex, word: string) => index.occurrencesOfWord(word).map((o) => `${o.start}-${o.end}`);
  /** An index holding `text` as the open, segmented document file:///a.txt. */
  const openSegmented = (segmenter: JiebaSegmenter, text: string) => {
    const index = new CorpusIndex(segmenter);
    index.upsertFile({ uri: 'file:///a.txt', path: '/a.txt', text, open: true });
    index.segmentFile('file:///a.txt');
    return index;
  };
  /** A file's tokens as [start, end, word] in `text`. */
  const tokenList = (tokens: { starts: Uint32Array; ends: Uint32Array }, text: string) => Array.from(tokens.starts, (st, i) => [st, tokens.ends[i], text.slice(st, tokens.ends[i])] as [number, number, string]);
  /** Random edits of `base`: a cut (short, or most of the text: a paste over a selection) and what is typed in its place. */
  const randomEdits = (base: string, shortCut: number, minLength: number, maxLength: number) =>
    fc.array(fc.record({ at: fc.nat(base.length), cut: fc.oneof(fc.nat(shortCut), fc.nat(base.length)), insert: fc.constantFrom('', '年', '𠮷', '两个维护，', '\n会议强调，') }), { minLength, maxLength });
  /** `text` with `cut` units from `at` replaced by `insert`, never splitting a surrogate pair (an editor does not). */
  const applyEdit = (text: string, { at, cut, insert }: { at: number; cut: number; insert: string }) => {
    const from = Math.min(text.length, /[\udc00-\udfff]/.test(text[at] ?? '') ? at - 1 : at);
    let to = Math.min(text.length, from + cut);
    if (/[\udc00-\udfff]/.test(text[to] ?? '')) to++;
    return text.slice(0, from) + insert + text.slice(to);
  };

  it('are carried over on random edits of an open document, every word\'s occurrences with them (postings, empty slots)', function () {
    this.timeout(120000);
    const segmenter = new JiebaSegmenter();
    const base = SEED.slice(0, 3000) + '𠮷四个意识𠮷\n' + SEED.slice(3000, 6000);
    fc.assert(
      fc.property(randomEdits(base, 40, 1, 3), (edits) => {
        const index = openSegmented(segmenter, base);
        let text = base;
        // Edits one after another: later ones carry tokens that were themselves carried. Some cut
        // most of the text (a paste over a selection), dropping most tokens at once.
        for (const e of edits) {
          const old = index.file('file:///a.txt')!;
          const oldWords = new Set(tokenList(old.tokens!, text).map((g) => g[2]));
          const next = applyEdit(text, e);
          const want = reference(text, next, old.tokens!.starts, old.tokens!.ends);
          const edited = index.upsertFile({ uri: 'file:///a.txt', path: '/a.txt', text: next, open: true });
          const got = tokenList(edited.tokens!, next);
          assert.deepEqual(got, want);
          // Each word, those whose only tokens the edit dropped included, is found exactly where its kept tokens are.
          for (const w of new Set([...oldWords, ...want.map((g) => g[2])])) {
            assert.deepEqual(occurrences(index, w), want.filter((g) => g[2] === w).map((g) => `${g[0]}-${g[1]}`), w);
          }
          for (const c of edited.candidates) assert.ok(next.startsWith(c.form, c.start));
          text = next;
        }
      }),
      { numRuns: 60 },
    );
  });

  it('flattened in steps, give what flattening at once gives; segmented again meanwhile, the new tokens stay', () => {
    const segmenter = new JiebaSegmenter();
    const uri = 'file:///a.txt';
    const edited = (text: string) => {
      const index = openSegmented(segmenter, text);
      index.upsertFile({ uri, path: '/a.txt', text: text.slice(0, 2500) + '年' + text.slice(2600), open: true });
      return index;
    };
    const text = SEED.slice(0, 6000);
    const whole = edited(text).file(uri)!;
    const stepped = edited(text).file(uri)!;
    assert.ok(whole.segmentation()!.carried && stepped.segmentation()!.carried);
    let steps = 0;
    for (const run = stepped.flatSteps(); !run.next().done; ) steps++;
    assert.ok(steps >= 2, `${steps} steps`);
    assert.deepEqual([stepped.tokens, stepped.tokenWord, stepped.postStart, stepped.postings], [whole.tokens, whole.tokenWord, whole.postStart, whole.postings]);

    const index = edited(text);
    const run = index.file(uri)!.flatSteps();
    run.next();
    index.segmentFile(uri);
    const fresh = index.file(uri)!.tokens;
    while (!run.next().done);
    assert.equal(index.file(uri)!.tokens, fresh);
    assert.equal(index.file(uri)!.segmentation()!.carried, undefined);
  });

  it('edited at hundreds of places with no pause, stay a bounded number of pieces, and right', () => {
    const uri = 'file:///a.txt';
    let text = SEED.slice(0, 30000);
    const index = openSegmented(new JiebaSegmenter(), text);
    let want = tokenList(index.file(uri)!.tokens!, text);
    let most = 0;
    // A character typed after every 90th one, from the end backwards: each edit at a place of its own.
    for (let at = text.length - 10; at > 0; at -= 90) {
      if (/[\udc00-\udfff]/.test(text[at])) continue;
      const next = text.slice(0, at) + '年' + text.slice(at);
      want = reference(text, next, Uint32Array.from(want, (g) => g[0]), Uint32Array.from(want, (g) => g[1]));
      text = next;
      most = Math.max(most, index.upsertFile({ uri, path: '/a.txt', text, open: true }).segmentation()!.carried?.pieces.length ?? 0);
    }
    assert.ok(most > 200 && most <= 257, `at most ${most} pieces`);
    for (const w of ['疫情', '防控', '会议']) assert.deepEqual(occurrences(index, w), want.filter((g) => g[2] === w).map((g) => `${g[0]}-${g[1]}`), w);
    const file = index.file(uri)!;
    assert.deepEqual(tokenList(file.tokens!, text), want);
  });

  it('are carried without copying through several edits: words and the token at each offset answer from the carried pieces, and flattening gives the same tokens', function () {
    this.timeout(120000);
    const segmenter = new JiebaSegmenter();
    const base = SEED.slice(0, 2000) + '𠮷四个意识𠮷\n' + SEED.slice(2000, 4000);
    fc.assert(
      fc.property(randomEdits(base, 20, 2, 6), (edits) => {
        const uri = 'file:///a.txt';
        const index = openSegmented(segmenter, base);
        const first = index.file(uri)!.tokens!;
        let text = base;
        let want = tokenList(first, base);
        const words = new Set(want.map((g) => g[2]));
        for (const e of edits) {
          const next = applyEdit(text, e);
          want = reference(text, next, Uint32Array.from(want, (g) => g[0]), Uint32Array.from(want, (g) => g[1]));
          const edited = index.upsertFile({ uri, path: '/a.txt', text: next, open: true });
          text = next;
          // Read only through the queries that leave the arrays as they are.
          for (const w of words) assert.deepEqual(occurrences(index, w), want.filter((g) => g[2] === w).map((g) => `${g[0]}-${g[1]}`), w);
          for (let o = 0, k = 0; o < text.length; o++) {
            while (k < want.length && want[k][1] <= o) k++;
            const covering = k < want.length && want[k][0] <= o ? { start: want[k][0], end: want[k][1] } : undefined;
            assert.deepEqual(edited.tokenAt(o), covering, `offset ${o}`);
          }
        }
        const file = index.file(uri)!;
        // Nothing above flattened them (unless no edit changed anything).
        const carried = file.segmentation()!.carried;
        assert.ok(carried || want.length === first.starts.length);
        const got = tokenList(file.tokens!, text);
        assert.deepEqual(got, want);
        assert.equal(file.segmentation()!.carried, undefined);
        // Flat postings: every token once, each slot's tokens of one word.
        const { postStart, postings, tokenWord } = file;
        assert.deepEqual([...postings!].sort((a, b) => a - b), got.map((_, i) => i));
        for (let l = 0; l + 1 < postStart!.length; l++) {
          for (let x = postStart![l]; x < postStart![l + 1]; x++) assert.equal(tokenWord![postings![x]], tokenWord![postings![postStart![l]]]);
        }
        for (const w of words) assert.deepEqual(occurrences(index, w), want.filter((g) => g[2] === w).map((g) => `${g[0]}-${g[1]}`), w);
      }),
      { numRuns: 40 },
    );
  });
});
