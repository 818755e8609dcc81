// Date extraction and resolution: the one module that knows how a meeting's date is written
// and how a partial date (`2月3日`, `6日`) gets its year and month from neighbouring meetings.

import type { DateAnchor, Meeting, MeetingDate, RawDate, Span } from './model';

/** A date as found in the text, with the span of the characters it was read from. */
export interface FoundDate {
  raw: RawDate;
  span: Span;
}

const CN_DIGIT: Record<string, number> = {
  '〇': 0, '零': 0, '○': 0, 'Ｏ': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4,
  '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
};

/** Arabic (ASCII or full-width) or Chinese numerals: `23`, `２３`, `二十三`, `二〇二〇`. */
function parseNumber(s: string): number | undefined {
  if (/^[0-9０-９]+$/.test(s)) {
    let n = 0;
    for (const ch of s) {
      const c = ch.charCodeAt(0);
      n = n * 10 + (c >= 0xff10 ? c - 0xff10 : c - 48);
    }
    return n;
  }
  if (s.length === 0) return undefined;
  if (!s.includes('十')) {
    // Digit by digit, as years are written: 二〇二〇.
    let n = 0;
    for (const ch of s) {
      const d = CN_DIGIT[ch];
      if (d === undefined) return undefined;
      n = n * 10 + d;
    }
    return n;
  }
  const [tens, ones] = s.split('十');
  const t = tens === '' ? 1 : CN_DIGIT[tens];
  const o = ones === '' ? 0 : CN_DIGIT[ones];
  if (t === undefined || o === undefined || tens.length > 1 || ones.length > 1) return undefined;
  return t * 10 + o;
}

const NUM = '[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3}';
const YEAR = '[0-9０-９]{4}|[〇零○一二三四五六七八九]{4}';
// Day-only leads: `2日下午，习近平…`, `习近平6日在京出席…`, `记者5日从…获悉`, `16日至18日`. The
// lookbehind keeps `23日` of `2月23日` out. Only words that follow an event's day: `3日内` or
// `5日游` are not dates.
const DAY_FOLLOWERS = '上午|下午|晚上|晚间|晚|早上|早间|中午|凌晨|傍晚|夜间|在|出席|召开|主持|举行|会见|会谈|同|与|致|电|从|向|就|对|起|发布|宣布|公布|表示|签署|抵达|开幕|闭幕|至|到|，';
// A single space may stand between the parts: text segmented by jieba writes `2020年 1月 3日`.
const DATE_RE = new RegExp(
  `(?:(${YEAR}) ?年 ?)?(${NUM}) ?月 ?(${NUM}) ?日|(?<![0-9０-９月一二三四五六七八九十])(${NUM})日(?=${DAY_FOLLOWERS})`,
  'g',
);
/** The end of a range, right after its first day: `至18日`, `至1月2日`, `—18日`. */
const RANGE_END_RE = new RegExp(`(?:至|到|—|-|－|～|~)(?:(${NUM})月)?(${NUM})日`, 'y');
const FULL_DATE_LINE_RE = new RegExp(`^[（(]?\\s*(${YEAR})年(${NUM})月(${NUM})日\\s*[）)]?$`);
// A date line as exports write it under a title: `2020-01-03`, `2020/01/03 19:09:04`.
const NUMERIC_DATE_LINE_RE = /^[（(]?\s*((?:19|20)[0-9]{2})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[ T]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?\s*[）)]?$/;

function validRaw(raw: RawDate): boolean {
  if (raw.month !== undefined && (raw.month < 1 || raw.month > 12)) return false;
  if (raw.day !== undefined && (raw.day < 1 || raw.day > 31)) return false;
  if (raw.year !== undefined && (raw.year < 1000 || raw.year > 2999)) return false;
  return true;
}

/**
 * The first meeting date in `text` (a title, or the opening of a lead paragraph).
 * `offset` is where `text` starts in the file, so the returned span is a file span.
 */
export function findMeetingDate(text: string, offset: number): FoundDate | undefined {
  DATE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DATE_RE.exec(text)) !== null) {
    const raw: RawDate = m[4] !== undefined
      ? { day: parseNumber(m[4]) }
      : { year: m[1] !== undefined ? parseNumber(m[1]) : undefined, month: parseNumber(m[2]), day: parseNumber(m[3]) };
    if (raw.year === undefined) delete raw.year;
    if (raw.day !== undefined && validRaw(raw)) {
      let end = m.index + m[0].length;
      RANGE_END_RE.lastIndex = end;
      const r = RANGE_END_RE.exec(text);
      if (r) {
        const endMonth = r[1] !== undefined ? parseNumber(r[1]) : undefined;
        const endDay = parseNumber(r[2]);
        if (endDay !== undefined && validRaw({ month: endMonth, day: endDay })) {
          if (endMonth !== undefined) raw.endMonth = endMonth;
          raw.endDay = endDay;
          end = r.index + r[0].length;
        }
      }
      return { raw, span: { start: offset + m.index, end: offset + end } };
    }
  }
  return undefined;
}

/** A line that is nothing but a full date, optionally in brackets: `（2020年2月23日）`. */
export function parseDateLine(trimmed: string, offset: number): FoundDate | undefined {
  if (trimmed.length > 24) return undefined;
  const m = FULL_DATE_LINE_RE.exec(trimmed) ?? NUMERIC_DATE_LINE_RE.exec(trimmed);
  if (!m) return undefined;
  const raw: RawDate = { year: parseNumber(m[1]), month: parseNumber(m[2]), day: parseNumber(m[3]) };
  if (!validRaw(raw)) return undefined;
  return { raw, span: { start: offset, end: offset + trimmed.length } };
}

/** Number of written parts, used to prefer the most complete of several candidate dates. */
export function rawDateWeight(raw: RawDate | undefined): number {
  if (!raw) return 0;
  return (raw.year !== undefined ? 1 : 0) + (raw.month !== undefined ? 1 : 0) + (raw.day !== undefined ? 1 : 0);
}

/** The date a meeting gets before any resolution: stated when complete, otherwise none yet. */
export function initialDate(found: FoundDate | undefined): MeetingDate {
  if (!found) return { iso: null, source: 'none' };
  const { year, month, day } = found.raw;
  if (year !== undefined && month !== undefined && day !== undefined) {
    return { iso: iso(year, month, day), source: 'stated', span: found.span };
  }
  return { iso: null, source: 'none', span: found.span };
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

interface Ymd { y: number; m: number; d: number }

function parseIso(s: string | null): Ymd | undefined {
  if (!s) return undefined;
  return { y: Number(s.slice(0, 4)), m: Number(s.slice(5, 7)), d: Number(s.slice(8, 10)) };
}

function daysIn(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Days from `a` to `b` (negative when `b` is earlier). */
function daysBetween(a: Ymd, b: Ymd): number {
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000);
}

function compare(a: Ymd, b: Ymd): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

/** Year and month for a partial date, taken from an earlier resolved date (rolling forward). */
function fromPrevious(raw: RawDate, prev: Ymd): Ymd | undefined {
  if (raw.day === undefined) return undefined;
  if (raw.month !== undefined) {
    const y = raw.month < prev.m || (raw.month === prev.m && raw.day < prev.d) ? prev.y + 1 : prev.y;
    return { y, m: raw.month, d: raw.day };
  }
  // Day only: same month unless the day went backwards, e.g. after 02-26, `2日` is 03-02.
  let { y, m } = prev;
  if (raw.day < prev.d) {
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return { y, m, d: raw.day };
}

/** Year and month for a partial date, taken from a later resolved date (rolling backward). */
function fromNext(raw: RawDate, next: Ymd): Ymd | undefined {
  if (raw.day === undefined) return undefined;
  if (raw.month !== undefined) {
    const y = raw.month > next.m || (raw.month === next.m && raw.day > next.d) ? next.y - 1 : next.y;
    return { y, m: raw.month, d: raw.day };
  }
  let { y, m } = next;
  if (raw.day > next.d) {
    m -= 1;
    if (m < 1) { m = 12; y -= 1; }
  }
  return { y, m, d: raw.day };
}

/**
 * The latest date on or before `anchor` with the written parts: news reports the past, so a
 * `5日` in a file of 2016-09-06 is 2016-09-05 and a `12月30日` in one of 2017-01-01 is 2016-12-30.
 * A day that the month before has not (`31日` after a 30-day month) goes back one more month.
 */
function onOrBefore(raw: RawDate, anchor: Ymd): Ymd | undefined {
  const { day, month } = raw;
  if (day === undefined) return undefined;
  if (raw.year !== undefined && month !== undefined) return { y: raw.year, m: month, d: day };
  if (month !== undefined) {
    const y = month < anchor.m || (month === anchor.m && day <= anchor.d) ? anchor.y : anchor.y - 1;
    return day <= daysIn(y, month) ? { y, m: month, d: day } : undefined;
  }
  let { y, m } = anchor;
  if (day > anchor.d) {
    m -= 1;
    if (m < 1) { m = 12; y -= 1; }
  }
  for (let k = 0; k < 2 && day > daysIn(y, m); k++) {
    m -= 1;
    if (m < 1) { m = 12; y -= 1; }
  }
  return day <= daysIn(y, m) ? { y, m, d: day } : undefined;
}

/**
 * How far before its file's date a lead's date may lie and still be the document's own. A day's
 * news tells of that day and the few before it (a weekend, a conference that ended yesterday); an
 * older date in the lead is an earlier event the item recalls (`1927年8月1日，南昌起义…`, a
 * feature's `8月30日，记者来到…`), a later one something announced (`将于9月7日…`): the file's
 * date is the better one then.
 */
const RECENT_DAYS = 3;

/** A range's last day, from its resolved first day and the written end (`至18日`, `至1月2日`). */
function rangeEnd(raw: RawDate, start: Ymd): Ymd | undefined {
  if (raw.endDay === undefined) return undefined;
  let { y, m } = start;
  if (raw.endMonth !== undefined) {
    if (raw.endMonth < m) y += 1;
    m = raw.endMonth;
  } else if (raw.endDay < start.d) {
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  const end = { y, m, d: raw.endDay };
  return raw.endDay <= daysIn(y, m) && compare(end, start) > 0 ? end : undefined;
}

function sourceOf(raw: RawDate): MeetingDate['source'] {
  return raw.year !== undefined && raw.month !== undefined ? 'stated' : raw.month !== undefined ? 'inferred-year' : 'inferred-month';
}

/**
 * Fill year and month of partial dates from the file's date or from neighbours. The meetings must
 * be in corpus order (which is date order).
 * - A meeting whose file has a date (its name, its front matter: `anchor`) resolves against it
 *   alone: a partial date is the latest such date on or before it; a date in the title or lead
 *   counts only when it lies at most RECENT_DAYS before it (a date line, however old); with no date of its own (or none that counts) the
 *   meeting takes the file's date.
 * - Without one, fully stated dates anchor their neighbours both ways; a partial date takes its
 *   year/month from the nearest resolved meeting before it, or failing that, after it. A year
 *   hint (a front matter's `year:`, or a file name like `2020-03.txt`) beats a neighbour for the
 *   year of a month-and-day date, because the file says so and neighbours may come from another
 *   file. Meetings with nothing written borrow the date of the nearest resolved neighbour in their
 *   file; failing that, a front matter's year.
 * Safe to call again: it works from `rawDate` and `anchor`, never from a previous resolution.
 */
export function resolveDates(
  meetingsInCorpusOrder: Meeting[],
  hints?: {
    yearFromPath?: (m: Meeting) => number | undefined;
    /** The document group (the file) of a meeting: a meeting with no written date borrows only within its group. */
    groupOf?: (m: Meeting) => unknown;
  },
): void {
  const ms = meetingsInCorpusOrder;
  const resolved: (Ymd | undefined)[] = new Array(ms.length);
  const setDate = (i: number, ymd: Ymd, source: MeetingDate['source'], ownSpan = true): void => {
    resolved[i] = ymd;
    const date: MeetingDate = { iso: iso(ymd.y, ymd.m, ymd.d), source, span: ownSpan ? ms[i].date?.span : undefined };
    const raw = ms[i].rawDate;
    const end = raw && source !== 'file-name' && source !== 'front-matter' ? rangeEnd(raw, ymd) : undefined;
    if (end) date.end = iso(end.y, end.m, end.d);
    ms[i].date = date;
  };
  const clear = (i: number): void => {
    ms[i].date = { iso: null, source: 'none', span: ms[i].date?.span };
  };
  /**
   * A record's date field is the date. A year alone (or a year and month) is completed by the
   * text's own date when that falls inside it (`（2024年3月5日）` in a record of year 2024), else
   * it is the first day of that year (or month): its source says 'metadata'.
   */
  const setMetadataDate = (i: number, fixed: RawDate, raw: RawDate | undefined): void => {
    const y = fixed.year!;
    if (fixed.month !== undefined && fixed.day !== undefined) return setDate(i, { y, m: fixed.month, d: fixed.day }, 'metadata');
    const inside = raw?.day !== undefined && raw.month !== undefined && (raw.year ?? y) === y && (fixed.month ?? raw.month) === raw.month;
    if (inside) setDate(i, { y, m: raw!.month!, d: raw!.day! }, raw!.year !== undefined ? 'stated' : 'inferred-year');
    else setDate(i, { y, m: fixed.month ?? 1, d: 1 }, 'metadata');
  };

  let prev: Ymd | undefined;
  for (let i = 0; i < ms.length; i++) {
    const raw = ms[i].rawDate;
    clear(i);
    const fixed = ms[i].metadataDate;
    const anchor = fixed?.year === undefined ? dayAnchor(ms[i]) : undefined;
    if (fixed?.year !== undefined) {
      // A dataset record's date or year field wins over what its text says.
      setMetadataDate(i, fixed, raw);
      prev = resolved[i];
      continue;
    } else if (anchor) {
      const { ymd, source, own } = anchoredDate(ms[i], anchor);
      setDate(i, ymd, source, own);
    } else if (!raw || raw.day === undefined) {
      continue;
    } else if (raw.year !== undefined && raw.month !== undefined) {
      setDate(i, { y: raw.year, m: raw.month, d: raw.day }, 'stated');
    } else if (raw.month !== undefined) {
      const hinted = safeHint(hints, ms[i]);
      if (hinted !== undefined) setDate(i, { y: hinted, m: raw.month, d: raw.day }, 'inferred-year');
      else if (prev) setDate(i, fromPrevious(raw, prev)!, 'inferred-year');
    } else if (prev) {
      setDate(i, fromPrevious(raw, prev)!, 'inferred-month');
    }
    if (resolved[i]) prev = resolved[i];
  }

  // Partial dates before the first anchor: resolve backwards from the next resolved meeting.
  let next: Ymd | undefined;
  for (let i = ms.length - 1; i >= 0; i--) {
    const raw = ms[i].rawDate;
    if (!resolved[i] && raw && raw.day !== undefined && next) {
      setDate(i, fromNext(raw, next)!, raw.month !== undefined ? 'inferred-year' : 'inferred-month');
    }
    if (resolved[i]) next = resolved[i];
  }

  // Nothing written: borrow from the nearest resolved neighbour (previous first).
  // Only within the meeting's own file: another file's date says nothing about an undated document.
  const group = (i: number): unknown => hints?.groupOf?.(ms[i]);
  let before: Ymd | undefined;
  const borrowed: (Ymd | undefined)[] = new Array(ms.length);
  for (let i = 0; i < ms.length; i++) {
    if (i > 0 && group(i) !== group(i - 1)) before = undefined;
    if (resolved[i]) before = resolved[i];
    else if (!hasWrittenDay(ms[i])) borrowed[i] = before;
  }
  let after: Ymd | undefined;
  for (let i = ms.length - 1; i >= 0; i--) {
    if (i < ms.length - 1 && group(i) !== group(i + 1)) after = undefined;
    if (resolved[i]) after = resolved[i];
    else if (!hasWrittenDay(ms[i])) {
      const source = borrowed[i] ?? after;
      const hinted = safeHint(hints, ms[i]);
      // A neighbour from another year (per the file-name hint) says nothing about this meeting.
      if (source && (hinted === undefined || hinted === source.y)) {
        ms[i].date = { iso: iso(source.y, source.m, source.d), source: 'inferred', span: ms[i].date?.span };
      } else if (ms[i].anchor) {
        // A front matter's year alone: the year is all that is known.
        ms[i].date = { iso: iso(ms[i].anchor!.year, 1, 1), source: ms[i].anchor!.source, span: undefined, precision: 'year' };
      }
    }
  }
}

/** The meeting's file date when it names a day. */
function dayAnchor(m: Meeting): Ymd | undefined {
  const a = m.anchor;
  if (!a || a.month === undefined || a.day === undefined) return undefined;
  return { y: a.year, m: a.month, d: a.day };
}

/** The date a meeting of a dated file gets, and its source; see `resolveDates`. */
function anchoredDate(m: Meeting, anchor: Ymd): { ymd: Ymd; source: MeetingDate['source']; own: boolean } {
  const raw = m.rawDate;
  const own = raw ? onOrBefore(raw, anchor) : undefined;
  if (own && raw) {
    const age = daysBetween(own, anchor);
    if (m.dateWrittenIn === 'date-line' || (age >= 0 && age <= RECENT_DAYS)) return { ymd: own, source: sourceOf(raw), own: true };
  }
  return { ymd: anchor, source: m.anchor!.source, own: false };
}

function hasWrittenDay(m: Meeting): boolean {
  return m.rawDate?.day !== undefined;
}

function safeHint(hints: { yearFromPath?: (m: Meeting) => number | undefined } | undefined, m: Meeting): number | undefined {
  if (m.anchor && m.anchor.month === undefined) return m.anchor.year;
  try {
    const y = hints?.yearFromPath?.(m);
    return typeof y === 'number' && Number.isInteger(y) && y >= 1000 && y <= 2999 ? y : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A year written in a file path (`2020-03.txt`, `corpus/2020/…`), when exactly one year-like
 * number (1900–2099) appears in the last two path segments.
 */
export function yearFromPath(path: string | undefined): number | undefined {
  if (!path) return undefined;
  const parts = path.split(/[\\/]/).filter((p) => p.length > 0).slice(-2);
  const years = new Set<number>();
  for (const part of parts) {
    // Letters around the digits mean a hash or an id (`0e2019cd`), not a year.
    const re = /(?<![0-9A-Za-z])(19[0-9]{2}|20[0-9]{2})(?![0-9A-Za-z])/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(part)) !== null) years.add(Number(m[1]));
  }
  return years.size === 1 ? [...years][0] : undefined;
}

/**
 * A date as a dataset field or front matter gives it: `2020-01-03`, `2020/1/3`, `2020.01.03`,
 * `20200103`, `2020-01-03T08:00:00Z`, `2020年1月3日`, `二〇二〇年一月三日`, or less of it
 * (`2020-03`, `2020年3月`, `2020`, `2020年`, the number 2020). Undefined when it is none of these.
 */
export function parseDateValue(value: unknown): RawDate | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && validRaw({ year: value }) ? { year: value } : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  let m = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T\s].*)?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  let raw: RawDate | undefined;
  if (m) raw = { year: Number(m[1]), month: m[2] === undefined ? undefined : Number(m[2]), day: m[3] === undefined ? undefined : Number(m[3]) };
  else if ((m = new RegExp(`^(${YEAR})年(?:(${NUM})月(?:(${NUM})日)?)?$`).exec(s))) {
    raw = { year: parseNumber(m[1]), month: m[2] === undefined ? undefined : parseNumber(m[2]), day: m[3] === undefined ? undefined : parseNumber(m[3]) };
  }
  if (!raw || raw.year === undefined) return undefined;
  if (raw.month === undefined) delete raw.month;
  if (raw.day === undefined) delete raw.day;
  return validRaw(raw) ? raw : undefined;
}

function validDay(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

// Digits touching letters are a hash or an id (`0e20190103ab`), not a date.
const PATH_YMD = /(?<![0-9A-Za-z])((?:19|20)[0-9]{2})([-_.]?)(0[1-9]|1[0-2]|[1-9])\2(0[1-9]|[12][0-9]|3[01]|[1-9])(?![0-9A-Za-z])/;
const PATH_CN = /((?:19|20)[0-9]{2})年([0-9]{1,2})月([0-9]{1,2})日/;
const YEAR_DIR = /^(?:19|20)[0-9]{2}$/;
const MONTH_DAY_FILE = /^(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])(?![0-9])/;
const TWO_DIGITS = /^(0?[1-9]|1[0-2]|[12][0-9]|3[01])(?![0-9])/;

/**
 * The day a file's name or path gives: `20200103.txt`, `2020-01-03.txt`, `2020_1_3.txt`,
 * `2020年1月3日新闻联播.txt`, `2020/0103.txt`, `2020/01/03.txt`. Only a whole valid date: a year
 * alone is a hint (`yearFromPath`), not an anchor.
 */
export function dateFromPath(path: string | undefined): DateAnchor | undefined {
  if (!path) return undefined;
  const parts = path.split(/[\\/]/).filter((p) => p.length > 0);
  const base = parts[parts.length - 1] ?? '';
  const name = base.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const found = (y: number, m: number, d: number): DateAnchor | undefined => (validDay(y, m, d) ? { year: y, month: m, day: d, source: 'file-name' } : undefined);
  let m = PATH_CN.exec(name);
  if (m) {
    const a = found(Number(m[1]), Number(m[2]), Number(m[3]));
    if (a) return a;
  }
  m = PATH_YMD.exec(name);
  // Undelimited digits must be all eight (`2020013` is no date).
  if (m && (m[2] !== '' || (m[3].length === 2 && m[4].length === 2))) {
    const a = found(Number(m[1]), Number(m[3]), Number(m[4]));
    if (a) return a;
  }
  const dir = parts[parts.length - 2];
  const dir2 = parts[parts.length - 3];
  // `2020/0103.txt`
  if (dir && YEAR_DIR.test(dir) && (m = MONTH_DAY_FILE.exec(name))) return found(Number(dir), Number(m[1]), Number(m[2]));
  // `2020/01/03.txt`
  if (dir2 && YEAR_DIR.test(dir2) && dir && TWO_DIGITS.test(dir) && (m = TWO_DIGITS.exec(name))) return found(Number(dir2), Number(dir), Number(m[1]));
  return undefined;
}

/**
 * A front matter's `date:` (`2020-01-03`, `2020/1/3`, `20200103`, `2020年1月3日`, `2020-01`,
 * `2020`) or `year:` value: the parts it gives, or undefined.
 */
export function parseMetaDate(value: string): { year: number; month?: number; day?: number } | undefined {
  const v = value.trim();
  let m = /^((?:1[0-9]|2[0-9])[0-9]{2})(?:[-/.年]([0-9]{1,2})(?:[-/.月]([0-9]{1,2})日?)?月?)?(?:[ T].*)?$/.exec(v) ?? /^((?:19|20)[0-9]{2})([0-9]{2})([0-9]{2})$/.exec(v);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < 1000 || year > 2999) return undefined;
  if (m[2] === undefined) return { year };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return { year, month };
  const day = Number(m[3]);
  return day >= 1 && day <= daysIn(year, month) ? { year, month, day } : undefined;
}

/** A meeting's date as shown: `2020-01-03`, `2020-12-16 – 2020-12-18`, a year alone, or `undated`. */
export function formatMeetingDate(date: MeetingDate): string {
  if (!date.iso) return 'undated';
  if (date.precision === 'year') return date.iso.slice(0, 4);
  return date.end ? `${date.iso} – ${date.end}` : date.iso;
}

/** Where a meeting's date came from, in a few words: `stated`, `file name`, `month from the file name`. */
export function describeDateSource(m: Meeting): string {
  const d = m.date;
  const basis = m.anchor ? (m.anchor.source === 'file-name' ? 'the file name' : 'the front matter') : undefined;
  switch (d.source) {
    case 'stated': return 'stated';
    case 'inferred-year': return basis ? `year from ${basis}` : 'year inferred';
    case 'inferred-month': return basis ? `month from ${basis}` : 'month and year inferred';
    case 'inferred': return 'inferred from neighbouring documents';
    case 'file-name': return 'file name';
    case 'front-matter': return 'front matter';
    default: return 'none found';
  }
}

export { parseNumber as parseDateNumber };
