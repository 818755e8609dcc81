// CSV as RFC 4180 writes it (CRLF line ends, fields with a comma, quote or line break in double
// quotes, quotes doubled), behind a UTF-8 byte-order mark: without it, spreadsheet programs read
// the file in the system's legacy code page and the Chinese comes out garbled.

export const BOM = '\uFEFF';

export type CsvCell = string | number | boolean | null | undefined;

export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: readonly (readonly CsvCell[])[], options: { bom?: boolean } = {}): string {
  const body = rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  return (options.bom === false ? '' : BOM) + body;
}
