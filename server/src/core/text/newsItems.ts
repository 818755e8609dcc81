// The items of a day's news file (a file dated by its name or front matter): each a title, then
// its paragraphs. Where the default reader wants a date to confirm a title, here the layout does:
// a title-like line after a blank line, with a body after it, starts an item. A roundup
// (`国内联播快讯`) is one document whose short items' titles are its sections.

import type { DocumentPlan, FileReader, TitleBlock } from '../reader';
import { isRoundupTitle } from './titleBlocks';

/**
 * A file whose items keep their paragraphs on consecutive lines (blank lines only between items)
 * has at least this share of non-blank lines right after another: there a blank line before a
 * title-like line says "new item" for sure, even inside a roundup.
 */
const COMPACT_SHARE = 0.25;
/** A roundup's item is short: at most this many paragraphs and characters. */
const ROUNDUP_ITEM_PARAGRAPHS = 2;
const ROUNDUP_ITEM_CHARS = 400;
/** Lines of a candidate roundup item looked at (bounded per line: linear). */
const ROUNDUP_ITEM_LOOK = 8;

export class NewsLayout {
  private compactFile?: boolean;

  constructor(private readonly r: FileReader) {}

  /** Paragraphs follow each other without blank lines (see COMPACT_SHARE); counted once. */
  private get compact(): boolean {
    if (this.compactFile === undefined) {
      let nonBlank = 0;
      let following = 0;
      for (let k = 0; k < this.r.count; k++) {
        if (this.r.blank(k)) continue;
        nonBlank++;
        if (k > 0 && !this.r.blank(k - 1)) following++;
      }
      // A file with no blank line at all has none to tell items apart by.
      this.compactFile = nonBlank > 0 && nonBlank < this.r.count && following / nonBlank >= COMPACT_SHARE;
    }
    return this.compactFile;
  }

  /** Line `i` comes after a blank line (or first). */
  private setOff(i: number): boolean {
    return i === 0 || this.r.blank(i - 1);
  }

  /** Whether a title block's document is a roundup. */
  isRoundup(plan: DocumentPlan): boolean {
    const b = plan.block;
    return !!b && b.titleLines.length === 1 && isRoundupTitle(this.r.head(b.titleLines[0]));
  }

  /** A body after the title block: a paragraph, or the next item's title (an item with no text). */
  private hasBody(block: TitleBlock): boolean {
    const r = this.r;
    const p = block.lead;
    if (p < 0) return false;
    if (r.bodyLike(p)) return true;
    if (!r.titleLike(p, true)) return false;
    // A roundup's first sub-headline may come right under its title.
    const roundup = block.titleLines.length === 1 && isRoundupTitle(r.head(block.titleLines[0], 16));
    if (!this.setOff(p) && !roundup) return false;
    return isRoundupTitle(r.head(p, 16)) || r.bodyLike(r.nextNonBlank(p + 1));
  }

  /**
   * What line `i` starts: a new item (its plan), a sub-headline of the roundup `current` is, or
   * nothing. A title confirmed by a date or a news lead starts an item wherever it is; a title-like
   * line after a blank line with a body after it does too.
   */
  itemAt(i: number, current: DocumentPlan | undefined): DocumentPlan | 'headline' | undefined {
    const r = this.r;
    if (!r.titleLike(i, true)) return undefined;
    const setOff = this.setOff(i);
    // In a roundup a sub-headline may follow anything: `央视网消息（新闻联播）：` opens its text.
    const inRoundup = !!current?.roundup;
    if (!setOff && !r.paragraphEnded(i) && !inRoundup) return undefined;
    const block = r.titleBlock(i);
    // A report's or speech's text (a subtitle, or a date line and a speaker, under its title) has
    // short lines of its own: after one, only a date or a news lead starts the next document.
    const formal = !!current?.block && (current.block.subtitle !== undefined || (current.block.dateLine !== undefined && current.block.byline !== undefined));
    const item = (setOff || r.paragraphEnded(i)) && ((block.confirmed && r.titleLike(i)) || (setOff && !formal && this.hasBody(block)));
    if (inRoundup) {
      if (item && this.endsRoundup(i, block, current!)) return this.plan(block, i);
      return item || r.bodyLike(r.nextNonBlank(i + 1)) ? 'headline' : undefined;
    }
    return item ? this.plan(block, i) : undefined;
  }

  private plan(block: TitleBlock, from: number): DocumentPlan {
    const plan: DocumentPlan = { block, from };
    if (this.isRoundup(plan)) plan.roundup = true;
    return plan;
  }

  /**
   * Whether the item at `i` comes after roundup `current` rather than in it: another roundup or a
   * column (`【…】`), an international report in a domestic roundup (`当地时间…`), an item set off
   * by blank lines in a file whose items are (see COMPACT_SHARE), or an item too long for a roundup.
   * The line right under the roundup's title is its first item.
   */
  private endsRoundup(i: number, block: TitleBlock, current: DocumentPlan): boolean {
    const r = this.r;
    // Its first item comes right under its title, or under the line that opens its text.
    if (!current.headlines?.length && current.block) {
      const first = r.nextNonBlank(current.block.bodyStart);
      if (first === i || (first >= 0 && !r.titleLike(first, true) && r.nextNonBlank(first + 1) === i)) return false;
    }
    const t = r.head(i);
    if (isRoundupTitle(t) || t.startsWith('【')) return true;
    const roundupTitle = current.block ? r.head(current.block.titleLines[0]) : '';
    if (!roundupTitle.includes('国际') && block.lead >= 0 && r.head(block.lead, 4) === '当地时间') return true;
    // Where blank lines come only between items, they alone end a roundup.
    if (this.compact) return this.setOff(i);
    let paragraphs = 0;
    let chars = 0;
    for (let k = block.bodyStart, seen = 0; k < r.count && seen < ROUNDUP_ITEM_LOOK; k++) {
      if (r.blank(k)) continue;
      if (r.titleLike(k, true)) break;
      seen++;
      paragraphs++;
      chars += r.len(k);
    }
    return paragraphs > ROUNDUP_ITEM_PARAGRAPHS || chars > ROUNDUP_ITEM_CHARS;
  }
}
