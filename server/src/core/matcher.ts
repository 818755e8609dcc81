// Multi-pattern string matching (Aho–Corasick) over UTF-16 code units.
// Finds every occurrence of every pattern, overlapping ones and ones inside longer patterns
// included, in one pass over the text: term mentions are ready long before segmentation is.

export interface PatternMatch {
  pattern: number;
  start: number;
  end: number;
}

export class TermMatcher {
  // The trie, built on first use (`trie`): a table restored from a snapshot matches nothing until
  // an edit or a new file, so a restart does not wait for it.
  private children: Map<number, number>[] = [];
  private fail: number[] = [];
  /** Pattern index ending at this node, or -1. */
  private terminal: number[] = [];
  /** Nearest node on the fail chain that is terminal, or -1. */
  private outLink: number[] = [];
  private depth: number[] = [];
  private built = false;

  constructor(readonly patterns: readonly string[]) {}

  /** Builds the trie and its fail links now (the first scan would). */
  prepare(): void {
    this.compile();
  }

  private trie(): void {
    if (this.built) return;
    this.built = true;
    this.children = [new Map()];
    this.fail = [0];
    this.terminal = [-1];
    this.outLink = [-1];
    this.depth = [0];
    this.patterns.forEach((p, i) => {
      if (p.length === 0) return;
      let node = 0;
      for (let k = 0; k < p.length; k++) {
        const c = p.charCodeAt(k);
        let next = this.children[node].get(c);
        if (next === undefined) {
          next = this.children.length;
          this.children.push(new Map());
          this.fail.push(0);
          this.terminal.push(-1);
          this.outLink.push(-1);
          this.depth.push(this.depth[node] + 1);
          this.children[node].set(c, next);
        }
        node = next;
      }
      if (this.terminal[node] === -1) this.terminal[node] = i;
    });
    const queue: number[] = [];
    for (const child of this.children[0].values()) queue.push(child);
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi];
      for (const [c, child] of this.children[node]) {
        let f = this.fail[node];
        while (f !== 0 && !this.children[f].has(c)) f = this.fail[f];
        const target = this.children[f].get(c);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        const fc = this.fail[child];
        this.outLink[child] = this.terminal[fc] !== -1 ? fc : this.outLink[fc];
        queue.push(child);
      }
    }
  }

  /**
   * The scan's transition tables, compiled once from the trie: the root's transitions as a flat
   * array over all UTF-16 code units (most steps of a scan start at the root), every other
   * node's in one open-addressing hash table of typed arrays. A Map per node was most of the scan.
   */
  private compiled?: {
    root: Int32Array;
    /** A node's only child's code unit; LEAF (no child) or FORK (several: in the hash table). */
    only: Int32Array;
    onlyChild: Int32Array;
    /** A fork's children's code units, one bit each by the unit's low five bits: most misses need no probe. */
    forkBits: Int32Array;
    keyNode: Int32Array;
    keyChar: Int32Array;
    value: Int32Array;
    mask: number;
    fail: Int32Array;
    terminal: Int32Array;
    outLink: Int32Array;
    depth: Int32Array;
  };

  private compile() {
    if (this.compiled) return this.compiled;
    this.trie();
    const root = new Int32Array(65536).fill(-1);
    for (const [c, child] of this.children[0]) root[c] = child;
    // Most nodes below the first level have one child or none: their step needs no hash probe.
    const nodes = this.children.length;
    const only = new Int32Array(nodes).fill(LEAF);
    const onlyChild = new Int32Array(nodes);
    const forkBits = new Int32Array(nodes);
    let edges = 0;
    for (let n = 1; n < nodes; n++) {
      const kids = this.children[n];
      if (kids.size === 1) {
        const [[c, child]] = kids;
        only[n] = c;
        onlyChild[n] = child;
      } else if (kids.size > 1) {
        only[n] = FORK;
        edges += kids.size;
        for (const c of kids.keys()) forkBits[n] |= 1 << (c & 31);
      }
    }
    let size = 16;
    while (size < edges * 2) size <<= 1;
    const mask = size - 1;
    const keyNode = new Int32Array(size).fill(-1);
    const keyChar = new Int32Array(size);
    const value = new Int32Array(size);
    for (let n = 1; n < nodes; n++) {
      if (only[n] !== FORK) continue;
      for (const [c, child] of this.children[n]) {
        let h = hashEdge(n, c) & mask;
        while (keyNode[h] !== -1) h = (h + 1) & mask;
        keyNode[h] = n;
        keyChar[h] = c;
        value[h] = child;
      }
    }
    this.compiled = {
      root,
      only,
      onlyChild,
      forkBits,
      keyNode,
      keyChar,
      value,
      mask,
      fail: Int32Array.from(this.fail),
      terminal: Int32Array.from(this.terminal),
      outLink: Int32Array.from(this.outLink),
      depth: Int32Array.from(this.depth),
    };
    // The Map trie is not needed again: the compiled tables are all the scan reads.
    this.children = [];
    this.fail = [];
    this.terminal = [];
    this.outLink = [];
    this.depth = [];
    return this.compiled;
  }

  /** Calls `onMatch` for every occurrence in `text[from, to)`, ordered by end offset. */
  scan(text: string, onMatch: (pattern: number, start: number, end: number) => void, from = 0, to = text.length): void {
    this.scanOn(text, 0, from, to, onMatch);
  }

  /**
   * The scan of `text[from, to)` continued from `state`, the state a scan returned at `from` (0
   * at the start): every occurrence that ends in `(from, to]`, longer ones spanning `from`
   * included. Returns the state at `to`. A text scanned piece by piece, each piece from the
   * state the last one returned, gives exactly the matches of one scan.
   */
  scanOn(text: string, state: number, from: number, to: number, onMatch: (pattern: number, start: number, end: number) => void): number {
    const { root, only, onlyChild, forkBits, keyNode, keyChar, value, mask, fail, terminal, outLink, depth } = this.compile();
    let node = state;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      let next = -1;
      for (;;) {
        if (node === 0) {
          next = root[c];
          break;
        }
        const o = only[node];
        if (o === c) {
          next = onlyChild[node];
          break;
        }
        if (o === FORK && (forkBits[node] & (1 << (c & 31))) !== 0) {
          let h = hashEdge(node, c) & mask;
          let k: number;
          while ((k = keyNode[h]) !== -1) {
            if (k === node && keyChar[h] === c) {
              next = value[h];
              break;
            }
            h = (h + 1) & mask;
          }
          if (next !== -1) break;
        }
        node = fail[node];
      }
      node = next === -1 ? 0 : next;
      let out = terminal[node] !== -1 ? node : outLink[node];
      while (out !== -1) {
        onMatch(terminal[out], i + 1 - depth[out], i + 1);
        out = outLink[out];
      }
    }
    return node;
  }

  findAll(text: string): PatternMatch[] {
    const out: PatternMatch[] = [];
    this.scan(text, (pattern, start, end) => out.push({ pattern, start, end }));
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    return out;
  }
}

/** `only` of a node without children, and of one with several (code units are 0..0xffff). */
const LEAF = -1;
const FORK = -2;

function hashEdge(node: number, c: number): number {
  return Math.imul(node, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b);
}
