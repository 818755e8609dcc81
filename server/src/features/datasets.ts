// Requests about datasets (CSV, JSONL, JSON): a record's text for the editor tab that shows it,
// and a dataset as text files to import. Records are indexed under `corpus-record:` URIs (see
// datasetFiles.ts); clients other than VS Code can import a dataset as text files instead.

import { Connection, ErrorCodes, ResponseError } from 'vscode-languageserver';
import { CorpusService } from '../corpusService';
import { importPlan, ImportedText } from '../core/datasets';
import { readDatasetFile } from '../datasetFiles';
import { toPath } from '../workspaceFiles';

/** Longest wait for the indexing before `recordText` says a record is not there. */
const RECORD_WAIT_MS = 60000;

export interface ImportResult {
  /** One `.txt` file per record: its name (none of `existing`) and text (front matter, then the record's text). */
  files: ImportedText[];
  /** The dataset's problems as `name:line: severity: message` (records skipped, fields not found). */
  problems: string[];
}

export function registerDatasetRequests(connection: Connection, service: () => CorpusService): void {
  // A tab restored before the index has its record waits for the indexing (bounded).
  connection.onRequest('corpusStudy/recordText', async (p: { uri?: unknown }) => {
    if (typeof p?.uri !== 'string') return null;
    const uri = p.uri;
    if (!service().recordText(uri) && service().indexing) await Promise.race([service().whenReady(), new Promise((r) => setTimeout(r, RECORD_WAIT_MS).unref?.())]);
    return service().recordText(uri) ?? null;
  });

  // `existing`: the names already in the folder the files go to; the plan's names avoid them.
  connection.onRequest('corpusStudy/importDataset', async (p: { uri?: unknown; existing?: unknown }): Promise<ImportResult> => {
    const file = typeof p?.uri === 'string' ? toPath(p.uri) : undefined;
    if (!file) throw new ResponseError(ErrorCodes.InvalidParams, 'Missing parameter: uri (the file: URI of a dataset)');
    const existing = Array.isArray(p.existing) ? p.existing.filter((x): x is string => typeof x === 'string') : [];
    const reading = await readDatasetFile(file, service().settings);
    return { files: importPlan(reading.records, existing), problems: reading.problemLines };
  });
}
