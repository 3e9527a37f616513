import type { DocumentSnapshot, Timestamp } from 'firebase-admin/firestore'
import { abandonedVisitDecision } from '../domain/abandonedVisit'
import { joinWindow, joinWindowMinutes } from '../domain/joinWindow'
import type { VisitRef } from '../domain/visit'
import { db } from '../lib/db'
import { collectionGroups, paths } from '../lib/paths'
import { runLedgerTransaction } from './ledger'
import { settleVisitCharges } from './settleVisitCharges'
import { logs } from '../lib/logs'
import { documentId } from '../lib/validation'
import { afterVisitEnded, finishVisitInTransaction, lastSeenOf, type VisitPresence } from '../visits/finishVisit'
import { visitRefs } from '../visits/visitStore'

export interface VisitSweepOptions {
  now?: Date
  /** Only this practice's visits (tests share one emulator). The scheduled sweep leaves it unset. */
  practiceId?: string
  /** Visits settled at once; each is its own transaction. */
  concurrency?: number
}

export interface VisitSweepStats {
  live: number
  ended: number
  creditsCharged: number
  failed: number
}

/**
 * Ends the visits nobody ended: everyone gone for 5 minutes (no presence heartbeat) or the join window closed
 * (`abandonedVisitDecision`). Each is ended and charged through `finishVisitInTransaction`, the same path as the
 * practitioner's End, up to the last heartbeat rather than the time of the sweep; the decision is taken on the
 * presence the ending transaction read, so a heartbeat that lands meanwhile keeps the visit going. Safe to run twice or concurrently with an
 * End: whichever commits first ends and charges the visit, the other finds it ended. Reads grow with live visits.
 */
export async function sweepAbandonedVisits(options: VisitSweepOptions = {}): Promise<VisitSweepStats> {
  const now = options.now ?? new Date()
  const stats: VisitSweepStats = { live: 0, ended: 0, creditsCharged: 0, failed: 0 }
  const scope = options.practiceId
    ? db().collection(paths.visits(documentId('practice').parse(options.practiceId)))
    : db().collectionGroup(collectionGroups.visits)
  const live = await scope.where('status', '==', 'live').get()
  stats.live = live.size

  const visits = live.docs
    .filter((d) => d.ref.parent.parent?.parent.id === 'practices')
    .map((d) => ({
      ref: { practiceId: d.ref.parent.parent!.id, appointmentId: d.id } satisfies VisitRef,
      practitionerJoinedAt: (d.get('practitionerJoinedAt') as Timestamp).toDate(),
    }))
  // In random order: two sweeps at once (a run that overlaps the next, a manual one) would otherwise walk the same
  // visits in step and race for each; this way each mostly finds the other's already ended, at the cost of a read.
  shuffle(visits)
  const windows = new Map<string, Promise<number>>()
  const joinWindowOf = (practiceId: string) => {
    if (!windows.has(practiceId)) {
      windows.set(practiceId, db().doc(paths.practice(practiceId)).get().then((p) => joinWindowMinutes(p.get('settings.joinWindowMinutes'))))
    }
    return windows.get(practiceId)!
  }

  let next = 0
  const worker = async () => {
    while (next < visits.length) {
      const { ref, practitionerJoinedAt } = visits[next++]!
      try {
        const charged = await sweepOne(ref, practitionerJoinedAt, now, await joinWindowOf(ref.practiceId))
        if (charged !== null) {
          stats.ended += 1
          stats.creditsCharged += charged
        }
      } catch (err) {
        stats.failed += 1
        logs.visitSweepFailed(ref.practiceId, ref.appointmentId, err)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 16) }, worker))
  await settleLeftoverCharges(options.practiceId)
  logs.visitsSwept({ ...stats })
  return stats
}

/**
 * Settles the charges an End left pending and could not settle itself (it crashed or timed out after ending the
 * visit): every practice with a pending visit, or just `practiceId`.
 */
async function settleLeftoverCharges(practiceId: string | undefined): Promise<void> {
  const practiceIds = practiceId
    ? [practiceId]
    : [
        ...new Set(
          (await db().collectionGroup(collectionGroups.visits).where('chargePending', '==', true).get()).docs
            .filter((d) => d.ref.parent.parent?.parent.id === 'practices')
            .map((d) => d.ref.parent.parent!.id),
        ),
      ]
  for (const id of practiceIds) await settleVisitCharges(id)
}

/**
 * Ends one visit if it is abandoned; returns the credits charged, or null when it stays live. Most live visits are
 * going on, so the decision is first taken on plain reads and only an abandoned-looking visit opens a transaction
 * (which reads again and decides again, so a heartbeat that lands meanwhile still keeps it live).
 */
async function sweepOne(ref: VisitRef, practitionerJoinedAt: Date, now: Date, opensMinutesBefore: number): Promise<number | null> {
  const refs = visitRefs(ref)
  // The visit too: one another sweep or an End has ended since the list was read costs this one round trip.
  const [visit, appointment] = (await db().getAll(refs.visit, refs.appointment)) as [DocumentSnapshot, DocumentSnapshot]
  if (visit.get('status') !== 'live') return null
  const participants = await refs.participants.get()
  const start = appointment.get('start') as Timestamp | undefined
  const end = appointment.get('end') as Timestamp | undefined
  const decide = (presence: VisitPresence) => {
    // A visit whose appointment is gone has no window left: it ends at its last presence.
    const joinClosesAt = start && end ? joinWindow({ start: start.toDate(), end: end.toDate() }, opensMinutesBefore).closesAt : presence.practitionerJoinedAt
    const decision = abandonedVisitDecision({ ...presence, joinClosesAt }, now)
    return decision.abandoned ? decision.endedAt : null
  }
  if (decide({ practitionerJoinedAt, lastSeen: lastSeenOf(participants.docs) }) === null) return null
  // The first attempt decides on what was just read (the commit is conditioned on it). A retry (most often an End
  // or the other sweep ended it first) reads the visit alone first: found ended, there are no participants to read.
  const finished = await runLedgerTransaction(async (tx, attempt) =>
    finishVisitInTransaction(
      tx,
      ref,
      { endedBy: 'system', actor: { kind: 'system' }, reason: 'abandoned', endedAt: decide },
      attempt === 1 ? { visit, participants } : { visit: await refs.visit.get() },
    ),
  )
  if (!finished) return null
  await afterVisitEnded(ref)
  logs.visitEnded(ref.practiceId, ref.appointmentId, finished.creditsCharged)
  return finished.creditsCharged
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
}
