// Multi-pattern string matching (Aho–Corasick) over UTF-16 code units.
// Finds every occurrence of every pattern, overlapping ones and ones inside longer patterns
// included, in one pass over the text: term mentions are ready long before segmentation is.

export interface PatternMatch {
  pattern: number;
  start: number;
  end: number;
}

export class TermMatcher {
  private readonly children: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  /** Pattern index ending at this node, or -1. */
  private readonly terminal: number[] = [-1];
  /** Nearest node on the fail chain that is terminal, or -1. */
  private readonly outLink: number[] = [-1];
  private readonly depth: number[] = [0];

  constructor(readonly patterns: readonly string[]) {
    patterns.forEach((p, i) => {
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

  /** Calls `onMatch` for every occurrence, ordered by end offset. */
  scan(text: string, onMatch: (pattern: number, start: number, end: number) => void, from = 0, to = text.length): void {
    let node = 0;
    const { children, fail, terminal, outLink, depth } = this;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      let next = children[node].get(c);
      while (next === undefined && node !== 0) {
        node = fail[node];
        next = children[node].get(c);
      }
      node = next ?? 0;
      let out = terminal[node] !== -1 ? node : outLink[node];
      while (out !== -1) {
        onMatch(terminal[out], i + 1 - depth[out], i + 1);
        out = outLink[out];
      }
    }
  }

  findAll(text: string): PatternMatch[] {
    const out: PatternMatch[] = [];
    this.scan(text, (pattern, start, end) => out.push({ pattern, start, end }));
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    return out;
  }
}
