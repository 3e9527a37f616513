import { Timestamp } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAudit, appendAuditInTransaction } from '../audit/appendAudit'
import { currentBalance } from '../billing/ledger'
import { creditsToStartVisit, estimateVisitCredits } from '../domain/credits'
import type { StartVisitResult, VisitDoc } from '../domain/visit'
import { AGORA_APP_ID } from '../lib/config'
import { db } from '../lib/db'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { answeringWarmUp } from '../lib/warmUp'
import { assertInsideJoinWindow } from './joinWindowCheck'
import { mediaProviderFor } from './mediaAccess'
import { requireVisitCaller, VisitRefInput } from './visitCaller'
import { ensureMediaKey, visitRefs } from './visitStore'

/**
 * The practitioner's Start: inside the join window, makes the visit live (patients in the waiting room then get
 * media access) and creates the visit's media key. Starting again (a reload, a second tab) changes nothing that
 * billing reads: `practitionerJoinedAt` stays the time of the first Start. An ended visit cannot be restarted.
 * The first Start needs the charge for the first 15-minute block on the balance (a rejoin never does: a visit in
 * progress is not cut off); a refusal says the balance and what is needed, and is audited.
 * Answers a warm-up request (`{ warm: true }`, sent while the visit page waits) at once.
 */
export const startVisit = onCall(answeringWarmUp(async (request): Promise<StartVisitResult> => {
  const ref = parseInput(VisitRefInput, request.data)
  const { caller, appointment, window, timeZone } = await requireVisitCaller(request, ref, ['practitioner'], {
    refusal: "Only the appointment's practitioner can start the visit.",
  })
  const now = new Date()
  assertInsideJoinWindow(window, now, timeZone, 'started')
  const refs = visitRefs(ref)
  const mediaProvider = mediaProviderFor({ agoraAppId: AGORA_APP_ID.value() })

  const needed = creditsToStartVisit(appointment.patientIds.length)
  const started = await db().runTransaction(async (tx) => {
    // The balance is read without a lock: Start only checks it, and must not hold up the charges that write it.
    const [visit, mediaKey, balance] = await Promise.all([tx.get(refs.visit), tx.get(refs.mediaKey), currentBalance(ref.practiceId)])
    if (visit.get('status') === 'ended') {
      throw new HttpsError('failed-precondition', 'This visit has ended and cannot be started again.')
    }
    if (!visit.exists && balance < needed) return { refused: true as const, balance }
    ensureMediaKey(tx, mediaKey)
    if (visit.exists) {
      // Patients may have been changed on the appointment since; everything else stays as the first Start set it.
      tx.update(refs.visit, { patientIds: appointment.patientIds })
      return { refused: false as const, joinedAt: visit.get('practitionerJoinedAt') as Timestamp, mediaProvider: visit.get('mediaProvider') as VisitDoc['mediaProvider'], first: false }
    }
    const joinedAt = Timestamp.fromDate(now)
    tx.create(refs.visit, {
      practitionerId: appointment.practitionerId,
      patientIds: appointment.patientIds,
      status: 'live',
      mediaProvider,
      practitionerJoinedAt: joinedAt,
      joinedPatientIds: [],
      endedAt: null,
      endedBy: null,
    } satisfies VisitDoc)
    appendAuditInTransaction(tx, ref.practiceId, {
      actor: { uid: caller.uid, role: caller.role },
      action: 'visit.started',
      target: { type: 'visit', id: ref.appointmentId },
      details: { mediaProvider },
    })
    return { refused: false as const, joinedAt, mediaProvider, first: true }
  })

  if (started.refused) {
    await appendAudit(ref.practiceId, {
      actor: { uid: caller.uid, role: caller.role },
      action: 'visit.startRefused',
      target: { type: 'visit', id: ref.appointmentId },
      details: { reason: 'insufficient-credit', balance: started.balance, needed },
    })
    logs.visitStartRefused(ref.practiceId, ref.appointmentId, started.balance, needed)
    throw new HttpsError('failed-precondition', notEnoughCreditMessage(started.balance, needed))
  }

  if (started.first) logs.visitStarted(ref.practiceId, ref.appointmentId, started.mediaProvider)
  return {
    status: 'live',
    mediaProvider: started.mediaProvider,
    practitionerJoinedAt: started.joinedAt.toDate().toISOString(),
    creditsEstimate: estimateVisitCredits({ start: appointment.start, end: appointment.end, patients: appointment.patientIds.length }),
  }
}))

/** The refusal the practitioner reads: the balance, what Start needs, and who can fix it. */
export function notEnoughCreditMessage(balance: number, needed: number): string {
  const credits = (n: number) => `${n} credit${n === 1 ? '' : 's'}`
  return `Not enough credit to start this visit: the practice has ${credits(balance)} and the first 15 minutes need ${credits(needed)}. Ask a practice owner to add credits.`
}
