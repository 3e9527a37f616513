/**
 * The ledger as the Billing page filters it: newest first, optionally one kind and a date range (practice-local
 * days turned into instants by the page). Each filter combination is served by an index in firestore.indexes.json,
 * so a page reads only its own rows however long the ledger grows.
 */
import type { LedgerEntryKind } from '@domain/ledger'
import type { CollectionReference, Query } from 'firebase/firestore'
import { newestFirst, type InstantRange } from './recordQuery'

export interface LedgerFilters extends InstantRange {
  kind: LedgerEntryKind | null
}

export function ledgerQuery<T>(ledger: CollectionReference<T>, filters: LedgerFilters): Query<T> {
  return newestFirst(ledger, { kind: filters.kind }, filters)
}
