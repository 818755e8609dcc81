// CSV as RFC 4180 writes it (CRLF line ends, fields with a comma, quote or line break in double
// quotes, quotes doubled), behind a UTF-8 byte-order mark: without it, spreadsheet programs read
// the file in the system's legacy code page and the Chinese comes out garbled.

import { runToEnd, Steps, STEP } from './slices';

export const BOM = '\uFEFF';

export type CsvCell = string | number | boolean | null | undefined;

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly CsvCell[])[], options: { bom?: boolean } = {}): string {
  return runToEnd(csvSteps(rows, options));
}

/** `toCsv` in steps, over rows that may be made one by one as they are written. */
export function* csvSteps(rows: Iterable<readonly CsvCell[]>, options: { bom?: boolean } = {}): Steps<string> {
  // Lines are joined a few hundred at a time: a table of 100,000 rows is then one join of a few
  // hundred strings at the end, not one long join of the whole table.
  const chunks: string[] = [];
  let lines: string[] = [];
  for (const r of rows) {
    lines.push(r.map(csvField).join(','));
    if (lines.length === STEP) {
      chunks.push(lines.join('\r\n'));
      lines = [];
      yield;
    }
  }
  if (lines.length > 0 || chunks.length === 0) chunks.push(lines.join('\r\n'));
  return (options.bom === false ? '' : BOM) + chunks.join('\r\n') + '\r\n';
}
