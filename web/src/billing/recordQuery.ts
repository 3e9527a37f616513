/**
 * A log of records (the audit log, the credit ledger) as its page filters it: equalities on the fields given (a null
 * value: no filter), a range of instants on `at` (inclusive start, exclusive end; null = open), newest first. Each
 * combination a page offers needs its index in firestore.indexes.json.
 */
import { orderBy, query, Timestamp, where, type CollectionReference, type Query, type QueryConstraint } from 'firebase/firestore'

export interface InstantRange {
  from: Date | null
  to: Date | null
}

export function newestFirst<T>(records: CollectionReference<T>, equal: Record<string, string | null>, range: InstantRange): Query<T> {
  const constraints: QueryConstraint[] = []
  for (const [field, value] of Object.entries(equal)) if (value) constraints.push(where(field, '==', value))
  if (range.from) constraints.push(where('at', '>=', Timestamp.fromDate(range.from)))
  if (range.to) constraints.push(where('at', '<', Timestamp.fromDate(range.to)))
  return query(records, ...constraints, orderBy('at', 'desc'))
}
