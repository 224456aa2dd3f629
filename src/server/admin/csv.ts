/**
 * RFC 4180 text: a field with a comma, a double quote, CR or LF is put in double quotes, its double
 * quotes doubled; records end with CRLF.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function toCsv(records: readonly (readonly string[])[]): string {
  return records.map((fields) => fields.map(csvField).join(",") + "\r\n").join("");
}

/**
 * Text a person typed, made safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return would be read as a formula, so it gets a leading `'` (OWASP's
 * advice for CSV injection), which spreadsheets show as text and do not display.
 */
export function textCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
