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
