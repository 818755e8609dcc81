// Glob patterns for corpus files (`corpus/**/*.txt`): *, ?, **, {a,b} and [..], matched against
// '/'-separated paths relative to a workspace folder.

export function globToRegExp(glob: string): RegExp {
  let re = '';
  let inGroup = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      inGroup++;
      re += '(?:';
    } else if (c === '}' && inGroup > 0) {
      inGroup--;
      re += ')';
    } else if (c === ',' && inGroup > 0) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i) {
        re += '[' + glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      } else re += '\\[';
    } else re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

export class GlobSet {
  private readonly res: RegExp[];
  constructor(globs: readonly string[]) {
    this.res = globs.map((g) => globToRegExp(g.replace(/^\.\//, '')));
  }
  matches(relativePath: string): boolean {
    const p = relativePath.replace(/\\/g, '/');
    return this.res.some((r) => r.test(p));
  }
}
