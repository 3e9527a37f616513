import { Timestamp, type DocumentSnapshot, type QueryDocumentSnapshot, type QuerySnapshot, type Transaction } from 'firebase-admin/firestore'
import { appendAuditInTransaction, type AuditActor } from '../audit/appendAudit'
import { settleVisitCharges } from '../billing/settleVisitCharges'
import { creditsForVisit, type VisitCredits } from '../domain/credits'
import { ledgerEntryId } from '../domain/ledger'
import type { PendingVisitCharge, VisitDoc, VisitRef } from '../domain/visit'
import { deleteVisitChat } from '../chat/deleteVisitChat'
import { db } from '../lib/db'
import { visitRefs } from './visitStore'

/** Why a visit ended; the audit entry and the visit document record it. */
export type VisitEndReason = NonNullable<VisitDoc['endReason']>

/** What a live visit looks like when deciding when it ended: its Start and every participant's last heartbeat. */
export interface VisitPresence {
  practitionerJoinedAt: Date
  lastSeen: Date[]
}

/** Every participant's last heartbeat, whatever their state. */
export function lastSeenOf(participants: QueryDocumentSnapshot[]): Date[] {
  return participants.flatMap((p) => {
    const seen = p.get('lastSeenAt') as Timestamp | undefined
    return seen ? [seen.toDate()] : []
  })
}

export interface FinishVisitOptions {
  /** Who ended it: a member uid, or `system` for the sweep. */
  endedBy: string
  actor: AuditActor
  reason: VisitEndReason
  /**
   * The moment the visit counts as ended (billing counts up to here); or, for the sweep, a decision from the
   * presence read in this attempt: the moment, or null to leave the visit live.
   */
  endedAt: Date | ((presence: VisitPresence) => Date | null)
}

export interface FinishedVisit {
  endedAt: Date
  endedBy: string
  creditsEstimate: VisitCredits
  /** What the ledger was charged: the credits, or 0 when no patient joined (no entry then). */
  creditsCharged: number
}

/**
 * The one way a live visit ends, inside the caller's transaction: the visit is marked ended with what it costs
 * (2 credits per started 15-minute block per patient who joined) and that charge pending, every participant shown
 * as left, and the end audited. `afterVisitEnded` then settles the charge into the ledger (`visit_{appointmentId}`)
 * and cleans up. A second End finds the visit ended, so a visit is charged exactly once.
 *
 * Like applyLedgerEntry, it reads without locks and writes with preconditions (the visit and every participant
 * unchanged since read): two Ends at once, or an End and the sweep, would otherwise lock each other out. The
 * losing commit fails and is run again, so run the transaction with `runLedgerTransaction`, and do the caller's own
 * `tx.get` reads before calling this (it writes). Returns null when there is no live visit to end (or `endedAt`
 * decided to leave it live). `afterVisitEnded` must follow the transaction.
 */
export async function finishVisitInTransaction(
  tx: Transaction,
  ref: VisitRef,
  options: FinishVisitOptions,
  reads?: VisitReads,
): Promise<FinishedVisit | null> {
  return (await tryFinishVisitInTransaction(tx, ref, options, reads)).finished
}

/**
 * What the caller has just read of the visit, without a lock, for the ending transaction to start from instead of
 * reading it again (only in a first attempt: the commit's preconditions catch anything that changed since, and the
 * next attempt reads afresh). Without the participants, they are read only for a visit still live.
 */
export interface VisitReads {
  visit: DocumentSnapshot
  participants?: QuerySnapshot
}

/**
 * {@link finishVisitInTransaction}, also handing back the visit as this attempt read it: a caller that finds it
 * already ended (endVisit) answers from it without reading it again.
 */
export async function tryFinishVisitInTransaction(
  tx: Transaction,
  ref: VisitRef,
  options: FinishVisitOptions,
  reads?: VisitReads,
): Promise<{ finished: FinishedVisit | null; visit: DocumentSnapshot }> {
  const refs = visitRefs(ref)
  // Side by side when nothing is at hand; after a given visit, the participants only if it is still live.
  const [visit, participantsRead] = reads
    ? [reads.visit, reads.participants ?? null]
    : await Promise.all([refs.visit.get(), refs.participants.get()])
  const notFinished = { finished: null, visit }
  if (!visit.exists || visit.get('status') !== 'live') return notFinished
  const participants = participantsRead ?? (await refs.participants.get())
  const practitionerJoinedAt = (visit.get('practitionerJoinedAt') as Timestamp).toDate()
  const endedAt =
    typeof options.endedAt === 'function'
      ? options.endedAt({
          practitionerJoinedAt,
          lastSeen: lastSeenOf(participants.docs),
        })
      : options.endedAt
  if (!endedAt) return notFinished

  const creditsEstimate = creditsForVisit({
    joinedAt: practitionerJoinedAt,
    endedAt,
    patients: ((visit.get('joinedPatientIds') as string[] | undefined) ?? []).length,
  })
  const entryId = ledgerEntryId.visit(ref.appointmentId)
  const creditsCharged = creditsEstimate.credits
  // The charge goes to the ledger right after this transaction (settleVisitCharges), not inside it: every charge
  // of a practice moves the same balance document, and settling many visits in one transaction keeps a busy
  // practice's Ends from queueing behind each other on it.
  const pendingCharge: PendingVisitCharge | null =
    creditsCharged > 0
      ? { credits: creditsCharged, blocks: creditsEstimate.blocks, patients: creditsEstimate.patients, reason: options.reason, actor: options.actor }
      : null
  tx.update(
    refs.visit,
    {
      status: 'ended',
      endedAt: Timestamp.fromDate(endedAt),
      endedBy: options.endedBy,
      endReason: options.reason,
      creditsEstimate,
      creditsCharged,
      ledgerEntryId: creditsCharged > 0 ? entryId : null,
      chargePending: pendingCharge !== null,
      pendingCharge,
    },
    { lastUpdateTime: visit.updateTime! },
  )
  // Every participant, left or not: the precondition makes a heartbeat that lands meanwhile restart the decision.
  for (const participant of participants.docs) {
    tx.update(participant.ref, { state: 'left' }, { lastUpdateTime: participant.updateTime })
  }
  // The media key goes in the same commit (a known document, unlike the chat and the signals the clean-up lists):
  // no moment where the visit has ended and its key is still there, and one round trip less after each End.
  tx.delete(refs.mediaKey)
  appendAuditInTransaction(tx, ref.practiceId, {
    actor: options.actor,
    action: 'visit.ended',
    target: { type: 'visit', id: ref.appointmentId },
    details: { ...creditsEstimate, reason: options.reason },
  })
  return { finished: { endedAt, endedBy: options.endedBy, creditsEstimate, creditsCharged }, visit }
}

/**
 * What follows every ending transaction: the clean-up (the chat and the signalling must not outlive the visit a
 * moment longer than needed; the media key went with the ending commit) and, side by side with it, the charge
 * settled into the ledger. Both are safe to repeat, so a second End (or the sweep) finishes what a first one cut
 * short. `settle: false` for an End that found the visit ended with nothing pending: only the clean-up is left.
 */
export async function afterVisitEnded(ref: VisitRef, { settle = true }: { settle?: boolean } = {}): Promise<void> {
  await Promise.all([cleanUpEndedVisit(ref), settle ? settleVisitCharges(ref.practiceId) : null])
}

/**
 * What must not outlive a visit: the WebRTC signalling, the chat (messages, files and their chunks), and the media
 * key if it is still there (the ending commit deletes it; a visit ended before it did so may still have one). Runs
 * after the ending transaction (these can be many) and on every End, so a clean-up cut short is finished by a retry.
 */
export async function cleanUpEndedVisit(ref: VisitRef): Promise<void> {
  const refs = visitRefs(ref)
  // One listing of the visit's sub-collections says which still hold anything (a collection is listed while any
  // document lies under it, the chunks of an attachment already deleted included): a repeat End, or a visit without
  // signalling or chat, then costs that one read instead of a query per collection.
  const present = new Set((await refs.visit.listCollections()).map((collection) => collection.id))
  await Promise.all([
    present.has(refs.signals.id) ? db().recursiveDelete(refs.signals) : null,
    present.has(refs.mediaKey.parent.id) ? refs.mediaKey.delete() : null,
    deleteVisitChat(ref, present),
  ])
}
