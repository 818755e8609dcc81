// Stand-in tokens of an edited document until it is segmented again. Each edit keeps the tokens
// wholly before the changed stretch, shifts those wholly after it and drops the ones it touched.
// Copying a document's arrays for that costs tens of milliseconds at millions of tokens (and as
// much again in garbage collection), on every keystroke. Instead the arrays of the version last
// segmented stay as they were, and a short list of pieces says which of their tokens are live
// and how far each run of them has moved: an edit costs a few binary searches per piece. The
// arrays are copied into one flat version only when something reads them whole (`flatten`).

import { ChangedStretch, firstAtLeast } from './positions';
import { TokenArrays } from './segmenter';
import { runToEnd, Steps } from './steps';

/** Tokens copied between two yields of `flattenSteps`. */
const FLATTEN_STEP = 1 << 16;

/** Base tokens `[from, to)` are live, each at its base offsets plus `delta`. */
export interface TokenPiece {
  readonly from: number;
  readonly to: number;
  readonly delta: number;
}

/**
 * A segmentation's arrays: tokens, each token's word, and (when the file is listed under its
 * words) the postings, the token indices of each distinct word: word `l`'s are
 * `postings[postStart[l] .. postStart[l + 1])`, ascending.
 */
export interface SegmentationArrays {
  tokens: TokenArrays;
  tokenWord: Uint32Array;
  postStart?: Uint32Array;
  postings?: Uint32Array;
}

export class CarriedTokens {
  /** Where each piece's first token starts now, and where each piece ends among the base tokens: for binary searches. */
  private readonly firstStarts: number[];
  private readonly pieceEnds: number[];

  private constructor(
    /** Never changed: versions carried from the same segmentation share it. */
    readonly base: SegmentationArrays,
    readonly pieces: readonly TokenPiece[],
  ) {
    this.firstStarts = pieces.map((p) => base.tokens.starts[p.from] + p.delta);
    this.pieceEnds = pieces.map((p) => p.to);
  }

  /**
   * All of `base`, unmoved. Undefined when its arrays do not agree in length (postings, when
   * present, must hold every token once): such a segmentation is not carried.
   */
  static of(base: SegmentationArrays): CarriedTokens | undefined {
    const n = base.tokens.starts.length;
    if (base.tokens.ends.length !== n || base.tokenWord.length !== n) return undefined;
    if (base.postings && (base.postings.length !== n || !base.postStart || base.postStart[base.postStart.length - 1] !== n)) return undefined;
    return new CarriedTokens(base, n > 0 ? [{ from: 0, to: n, delta: 0 }] : []);
  }

  /** Number of live tokens. */
  get count(): number {
    let n = 0;
    for (const p of this.pieces) n += p.to - p.from;
    return n;
  }

  /** The tokens after `edit` of the text they are in: those it touched dropped, those after it moved. */
  edited(edit: ChangedStretch): CarriedTokens {
    const { start: p, oldEnd: tail, delta: moved } = edit;
    const { starts, ends } = this.base.tokens;
    const out: TokenPiece[] = [];
    const keep = (from: number, to: number, delta: number) => {
      if (from >= to) return;
      const last = out[out.length - 1];
      if (last && last.to === from && last.delta === delta) out[out.length - 1] = { from: last.from, to, delta };
      else out.push({ from, to, delta });
    };
    for (const { from, to, delta } of this.pieces) {
      if (ends[to - 1] + delta <= p) keep(from, to, delta);
      else if (starts[from] + delta >= tail) keep(from, to, delta + moved);
      else {
        // Tokens do not overlap and ascend: the kept ones are a prefix and a suffix of the piece.
        const before = firstAtLeast(ends, p + 1 - delta, from, to);
        const after = firstAtLeast(starts, tail - delta, before, to);
        keep(from, before, delta);
        keep(after, to, delta + moved);
      }
    }
    return new CarriedTokens(this.base, out);
  }

  /** Same live tokens at the same offsets as `other` (an edit that changed nothing). */
  sameAs(other: CarriedTokens): boolean {
    return this.base === other.base && this.pieces.length === other.pieces.length && this.pieces.every((p, i) => p.from === other.pieces[i].from && p.to === other.pieces[i].to && p.delta === other.pieces[i].delta);
  }

  /** The live token covering `offset`, if any. */
  tokenAt(offset: number): { start: number; end: number } | undefined {
    const { starts, ends } = this.base.tokens;
    // The last piece starting at or before `offset`.
    const k = firstAtLeast(this.firstStarts, offset + 1) - 1;
    if (k < 0) return undefined;
    const { from, to, delta } = this.pieces[k];
    const i = firstAtLeast(ends, offset + 1 - delta, from, to);
    return i < to && starts[i] + delta <= offset ? { start: starts[i] + delta, end: ends[i] + delta } : undefined;
  }

  /** Calls `visit` with the offsets of each live token among base postings `[from, to)`, in order. */
  forEachPosting(from: number, to: number, visit: (start: number, end: number) => void): void {
    const { starts, ends } = this.base.tokens;
    const postings = this.base.postings!;
    const ps = this.pieces;
    let k = from < to ? firstAtLeast(this.pieceEnds, postings[from] + 1) : 0;
    for (let x = from; x < to; x++) {
      const t = postings[x];
      while (k < ps.length && ps[k].to <= t) k++;
      if (k === ps.length) return;
      if (t >= ps[k].from) visit(starts[t] + ps[k].delta, ends[t] + ps[k].delta);
    }
  }

  /**
   * The live tokens as flat arrays: what copying them at each edit would have given. Postings
   * keep every word's slot (a word whose tokens all went has an empty one) and are renumbered.
   */
  flatten(): SegmentationArrays {
    return runToEnd(this.flattenSteps());
  }

  /**
   * `flatten`, yielding every FLATTEN_STEP tokens or so: millions of them take tens of
   * milliseconds. The loops are plain functions called per step: the same loop inside a generator
   * ran at half the speed on its first run (1.5 million tokens in a fresh process: 6.7 against 3.0 ms).
   */
  *flattenSteps(): Steps<SegmentationArrays> {
    const n = this.count;
    const { tokens, tokenWord: ids, postStart, postings } = this.base;
    const starts = new Uint32Array(n);
    const ends = new Uint32Array(n);
    const tokenWord = new Uint32Array(n);
    // Where each piece begins among the live tokens.
    const at: number[] = [];
    let j = 0;
    for (const { from, to, delta } of this.pieces) {
      at.push(j);
      tokenWord.set(ids.subarray(from, to), j);
      for (let i = from; i < to; i += FLATTEN_STEP) {
        const end = Math.min(to, i + FLATTEN_STEP);
        shiftInto(starts, tokens.starts, i, end, j, delta);
        shiftInto(ends, tokens.ends, i, end, j, delta);
        j += end - i;
        yield;
      }
    }
    const out: SegmentationArrays = { tokens: { starts, ends }, tokenWord };
    if (postStart && postings) {
      const renumbered = { postStart: new Uint32Array(postStart.length), postings: new Uint32Array(n), words: 0, filled: 0 };
      while (renumbered.words < postStart.length - 1) {
        renumberPostings(renumbered, postStart, postings, this.pieces, this.pieceEnds, at);
        yield;
      }
      renumbered.postStart[postStart.length - 1] = renumbered.filled;
      out.postStart = renumbered.postStart;
      out.postings = renumbered.postings;
    }
    return out;
  }
}

/** `dst[j ..] = src[from .. to) + delta`. */
function shiftInto(dst: Uint32Array, src: Uint32Array, from: number, to: number, j: number, delta: number): void {
  if (delta === 0) dst.set(src.subarray(from, to), j);
  else for (let i = from; i < to; i++, j++) dst[j] = src[i] + delta;
}

/**
 * Renumbers the postings of words from `out.words` on, until some FLATTEN_STEP of them are done
 * or none is left: each live token's base index becomes its index among the live tokens (`at`:
 * where each piece begins among them), the others are dropped.
 */
function renumberPostings(out: { postStart: Uint32Array; postings: Uint32Array; words: number; filled: number }, postStart: Uint32Array, postings: Uint32Array, ps: readonly TokenPiece[], pieceEnds: readonly number[], at: readonly number[]): void {
  const m = postStart.length - 1;
  const next = out.postings;
  let y = out.filled;
  const stop = y + FLATTEN_STEP;
  let w = out.words;
  for (; w < m && y < stop; w++) {
    out.postStart[w] = y;
    // The first piece that ends after the word's first token.
    let k = postStart[w] < postStart[w + 1] ? firstAtLeast(pieceEnds, postings[postStart[w]] + 1) : 0;
    for (let x = postStart[w], end = postStart[w + 1]; x < end; x++) {
      const t = postings[x];
      while (k < ps.length && ps[k].to <= t) k++;
      if (k === ps.length) break;
      if (t >= ps[k].from) next[y++] = at[k] + (t - ps[k].from);
    }
  }
  out.words = w;
  out.filled = y;
}
