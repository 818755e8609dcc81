// What the lines of a title block look like, as tests on a line's trimmed text (or its first few
// hundred characters): titles, subtitles (`——在…上的报告`), bylines (`习　近　平`), roundup
// titles (`国内联播快讯`), salutations (`同志们：`), and a one-line document's inline header
// (`…的讲话（2020年2月3日）习近平`). Pure string tests: the reader decides with them.

import { parseDateLine, type FoundDate } from '../dates';

/** Longest line that can be a title (in UTF-16 units, trimmed). */
export const MAX_TITLE = 90;
/** Shortest title: keeps link-broken fragments such as `法律` or `》和《` out. */
export const MIN_TITLE = 4;

/** Characters a title, heading or lead cannot start with. */
export const BAD_START = new Set('，。、；：！？）》」』】〕,.;:!?)…—-·'.split(''));
/** Characters a title cannot end with: sentence-final or continuing punctuation, open brackets. */
export const BAD_TITLE_END = new Set('，。、；：！？,.;:!?…—《“（(「『【〔'.split(''));
/** What a news title may still end with, rarely: `…！`, `…？`. */
export const LOOSE_TITLE_END = new Set('！？!?'.split(''));
/** Characters that end a complete paragraph (a title may follow such a line directly). */
export const PARAGRAPH_END = new Set('。！？!?”’」』）)】…'.split(''));
/** Sentence punctuation: a line that has some is a paragraph, not a title. */
export const SENTENCE_PUNCTUATION = /[，。；：！？,;:!?]/;

export function balanced(t: string): boolean {
  let book = 0, quote = 0, paren = 0;
  for (let k = 0; k < t.length; k++) {
    switch (t[k]) {
      case '《': book++; break;
      case '》': book--; break;
      case '“': quote++; break;
      case '”': quote--; break;
      case '（': case '(': paren++; break;
      case '）': case ')': paren--; break;
    }
    if (book < 0 || quote < 0 || paren < 0) return false;
  }
  return book === 0 && quote === 0 && paren === 0;
}

/**
 * A line wholly in brackets or quotes: an editor's note (`（完）`, `(视频编辑：…)`), an adoption
 * note, a quoted exclamation (`“我们一定会赢！”`): never a title.
 */
export function bracketed(t: string): boolean {
  return (/^[（(［\[]/.test(t) && /[）)］\]]$/.test(t)) || (/^[“「『"]/.test(t) && /[”」』"]$/.test(t));
}

/** `——在中国共产党第二十次全国代表大会上的报告`, `——2024年3月5日在…会议上`: the line under a report's or speech's title. */
export function isSubtitle(t: string): boolean {
  return t.length <= 120 && /^(?:——|――|－－|--|—\s)\s*\S/.test(t) && !t.includes('。');
}

/** The speaker under a title: `习近平`, `习　近　平` (spaced characters), two to four Han characters. */
export function isByline(t: string): boolean {
  if (t.length > 12) return false;
  return /^[\u4e00-\u9fff](?:[\s\u3000]{0,3}[\u4e00-\u9fff]){1,3}$/.test(t);
}

/** A news roundup's title (`国内联播快讯`, `国际联播快讯`, `新闻速览`): its short items are one document. */
export function isRoundupTitle(t: string): boolean {
  return t.length <= 12 && /^【?(?:国内|国际)?(?:联播快讯|新闻快讯|新闻速览|新闻简讯|简讯|快讯|短讯|速览)】?$/.test(t);
}

/** A speech's opening words (`同志们：`, `各位代表：`): such a line has no title before it. */
export function isSalutation(t: string): boolean {
  return /^(?:同志们|同志们、朋友们|各位代表|各位委员|女士们|先生们|女士们、先生们|朋友们|同学们|老师们|亲爱的[^，。：:]{1,16}|尊敬的[^，。：:]{1,40})[，,：:！!]/.test(t);
}

/** A one-line document's header: its title, and the date and speaker written after it. */
export interface InlineHeader {
  title: string;
  /** Offset of the title in the file, and its end. */
  titleStart: number;
  titleEnd: number;
  date?: FoundDate;
  /** The header is the whole paragraph (a speaker's name at most after it): the text starts with the next. */
  whole: boolean;
}

const INLINE_DATED = /^(.+?)([（(]\s*(?:[0-9０-９]{4}|[〇零○一二三四五六七八九]{4})年[^）)]{2,12}日\s*[）)])/;
const INLINE_MARKED = /^(.+?)\s*※/;
/** What may follow a header in its paragraph and still leave it whole: a speaker's name. */
const SPEAKER = /^[\s\u3000]*(?:[\u4e00-\u9fff][\s\u3000]{0,3}){0,6}$/;

/**
 * A title written inline before a document's text: `…的讲话（2020年2月3日）习近平` or `…※习近平`,
 * alone in its paragraph or running on into the text (`…※习近平　同志们：…`). `head` is the
 * paragraph's trimmed text, `offset` where it starts in the file.
 */
export function parseInlineHeader(head: string, offset: number): InlineHeader | undefined {
  let m = INLINE_DATED.exec(head);
  let date: FoundDate | undefined;
  if (m) {
    date = parseDateLine(m[2], offset + m[1].length);
    if (!date) m = null;
  }
  m ??= INLINE_MARKED.exec(head);
  if (!m) return undefined;
  const title = m[1].trim();
  if (!inlineTitle(title)) return undefined;
  const titleStart = offset + head.indexOf(title);
  const header: InlineHeader = { title, titleStart, titleEnd: titleStart + title.length, whole: SPEAKER.test(head.slice(m[0].length)) };
  if (date) header.date = date;
  return header;
}

/** A title is short and no sentence: `同志们：今天（2020年9月8日）…` has none. */
function inlineTitle(t: string): boolean {
  return t.length >= MIN_TITLE && t.length <= MAX_TITLE + 30 && !/[，。：；！？,;:!?]/.test(t) && !BAD_START.has(t[0]) && balanced(t);
}

/** Longest name made of a document's first words. */
const FIRST_WORDS = 24;

/**
 * How much of a paragraph names a document that has no title (`同志们：今天，我们…`): up to the
 * end of its first sentence, at most FIRST_WORDS characters, never half a surrogate pair.
 */
export function firstWordsLength(t: string): number {
  let e = 0;
  while (e < t.length && e < FIRST_WORDS && !'。！？；!?;'.includes(t[e])) e++;
  if (e > 0 && e < t.length && /[\uD800-\uDBFF]/.test(t[e - 1])) e--;
  return e;
}

/** A document with no title is named by its file: `notes/随笔.txt` → `随笔`. */
export function untitledName(path: string | undefined): string {
  if (!path) return 'untitled';
  const base = path.split(/[\\/]/).filter((p) => p.length > 0).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const name = dot > 0 ? base.slice(0, dot) : base;
  return name.length > 0 ? name : 'untitled';
}
