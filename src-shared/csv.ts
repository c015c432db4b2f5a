// CSV for spreadsheets (RFC 4180 quoting), safe to open in Excel, WPS or LibreOffice.

/**
 * A cell a spreadsheet would read as a formula (`=HYPERLINK(…)`, `+1+1`, `-2+3`, `@SUM(…)`) or that
 * starts with a tab or carriage return is prefixed with `'`, so authored content (scenario titles,
 * key points, ticket values) is shown as text and never evaluated (OWASP "CSV injection").
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text with CRLF line ends, every cell through csvCell. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
