/**
 * The audit log as the Audit page filters it: newest first, by action, by member (the actor's uid), by what an
 * entry is about (its target id, e.g. one visit) and by date range. Each combination has an index in
 * firestore.indexes.json.
 */
import { orderBy, query, Timestamp, where, type CollectionReference, type Query, type QueryConstraint } from 'firebase/firestore'

export interface AuditFilters {
  action: string | null
  memberUid: string | null
  targetId: string | null
  from: Date | null
  to: Date | null
}

export function auditQuery<T>(audit: CollectionReference<T>, filters: AuditFilters): Query<T> {
  const constraints: QueryConstraint[] = []
  if (filters.action) constraints.push(where('action', '==', filters.action))
  if (filters.memberUid) constraints.push(where('actor.uid', '==', filters.memberUid))
  if (filters.targetId) constraints.push(where('target.id', '==', filters.targetId))
  if (filters.from) constraints.push(where('at', '>=', Timestamp.fromDate(filters.from)))
  if (filters.to) constraints.push(where('at', '<', Timestamp.fromDate(filters.to)))
  return query(audit, ...constraints, orderBy('at', 'desc'))
}

/** The actions the filter offers: what the functions write (docs/data-model.md, audit). */
export const AUDIT_ACTIONS = [
  'appointment.created',
  'appointment.updated',
  'appointment.cancelled',
  'credits.adjusted',
  'credits.charged',
  'credits.granted',
  'credits.grantRejected',
  'invite.locked',
  'invite.redeemed',
  'invite.revealed',
  'invite.resent',
  'member.added',
  'member.removed',
  'member.roleChanged',
  'practice.updated',
  'reminder.sent',
  'visit.ended',
  'visit.started',
  'visit.startRefused',
] as const
