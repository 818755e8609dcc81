// Date extraction and resolution: the one module that knows how a meeting's date is written
// and how a partial date (`2月3日`, `6日`) gets its year and month from neighbouring meetings.

import type { Meeting, MeetingDate, RawDate, Span } from './model';

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
// Day-only leads: `2日下午，习近平…`, `习近平6日在京出席…`. The lookbehind keeps `23日` of `2月23日` out.
const DAY_FOLLOWERS = '上午|下午|晚上|晚间|晚|早上|中午|凌晨|在|出席|召开|主持|举行|会见|同|致|电|，';
const DATE_RE = new RegExp(
  `(?:(${YEAR})年)?(${NUM})月(${NUM})日|(?<![0-9０-９月一二三四五六七八九十])(${NUM})日(?=${DAY_FOLLOWERS})`,
  'g',
);
const FULL_DATE_LINE_RE = new RegExp(`^[（(]?\\s*(${YEAR})年(${NUM})月(${NUM})日\\s*[）)]?$`);

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
      return { raw, span: { start: offset + m.index, end: offset + m.index + m[0].length } };
    }
  }
  return undefined;
}

/** A line that is nothing but a full date, optionally in brackets: `（2020年2月23日）`. */
export function parseDateLine(trimmed: string, offset: number): FoundDate | undefined {
  if (trimmed.length > 24) return undefined;
  const m = FULL_DATE_LINE_RE.exec(trimmed);
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
 * Fill year and month of partial dates from neighbours. The meetings must be in corpus order
 * (which is date order). Fully stated dates anchor their neighbours both ways; a partial date
 * takes its year/month from the nearest resolved meeting before it, or failing that, after it.
 * A year hint (from a file name like `2020-03.txt`) beats a neighbour for the year of a
 * month-and-day date, because the file says so and neighbours may come from another file.
 * Meetings with nothing written borrow the date of the nearest resolved neighbour.
 * Safe to call again: it works from `rawDate`, never from a previous resolution.
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
  const setDate = (i: number, ymd: Ymd, source: MeetingDate['source']): void => {
    resolved[i] = ymd;
    ms[i].date = { iso: iso(ymd.y, ymd.m, ymd.d), source, span: ms[i].date?.span };
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
    if (fixed?.year !== undefined) {
      setMetadataDate(i, fixed, raw);
      prev = resolved[i];
      continue;
    }
    if (!raw || raw.day === undefined) continue;
    if (raw.year !== undefined && raw.month !== undefined) {
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
      }
    }
  }
}

function hasWrittenDay(m: Meeting): boolean {
  return m.rawDate?.day !== undefined;
}

function safeHint(hints: { yearFromPath?: (m: Meeting) => number | undefined } | undefined, m: Meeting): number | undefined {
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

export { parseNumber as parseDateNumber };
