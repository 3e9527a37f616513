import { Timestamp, type Transaction } from 'firebase-admin/firestore'
import { appendAuditInTransaction, type AuditActor } from '../audit/appendAudit'
import { creditsForVisit, type VisitCredits } from '../domain/credits'
import type { VisitDoc, VisitRef } from '../domain/visit'
import { deleteVisitChat } from '../chat/deleteVisitChat'
import { db } from '../lib/db'
import { visitRefs } from './visitStore'

/** Why a visit ended; the audit entry and the visit document record it. */
export type VisitEndReason = NonNullable<VisitDoc['endReason']>

export interface FinishVisitOptions {
  /** Who ended it: a member uid, or `system` for the sweep. */
  endedBy: string
  actor: AuditActor
  reason: VisitEndReason
  /** The moment the visit counts as ended (billing counts up to here). */
  endedAt: Date
}

export interface FinishedVisit {
  endedAt: Date
  endedBy: string
  creditsEstimate: VisitCredits
}

/**
 * The one way a live visit ends, inside the caller's transaction: the visit is marked ended with what it costs,
 * every participant shown as left, and the end audited. Reads before it writes (Firestore transactions need all
 * reads first), so call it before the caller's own writes. Returns null when there is no live visit to end.
 * `cleanUpEndedVisit` must follow the transaction.
 */
export async function finishVisitInTransaction(
  tx: Transaction,
  ref: VisitRef,
  options: FinishVisitOptions,
): Promise<FinishedVisit | null> {
  const refs = visitRefs(ref)
  const visit = await tx.get(refs.visit)
  if (!visit.exists || visit.get('status') !== 'live') return null
  const participants = await tx.get(refs.participants)
  const creditsEstimate = creditsForVisit({
    joinedAt: (visit.get('practitionerJoinedAt') as Timestamp).toDate(),
    endedAt: options.endedAt,
    patients: ((visit.get('joinedPatientIds') as string[] | undefined) ?? []).length,
  })
  tx.update(refs.visit, {
    status: 'ended',
    endedAt: Timestamp.fromDate(options.endedAt),
    endedBy: options.endedBy,
    endReason: options.reason,
    creditsEstimate,
  })
  for (const participant of participants.docs) {
    if (participant.get('state') !== 'left') tx.update(participant.ref, { state: 'left' })
  }
  appendAuditInTransaction(tx, ref.practiceId, {
    actor: options.actor,
    action: 'visit.ended',
    target: { type: 'visit', id: ref.appointmentId },
    details: { ...creditsEstimate, reason: options.reason },
  })
  return { endedAt: options.endedAt, endedBy: options.endedBy, creditsEstimate }
}

/**
 * What must not outlive a visit: the WebRTC signalling, the media key, and the chat (messages, files and their
 * chunks). Runs after the ending transaction (these can be many) and on every End, so a clean-up cut short is
 * finished by a retry.
 */
export async function cleanUpEndedVisit(ref: VisitRef): Promise<void> {
  const refs = visitRefs(ref)
  await Promise.all([db().recursiveDelete(refs.signals), refs.mediaKey.delete(), deleteVisitChat(ref)])
}
