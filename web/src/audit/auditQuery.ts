/**
 * The audit log as the Audit page filters it: newest first, by action, by member (the actor's uid), by what an
 * entry is about (its target id, e.g. one visit) and by date range. Each combination has an index in
 * firestore.indexes.json.
 */
import type { CollectionReference, Query } from 'firebase/firestore'
import { newestFirst, type InstantRange } from '@/billing/recordQuery'

export interface AuditFilters extends InstantRange {
  action: string | null
  memberUid: string | null
  targetId: string | null
}

export function auditQuery<T>(audit: CollectionReference<T>, filters: AuditFilters): Query<T> {
  return newestFirst(audit, { action: filters.action, 'actor.uid': filters.memberUid, 'target.id': filters.targetId }, filters)
}
