/**
 * A ledger entry as a row for people: the same cells in the Billing table and in its CSV export, so the file
 * matches the table.
 */
import { LEDGER_KIND_LABELS } from '@domain/ledger'
import type { LedgerEntry } from '@/firebase/models'
import type { RecordCsv } from './csv'
import { formatPracticeDateTime } from './dateRange'

export interface LedgerRow {
  id: string
  date: string
  kind: string
  /** What it was for, in words. */
  description: string
  /** The visit's appointment id, when the entry is for a visit (the table links to it). */
  visitId: string | null
  delta: number
  balanceAfter: number
}

export function ledgerRow(entry: LedgerEntry, timeZone: string): LedgerRow {
  const details = entry.details ?? {}
  const plural = (n: unknown, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  let description: string
  switch (entry.kind) {
    case 'visit':
      description = `Video visit: ${plural(details.blocks, 'block')} of 15 min × ${plural(details.patients, 'patient')}${details.reason === 'abandoned' ? ' (ended automatically)' : ''}`
      break
    case 'call':
      description = `Phone call: ${plural(details.minutes, 'minute')}`
      break
    default:
      description = typeof details.reason === 'string' ? details.reason : LEDGER_KIND_LABELS[entry.kind]
  }
  return {
    id: entry.id,
    date: entry.at ? formatPracticeDateTime(entry.at.toDate(), timeZone) : '',
    kind: LEDGER_KIND_LABELS[entry.kind] ?? entry.kind,
    description,
    visitId: entry.kind === 'visit' ? entry.ref.id : null,
    delta: entry.delta,
    balanceAfter: entry.balanceAfter,
  }
}

/** The Billing page's export of the filtered ledger, named for the days it covers ('YYYY-MM-DD', either may be ''). */
export function ledgerCsv(fromDay: string, toDay: string): RecordCsv<LedgerRow> {
  return {
    fileName: `credit-ledger${fromDay ? `-from-${fromDay}` : ''}${toDay ? `-to-${toDay}` : ''}.csv`,
    header: ['Date', 'Kind', 'For', 'Change', 'Balance after', 'Entry'],
    cells: (row) => [row.date, row.kind, row.description, row.delta, row.balanceAfter, row.id],
  }
}
