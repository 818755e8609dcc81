// Dataset files (CSV, JSONL, JSON) as documents of the corpus: each record is indexed as a text
// of its own under a virtual URI, so everything keyed by URI (the index, hovers, references, the
// views) works on records as on files.
//
// The URI of a record: `corpus-record:` + the dataset file's path + `/<number>/<title>`, e.g.
//   corpus-record:/home/me/corpus/reports.jsonl/12/2024%E5%B9%B4%E6%94%BF%E5%BA%9C%E5%B7%A5%E4%BD%9C%E6%8A%A5%E5%91%8A
// The number (from 1, the record's place in the file) identifies the record; the title is there
// so that an editor tab is named after it. Encoded as VS Code's `Uri.toString()` encodes a path
// (everything but `A-Z a-z 0-9 - . _ ~ /` percent-encoded, upper-case hex), so the URI the
// client sends back is the very string the server made. The VS Code client shows a record's
// text read-only through a content provider for the scheme (`corpusStudy/recordText`).

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DatasetReading, DatasetRecord, datasetKindOf, readDataset, recordMetadata } from './core/datasets';
import { RecordMetadata, textOf } from './core/model';
import { LineIndex } from './core/positions';
import { CorpusSettings, readCorpusFile } from './workspaceFiles';

export const RECORD_SCHEME = 'corpus-record';

/** Longest title kept in a record's URI (characters). */
const MAX_URI_TITLE = 40;

function encodePath(p: string): string {
  let out = '';
  for (const ch of p) {
    if (/[A-Za-z0-9\-._~/]/.test(ch)) out += ch;
    else {
      let enc: string;
      try {
        enc = encodeURIComponent(ch);
      } catch {
        // A lone surrogate: encoded as the replacement character.
        enc = encodeURIComponent('\ufffd');
      }
      out += enc.length === 1 ? `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : enc;
    }
  }
  return out;
}

/** The path of a dataset file as a URI path (`/C:/data/x.jsonl` on Windows), not encoded. */
function uriPathOf(file: string): string {
  return decodeURIComponent(pathToFileURL(file).pathname);
}

/** A title as one path segment: no `/` or `\`, blanks collapsed, cut to MAX_URI_TITLE. */
function titleSegment(title: string | undefined): string {
  const cleaned = (title ?? '').replace(/[\\/]/g, '／').replace(/\s+/g, ' ').trim();
  const cut = [...cleaned].slice(0, MAX_URI_TITLE).join('');
  return cut || 'untitled';
}

export function recordUri(datasetFile: string, number: number, title?: string): string {
  return `${RECORD_SCHEME}:${encodePath(`${uriPathOf(datasetFile)}/${number}/${titleSegment(title)}`)}`;
}

export function isRecordUri(uri: string): boolean {
  return uri.startsWith(`${RECORD_SCHEME}:`);
}

/** A record URI in the form `recordUri` makes (a client may encode it otherwise); other URIs as they are. */
export function normalizeRecordUri(uri: string): string {
  if (!isRecordUri(uri)) return uri;
  let rest = uri.slice(RECORD_SCHEME.length + 1);
  // An empty authority (`corpus-record:///…`) is the same URI.
  if (rest.startsWith('//')) rest = rest.slice(2);
  const cut = rest.search(/[?#]/);
  if (cut >= 0) rest = rest.slice(0, cut);
  try {
    return `${RECORD_SCHEME}:${encodePath(decodeURIComponent(rest))}`;
  } catch {
    return uri;
  }
}

/** The path a record has in the corpus order: after its dataset's siblings, records in file order. */
function recordPath(datasetFile: string, number: number): string {
  return `${datasetFile}${path.sep}${number}`;
}

/** What the index takes for a record: its text under its URI, with its metadata beside. */
export interface RecordInput {
  uri: string;
  path: string;
  text: string;
  metadata: RecordMetadata;
}

export function recordInput(datasetFile: string, record: DatasetRecord): RecordInput {
  return {
    uri: recordUri(datasetFile, record.number, record.title),
    path: recordPath(datasetFile, record.number),
    text: record.text,
    metadata: recordMetadata(datasetFile, record),
  };
}

/** Whether two records' metadata are the same (a record re-read unchanged is kept as indexed). */
export function sameMetadata(a: RecordMetadata | undefined, b: RecordMetadata | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Reads a dataset file whole (for an import; the service reads the corpus's datasets in slices):
 * its records, and its problems (those of decoding its bytes first), each with its line (from 1).
 */
export async function readDatasetFile(file: string, settings: CorpusSettings): Promise<DatasetReading & { problemLines: string[] }> {
  const kind = datasetKindOf(file);
  const name = path.basename(file);
  if (!kind) return { records: [], problems: [], fields: {}, problemLines: [`${name}: error: not a dataset (a CSV, TSV, JSONL or JSON file).`] };
  const r = await readCorpusFile(file, settings);
  const text = textOf(r.text);
  const reading = readDataset(text, kind, settings.datasetFields);
  const problems = [...r.problems, ...reading.problems];
  const lines = problems.some((p) => p.span) ? new LineIndex(text) : undefined;
  const problemLines = problems.map((p) => `${name}${p.span && lines ? `:${lines.lineOf(p.span.start) + 1}` : ''}: ${p.severity}: ${p.message}`);
  return { ...reading, problems, problemLines };
}
