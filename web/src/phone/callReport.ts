/**
 * The phone communication report's query and CSV, kept apart from the page so the bench and tests use the same
 * code. Filters are equalities plus a date range on `startedAt`, ordered newest first: each equality has a composite
 * index with `startedAt desc` (firestore.indexes.json), so Firestore serves any combination by merging them, and a
 * page reads only its own rows (cursor paging, no offsets).
 */
import {
  endBefore,
  getAggregateFromServer,
  getDocs,
  limit,
  limitToLast,
  orderBy,
  query,
  startAfter,
  sum,
  count,
  Timestamp,
  where,
  type CollectionReference,
  type Query,
  type QueryConstraint,
  type QueryDocumentSnapshot,
} from 'firebase/firestore'
import type { CallLogEntry, CallLogStatus } from '@/firebase/phoneRefs'

export interface CallReportFilters {
  /** 'YYYY-MM-DD', inclusive, in the viewer's local time; '' = open. */
  fromDate: string
  toDate: string
  onBehalfOf: string
  placedBy: string
  status: CallLogStatus | ''
  fromNumber: string
  /** An E.164 number, or a recipient's full name (any case). */
  recipient: string
}

export const emptyFilters = (): CallReportFilters => ({ fromDate: '', toDate: '', onBehalfOf: '', placedBy: '', status: '', fromNumber: '', recipient: '' })

/** Owners read every call; anyone else must ask only for the calls that include them (the rules insist). */
export function reportQuery(calls: CollectionReference<CallLogEntry>, filters: CallReportFilters, viewer: { uid: string; isOwner: boolean }): Query<CallLogEntry> {
  const constraints: QueryConstraint[] = []
  if (!viewer.isOwner) constraints.push(where('visibleTo', 'array-contains', viewer.uid))
  if (filters.onBehalfOf) constraints.push(where('onBehalfOf', '==', filters.onBehalfOf))
  if (filters.placedBy) constraints.push(where('placedBy', '==', filters.placedBy))
  if (filters.status) constraints.push(where('status', '==', filters.status))
  if (filters.fromNumber) constraints.push(where('from', '==', filters.fromNumber))
  const recipient = filters.recipient.trim()
  if (recipient) {
    const digits = recipient.replace(/[\s()-]/g, '')
    constraints.push(/^\+[1-9]\d{6,14}$/.test(digits) ? where('to', '==', digits) : where('recipientNameLower', '==', recipient.toLowerCase()))
  }
  if (filters.fromDate) constraints.push(where('startedAt', '>=', Timestamp.fromDate(new Date(`${filters.fromDate}T00:00:00`))))
  if (filters.toDate) {
    const end = new Date(`${filters.toDate}T00:00:00`)
    end.setDate(end.getDate() + 1)
    constraints.push(where('startedAt', '<', Timestamp.fromDate(end)))
  }
  return query(calls, ...constraints, orderBy('startedAt', 'desc'))
}

export interface ReportPage {
  rows: CallLogEntry[]
  first: QueryDocumentSnapshot<CallLogEntry> | null
  last: QueryDocumentSnapshot<CallLogEntry> | null
  hasMore: boolean
  /** Documents Firestore returned for this page (billing reads). */
  documentsRead: number
}

/** One page after `after` (or the first page); reads pageSize + 1 documents to know whether there is more. */
export async function fetchReportPage(base: Query<CallLogEntry>, pageSize: number, after?: QueryDocumentSnapshot<CallLogEntry> | null): Promise<ReportPage> {
  const snap = await getDocs(query(base, ...(after ? [startAfter(after)] : []), limit(pageSize + 1)))
  const docs = snap.docs.slice(0, pageSize)
  return { rows: docs.map((d) => d.data()), first: docs[0] ?? null, last: docs.at(-1) ?? null, hasMore: snap.docs.length > pageSize, documentsRead: snap.docs.length }
}

/** The page before `before`. */
export async function fetchPreviousPage(base: Query<CallLogEntry>, pageSize: number, before: QueryDocumentSnapshot<CallLogEntry>): Promise<ReportPage> {
  const snap = await getDocs(query(base, endBefore(before), limitToLast(pageSize)))
  return { rows: snap.docs.map((d) => d.data()), first: snap.docs[0] ?? null, last: snap.docs.at(-1) ?? null, hasMore: true, documentsRead: snap.docs.length }
}

export interface ReportTotals {
  calls: number
  connectedSeconds: number
  credits: number
}

/** Totals over every filtered call, by aggregation on the server (no rows downloaded). */
export async function fetchReportTotals(base: Query<CallLogEntry>): Promise<ReportTotals> {
  const snap = await getAggregateFromServer(base, { calls: count(), connectedSeconds: sum('durationSeconds'), credits: sum('credits') })
  const data = snap.data()
  return { calls: data.calls, connectedSeconds: data.connectedSeconds ?? 0, credits: data.credits ?? 0 }
}

export const CSV_COLUMNS = ['Started', 'Ended', 'Recipient', 'Number', 'Status', 'On behalf of', 'Placed by', 'From', 'Connected (s)', 'Credits'] as const

function csvCell(value: string | number): string {
  const text = String(value)
  // Quote when needed; neutralise spreadsheet formulas (a name starting with = + - @).
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' && !/^\+\d+$/.test(text) ? `'${text}` : text
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

const iso = (t: { toDate(): Date } | null) => (t ? t.toDate().toISOString() : '')

export function callsToCsv(rows: CallLogEntry[]): string {
  const lines = [CSV_COLUMNS.join(',')]
  for (const r of rows) {
    lines.push(
      [iso(r.startedAt), iso(r.endedAt), r.recipient.name, r.to, r.status, r.onBehalfOfName, r.placedByName, r.from, r.durationSeconds, r.credits]
        .map(csvCell)
        .join(','),
    )
  }
  return `${lines.join('\r\n')}\r\n`
}

/** Every filtered row, in pages of 1,000, for the CSV export. */
export async function fetchAllRows(base: Query<CallLogEntry>): Promise<CallLogEntry[]> {
  const rows: CallLogEntry[] = []
  let after: QueryDocumentSnapshot<CallLogEntry> | null = null
  for (;;) {
    const page = await fetchReportPage(base, 1000, after)
    rows.push(...page.rows)
    if (!page.hasMore) return rows
    after = page.last
  }
}
