import { Timestamp, type DocumentSnapshot } from 'firebase-admin/firestore'
import { abandonedVisitDecision, presentAfter } from '../domain/abandonedVisit'
import { joinWindow, joinWindowMinutes } from '../domain/joinWindow'
import type { VisitRef } from '../domain/visit'
import { db } from '../lib/db'
import { collectionGroups, paths } from '../lib/paths'
import { runLedgerTransaction } from './ledger'
import { settleVisitCharges } from './settleVisitCharges'
import { logs } from '../lib/logs'
import { documentId } from '../lib/validation'
import { cleanUpEndedVisit, finishVisitInTransaction, lastSeenOf, type VisitPresence } from '../visits/finishVisit'
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
 * Visits whose documents (the visit and its appointment) one batched read fetches before a worker checks them in
 * turn: a read per visit would be most of a pass's round trips. Small, so what a worker checks is at most a few
 * checks old (and the ending commit is conditioned on it anyway).
 */
const LOOK_AHEAD = 10

/**
 * Ends the visits nobody ended: everyone gone for 5 minutes (no presence heartbeat) or the join window closed
 * (`abandonedVisitDecision`). Each is ended through `finishVisitInTransaction`, the same path as the practitioner's
 * End, and charged up to the last heartbeat rather than the time of the sweep; the decision is taken on the presence
 * the ending commit is conditioned on, so a heartbeat that lands meanwhile keeps the visit going. The charges are
 * settled once the pass is done, all of a practice's together (settleVisitCharges), rather than one settlement
 * attempt per visit. Safe to run twice or concurrently with an End: whichever commits first ends the visit and
 * leaves its charge pending, the other finds it ended. Reads grow with live visits.
 */
export async function sweepAbandonedVisits(options: VisitSweepOptions = {}): Promise<VisitSweepStats> {
  const now = options.now ?? new Date()
  const stats: VisitSweepStats = { live: 0, ended: 0, creditsCharged: 0, failed: 0 }
  const scope = options.practiceId
    ? db().collection(paths.visits(documentId('practice').parse(options.practiceId)))
    : db().collectionGroup(collectionGroups.visits)
  const live = await scope.where('status', '==', 'live').get()
  stats.live = live.size

  const visits: VisitRef[] = live.docs
    .filter((d) => d.ref.parent.parent?.parent.id === 'practices')
    .map((d) => ({ practiceId: d.ref.parent.parent!.id, appointmentId: d.id }))
  // In random order: two sweeps at once (a run that overlaps the next, a manual one) would otherwise walk the same
  // visits in step and race for each; this way each mostly finds the other's already ended, at the cost of a read.
  shuffle(visits)
  const present = await visitsWithPresence(now)
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
      const chunk = visits.slice(next, (next += LOOK_AHEAD))
      let reads: DocumentSnapshot[]
      try {
        reads = await db().getAll(...chunk.flatMap((ref) => [visitRefs(ref).visit, visitRefs(ref).appointment]))
      } catch (err) {
        stats.failed += chunk.length
        for (const ref of chunk) logs.visitSweepFailed(ref.practiceId, ref.appointmentId, err)
        continue
      }
      for (const [i, ref] of chunk.entries()) {
        try {
          const charged = await sweepOne(ref, reads[2 * i]!, reads[2 * i + 1]!, present.has(reads[2 * i]!.ref.path), now, await joinWindowOf(ref.practiceId))
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
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 16) }, worker))
  await settleLeftoverCharges(options.practiceId)
  logs.visitsSwept({ ...stats })
  return stats
}

/**
 * Settles the charges of the visits this pass ended, and any an End left pending and could not settle itself (it
 * crashed or timed out after ending the visit): every practice with a pending visit, or just `practiceId`.
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
 * The visits (their document paths) with a participant whose heartbeat shows them present to the sweep at `now`:
 * one query for the whole pass, of the people connected right now, instead of reading each live visit's
 * participants. Only paths are fetched.
 */
async function visitsWithPresence(now: Date): Promise<Set<string>> {
  try {
    const recent = await db()
      .collectionGroup(collectionGroups.participants)
      .where('lastSeenAt', '>', Timestamp.fromDate(presentAfter(now)))
      .select()
      .get()
    return new Set(recent.docs.map((d) => d.ref.parent.parent?.path).filter((path) => path !== undefined))
  } catch (err) {
    // Deployed before its index (firestore.indexes.json), the query is refused: then nobody is known present, and
    // each visit's own participants are read instead, as before the query existed. Slower, never wrong.
    logs.visitSweepPresenceUnknown(err)
    return new Set()
  }
}

/**
 * Ends one visit if it is abandoned; returns the credits charged, or null when it stays live. Most live visits are
 * going on, so the decision is first taken on plain reads (the visit and its appointment as the look-ahead read
 * them; the participants only for a visit nobody was seen in lately, or whose window has closed) and only an
 * abandoned-looking visit opens a transaction, whose commit is conditioned on what was read (a heartbeat that
 * lands meanwhile fails it, and the retry reads and decides again). The charge is left pending for the settlement
 * after the pass.
 */
async function sweepOne(
  ref: VisitRef,
  visit: DocumentSnapshot,
  appointment: DocumentSnapshot,
  someonePresent: boolean,
  now: Date,
  opensMinutesBefore: number,
): Promise<number | null> {
  const refs = visitRefs(ref)
  if (visit.get('status') !== 'live') return null
  const practitionerJoinedAt = (visit.get('practitionerJoinedAt') as Timestamp).toDate()
  const start = appointment.get('start') as Timestamp | undefined
  const end = appointment.get('end') as Timestamp | undefined
  // A visit whose appointment is gone has no window left: it ends at its last presence.
  const joinClosesAt = start && end ? joinWindow({ start: start.toDate(), end: end.toDate() }, opensMinutesBefore).closesAt : practitionerJoinedAt
  // Someone is present (not everyone-gone) and the window is open: it goes on, whatever the participants say.
  if (someonePresent && now < joinClosesAt) return null
  const decide = (presence: VisitPresence) => {
    const decision = abandonedVisitDecision({ ...presence, joinClosesAt }, now)
    return decision.abandoned ? decision.endedAt : null
  }
  const participants = await refs.participants.get()
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
  await cleanUpEndedVisit(ref)
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
