// What kind of file the reader has before it: its front matter, the date its name or front matter
// gives, whether it holds one document per line, whether it is already segmented. Each test reads
// a bounded part of the text.

import type { DateAnchor } from '../model';
import { dateFromPath, parseMetaDate } from '../dates';
import { readFrontMatter, type FrontMatter } from './frontMatter';
import { isSpace } from './lines';
import { looksPresegmented } from './presegmented';

/** `corpusStudy.presegmented`: detect, or say so for every file. */
export type PresegmentedMode = 'auto' | 'always' | 'never';

export interface FileShape {
  frontMatter?: FrontMatter;
  /** Where the documents start: after the front matter, or 0. */
  bodyStart: number;
  /** The file's date (a day from its name or front matter, or a front matter's year). */
  anchor?: DateAnchor;
  /** One document per line, paragraphs marked by runs of U+3000. */
  lineDocuments: boolean;
  presegmented: boolean;
}

export function readFileShape(text: string, path: string | undefined, presegmented: PresegmentedMode = 'auto'): FileShape {
  const frontMatter = readFrontMatter(text);
  const bodyStart = frontMatter?.bodyStart ?? 0;
  const shape: FileShape = {
    bodyStart,
    lineDocuments: holdsLineDocuments(text, bodyStart),
    presegmented: presegmented === 'always' || (presegmented === 'auto' && looksPresegmented(text)),
  };
  if (frontMatter) shape.frontMatter = frontMatter;
  const anchor = metaAnchor(frontMatter) ?? dateFromPath(path);
  if (anchor) shape.anchor = anchor;
  return shape;
}

function metaAnchor(fm: FrontMatter | undefined): DateAnchor | undefined {
  if (!fm) return undefined;
  const d = fm.fields.date !== undefined ? parseMetaDate(fm.fields.date) : undefined;
  if (d?.day !== undefined) return { year: d.year, month: d.month, day: d.day, source: 'front-matter' };
  const y = d ?? (fm.fields.year !== undefined ? parseMetaDate(fm.fields.year) : undefined);
  return y ? { year: y.year, source: 'front-matter' } : undefined;
}

/** Non-blank lines looked at, and characters read at most, to tell a file of one document per line. */
const SAMPLE_LINES = 16;
const SAMPLE_CHARS = 1 << 23;
/** How far into a line a paragraph break is looked for: a speech's title and first paragraph come first. */
const RUN_WITHIN = 2000;

/**
 * Whether the file holds one document per line: at least two thirds of its first non-blank lines
 * have, after some text, a run of two or more U+3000 followed by more text (a paragraph break
 * inside the line). Files laid out with line breaks indent a paragraph at the start of its line,
 * which is not inside it; a news file whose scraper joined each item's paragraphs on one line
 * still has a title line before each, which keeps it under the share.
 */
export function holdsLineDocuments(text: string, from = 0): boolean {
  const n = Math.min(text.length, from + SAMPLE_CHARS);
  const breaks = new LineBreaks(text);
  let lines = 0;
  let withBreaks = 0;
  let i = from;
  while (i < n && lines < SAMPLE_LINES) {
    let content = false;
    let found = false;
    let k = i;
    // The line's head, a character at a time; the rest of it by the native search for its end.
    for (const head = Math.min(n, i + RUN_WITHIN); k < head; k++) {
      const c = text.charCodeAt(k);
      if (c === 10 || c === 13) break;
      if (c === 0x3000 && content && text.charCodeAt(k + 1) === 0x3000) {
        let e = k + 2;
        while (e < n && text.charCodeAt(e) === 0x3000) e++;
        if (e < n && !isSpace(text.charCodeAt(e))) {
          found = true;
          break;
        }
        k = e - 1;
      } else if (!content && !isSpace(c)) content = true;
    }
    const end = breaks.next(k);
    if (content) {
      lines++;
      if (found) withBreaks++;
    }
    i = end + 1;
  }
  return withBreaks > 0 && withBreaks * 3 >= lines * 2;
}

/**
 * The next line break at or after an offset, by `indexOf`, each kind's position kept until passed:
 * a file of CR-only lines does not make every search for an LF run to its end.
 */
class LineBreaks {
  private lf = -2;
  private cr = -2;

  constructor(private readonly text: string) {}

  next(from: number): number {
    const n = this.text.length;
    if (this.lf !== -1 && this.lf < from) this.lf = this.text.indexOf('\n', from);
    if (this.cr !== -1 && this.cr < from) this.cr = this.text.indexOf('\r', from);
    return Math.min(this.lf < 0 ? n : this.lf, this.cr < 0 ? n : this.cr);
  }
}
