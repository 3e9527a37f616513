import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { toCsv } from '../../web/src/billing/csv'

describe('CSV export', () => {
  it('quotes commas, quotes and line breaks so the file reads back as the same cells', () => {
    const rows = [
      ['2026-03-10 14:05', 'Credit grant', 'Invoice 12, "March"\nsecond line', 500, 620, 'grant_abc'],
      ['2026-03-10 15:00', 'Video visit', 'plain', -4, 616, 'visit_x'],
    ]
    const csv = toCsv(['Date', 'Kind', 'For', 'Change', 'Balance after', 'Entry'], rows)
    const parsed = Papa.parse<string[]>(csv.trim(), { newline: '\r\n' }).data
    expect(parsed).toEqual([['Date', 'Kind', 'For', 'Change', 'Balance after', 'Entry'], ...rows.map((r) => r.map(String))])
  })

  it('keeps a spreadsheet from running a cell as a formula', () => {
    const csv = toCsv(['For'], [['=HYPERLINK("x")'], ['+1'], ['@SUM(A1)'], [-4]])
    expect(csv.split('\r\n').slice(1)).toEqual([`"'=HYPERLINK(""x"")"`, "'+1", "'@SUM(A1)", '-4'])
  })
})
