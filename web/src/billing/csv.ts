/**
 * CSV files for the console's exports, written by papaparse (quoting, embedded commas, quotes and line breaks), with
 * cells that a spreadsheet would run as a formula ("=…", "+…", "-…", "@…") prefixed with an apostrophe. Numbers stay
 * numbers.
 */
import Papa from 'papaparse'

export type CsvCell = string | number | null

/** How a table's rows are exported: the file's name, its header, and each row's cells (the ones the table shows). */
export interface RecordCsv<R> {
  fileName: string
  header: string[]
  cells: (row: R) => CsvCell[]
}

/** A CSV document: a header row, then the rows, CRLF line endings (RFC 4180). */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return Papa.unparse({ fields: header, data: rows.map((r) => r.map(neutralise)) }, { newline: '\r\n' })
}

function neutralise(cell: CsvCell): CsvCell {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell
}

/** Offers `csv` to the browser as a download named `fileName`. */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  URL.revokeObjectURL(url)
}
