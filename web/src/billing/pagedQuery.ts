/**
 * Cursor paging over a Firestore query, counting the documents each request reads: the Billing and Audit pages use
 * it for their tables and CSV exports, and the bench for its figures. Only `firebase/firestore` imports, so the
 * bench can run it against the emulator with its own client.
 */
import { getDocs, limit, query, startAfter, type Query, type QueryDocumentSnapshot } from 'firebase/firestore'

export interface Page<T> {
  rows: T[]
  /** Where the next page starts; null on the last page. */
  next: QueryDocumentSnapshot<T> | null
  /** Documents this request read (an empty result still costs one). */
  documentsRead: number
}

/**
 * One page of `ordered` (already filtered and ordered) after `after`. Asks for one row more than it shows, so it
 * knows whether there is a next page without a second request.
 */
export async function fetchPage<T>(ordered: Query<T>, pageSize: number, after: QueryDocumentSnapshot<T> | null): Promise<Page<T>> {
  const constrained = after ? query(ordered, startAfter(after), limit(pageSize + 1)) : query(ordered, limit(pageSize + 1))
  const snap = await getDocs(constrained)
  const docs = snap.docs.slice(0, pageSize)
  return {
    rows: docs.map((d) => d.data()),
    next: snap.size > pageSize ? docs[docs.length - 1]! : null,
    documentsRead: Math.max(snap.size, 1),
  }
}

/** Every row of `ordered`, a batch at a time (for CSV export of the filtered rows). */
export async function fetchAll<T>(ordered: Query<T>, batchSize = 1000): Promise<{ rows: T[]; documentsRead: number }> {
  const rows: T[] = []
  let documentsRead = 0
  let after: QueryDocumentSnapshot<T> | null = null
  for (;;) {
    const page: Page<T> = await fetchPage(ordered, batchSize, after)
    rows.push(...page.rows)
    // fetchPage reads one row past the batch to learn whether more follow.
    documentsRead += page.documentsRead
    if (!page.next) return { rows, documentsRead }
    after = page.next
  }
}
