/**
 * The ledger as the Billing page filters it: newest first, optionally one kind and a date range (practice-local
 * days turned into instants by the page). Each filter combination is served by an index in firestore.indexes.json,
 * so a page reads only its own rows however long the ledger grows.
 */
import type { LedgerEntryKind } from '@domain/ledger'
import { orderBy, query, Timestamp, where, type CollectionReference, type Query, type QueryConstraint } from 'firebase/firestore'

export interface LedgerFilters {
  kind: LedgerEntryKind | null
  /** Inclusive start and exclusive end instants; null = open. */
  from: Date | null
  to: Date | null
}

export function ledgerQuery<T>(ledger: CollectionReference<T>, filters: LedgerFilters): Query<T> {
  const constraints: QueryConstraint[] = []
  if (filters.kind) constraints.push(where('kind', '==', filters.kind))
  if (filters.from) constraints.push(where('at', '>=', Timestamp.fromDate(filters.from)))
  if (filters.to) constraints.push(where('at', '<', Timestamp.fromDate(filters.to)))
  return query(ledger, ...constraints, orderBy('at', 'desc'))
}
