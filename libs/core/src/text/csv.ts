/** What a spreadsheet would run as a formula (after any quotes already put before it). */
export const FORMULA_START = /^'*[=+\-@\t\r]/;

/** One CSV cell: RFC 4180 quoting, and a leading `'` on what a spreadsheet would run as a formula. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",;\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (CRLF-terminated) of cells. */
export const csvLine = (cells: readonly string[]): string => `${cells.map(csvCell).join(',')}\r\n`;
