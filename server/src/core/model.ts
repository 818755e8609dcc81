// The corpus model: plain data, no editor or protocol types.
// Every offset in this model is a UTF-16 code unit offset into the decoded text of a file
// (the same unit JavaScript strings, LSP and VS Code use). Conversion from jieba's code points
// happens in exactly one place: positions.ts.

/** Half-open span [start, end) of UTF-16 offsets in a file's decoded text. */
export interface Span {
  start: number;
  end: number;
}

/** What a document is. `kinds.ts` lists them (`MEETING_KINDS`) and classifies a document from its title and lead. */
export type MeetingKind =
  | 'standing-committee'
  | 'politburo'
  | 'commission'
  | 'inspection'
  | 'speech'
  | 'symposium'
  /** A news item: a broadcast's or agency's report (`本台消息`, `新华社北京1月2日电`). */
  | 'news'
  /** `人民日报评论员文章：…`, `【央视快评】…`, `社论`. */
  | 'commentary'
  /** A portrait of a person: `周会明：扎根雪域高原 守望公正`, `【时代楷模】…`. */
  | 'profile'
  /** 贺信, 复信, 回信, 贺电, 致信, 致电, 唁电. */
  | 'letter'
  /** A work report: `政府工作报告`, `——在…代表大会上的报告`. */
  | 'report'
  /** A document issued or a law: `印发《…》`, `中华人民共和国…法`, `关于…的意见`. */
  | 'document'
  /** 公报. */
  | 'communique'
  /** A named conference or plenum: `中央经济工作会议`, `六中全会`, `代表大会`. */
  | 'conference'
  | 'other';

export type DateSource =
  /** Year, month and day are all written in the document's title, date line or lead. */
  | 'stated'
  /** Month and day are written; the year comes from the file's date, neighbouring documents or a year in the path. */
  | 'inferred-year'
  /** Only the day is written; year and month come from the file's date or neighbouring documents. */
  | 'inferred-month'
  /** Nothing usable of its own: the date of the file, from its name or path (`20200103.txt`). */
  | 'file-name'
  /** Nothing usable of its own: the date of the file, from its front matter (`date:` or `year:`). */
  | 'front-matter'
  /** Nothing usable is written; the date is borrowed from a neighbour or a file-name hint. */
  | 'inferred'
  /** No date could be found or inferred. */
  | 'none'
  /** Set outside the text: a dataset record's date or year field (see `Meeting.metadataDate`). */
  | 'metadata';

export interface MeetingDate {
  /** ISO `YYYY-MM-DD`, or null when source is 'none'. */
  iso: string | null;
  source: DateSource;
  /** Where the date was read from (the span of e.g. `2月3日` or `（2020年2月23日）`), if anywhere. */
  span?: Span;
  /** The last day of a range (`12月16日至18日`), ISO; `iso` is its first. */
  end?: string;
  /** Only the year is known (a front matter's `year:`); `iso` is then its 1 January. Absent: a day. */
  precision?: 'year';
}

/** A date that a file's metadata gives every document in it (see `Meeting.anchor`). */
export interface DateAnchor {
  year: number;
  /** Absent with a year alone (`year: 2020`). */
  month?: number;
  day?: number;
  source: 'file-name' | 'front-matter';
}

export type SectionKind =
  /** 一、 二、 … on its own line */
  | 'heading'
  /** （一） （二） … on its own line */
  | 'subheading'
  /** 第一部分 … */
  | 'part'
  /** 第一， 第二， … or 一是 二是 … opening a line */
  | 'item'
  /** a readout paragraph opened by a cue such as 会议指出 / 习近平强调 */
  | 'point'
  /** a sub-headline of a news roundup (`国内联播快讯`): the short item under it runs to the next */
  | 'headline';

export interface Section {
  kind: SectionKind;
  /** Display name: the heading line, or for items/points the marker or cue plus the start of the first clause. */
  name: string;
  /** The marker as written: `一、`, `（二）`, `第三，`, `二是`, `会议强调` … */
  marker: string;
  /** The line (or opening) that names the section. */
  nameSpan: Span;
  /** From the start of the section's first line to the end of the last line that belongs to it. */
  span: Span;
  children: Section[];
}

export interface Meeting {
  /** Full title; a title split over several lines is joined with one space. Outer whitespace trimmed. */
  title: string;
  /** Span of the title text (from first title line to last, trimmed). */
  titleSpan: Span;
  date: MeetingDate;
  kind: MeetingKind;
  /** From the start of the title line to the end of the document's last line. */
  span: Span;
  sections: Section[];
  /** True when the reader found no title and made the document from the file alone. */
  untitled?: boolean;
  /**
   * The date exactly as written (only the parts that are written), kept so that dates.ts can
   * resolve partial dates again when neighbouring files are known. Absent when nothing was written.
   */
  rawDate?: RawDate;
  /**
   * The file's own date (its name, or its front matter): a partial date resolves against it, and
   * a document with no date of its own takes it. Absent without metadata (dates come from neighbours).
   */
  anchor?: DateAnchor;
  /**
   * Where the written date stands: a date line (or a subtitle, an inline header) states the
   * document's date however old it is; a date in the title or the lead, of a dated file, counts
   * only when recent (see `resolveDates`).
   */
  dateWrittenIn?: 'date-line' | 'text';
  /**
   * The date a dataset record's fields give (its date field, or its year alone): it wins over
   * what the text says, and a year alone fixes only the year (see `resolveDates`).
   */
  metadataDate?: RawDate;
  /**
   * Fields of the document besides its text, title and date, as strings: a dataset record's other
   * columns, or the file's front matter (`title`, `date`, `kind`, any other). What study requests filter on.
   */
  facets?: Record<string, string>;
}

/**
 * What a dataset record says about its document besides its text (CSV, JSONL and JSON files; see
 * core/datasets.ts). The record's text is indexed as it is; this goes alongside.
 */
export interface RecordMetadata {
  /** The dataset file the record comes from: its records are one group for date resolution. */
  dataset: string;
  title?: string;
  /** With a year at least. */
  date?: RawDate;
  facets: Record<string, string>;
}

/** The parts of a meeting date that the text actually states. */
export interface RawDate {
  year?: number;
  month?: number;
  day?: number;
  /** A range's last day (`至18日`, `至1月2日`): its month when written. */
  endMonth?: number;
  endDay?: number;
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

/** Something the reader wants the user to know about a file. Never thrown; always returned. */
export interface ReadProblem {
  severity: ProblemSeverity;
  message: string;
  span?: Span;
}

export interface DecodedText {
  text: string;
  /** 'utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'gb18030' */
  encoding: string;
  problems: ReadProblem[];
  /** True when the bytes look binary; text is then empty. */
  binary: boolean;
}

/**
 * A text known by its UTF-8 bytes and its length (UTF-16 code units), decoded the first time it
 * is read. A restart that finds a file unchanged (its bytes' SHA-1 is the one the snapshot was
 * made from) puts it back without its text: decoding every file up front was a tenth of a warm
 * start, and its strings as much again in collection.
 */
export interface Utf8Text {
  readonly utf8: Uint8Array;
  readonly length: number;
}

const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The text itself, decoded from its bytes when it comes as such. */
export function textOf(text: string | Utf8Text): string {
  return typeof text === 'string' ? text : utf8Decoder.decode(text.utf8);
}

export interface ParsedFile {
  meetings: Meeting[];
  problems: ReadProblem[];
  /**
   * The text is already segmented (words separated by spaces, as jieba, pkuseg, THULAC or LTP
   * write them): its words are the user's, and it is not segmented again.
   */
  presegmented?: boolean;
  /** The front matter block (`---` … `---`), which belongs to no document. */
  frontMatter?: Span;
}
