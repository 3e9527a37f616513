import { Timestamp } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { creditsForVisit, type VisitCredits } from '../domain/credits'
import type { EndVisitResult } from '../domain/visit'
import { db } from '../lib/db'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { requireVisitCaller, VisitRefInput } from './visitCaller'
import { visitRefs } from './visitStore'

/**
 * Ends the visit for everyone (the appointment's practitioner, or an owner): no more media access, every
 * participant shown as left, the WebRTC signalling and the media key deleted. Stores what the visit will cost
 * (`creditsEstimate`) without charging it: billing is a later issue. Ending an ended visit returns the same result.
 */
export const endVisit = onCall(async (request): Promise<EndVisitResult> => {
  const ref = parseInput(VisitRefInput, request.data)
  const { caller } = await requireVisitCaller(request, ref, ['practitioner', 'owner'], {
    refusal: "Only the appointment's practitioner or a practice owner can end the visit.",
  })
  const refs = visitRefs(ref)
  const now = new Date()

  const { result, ended } = await db().runTransaction(async (tx) => {
    const visit = await tx.get(refs.visit)
    if (!visit.exists) throw new HttpsError('failed-precondition', 'The visit has not started, so there is nothing to end.')
    if (visit.get('status') === 'ended') {
      const previous: EndVisitResult = {
        status: 'ended',
        endedAt: (visit.get('endedAt') as Timestamp).toDate().toISOString(),
        endedBy: visit.get('endedBy') as string,
        creditsEstimate: visit.get('creditsEstimate') as VisitCredits,
      }
      return { result: previous, ended: false }
    }
    const participants = await tx.get(refs.participants)
    const creditsEstimate = creditsForVisit({
      joinedAt: (visit.get('practitionerJoinedAt') as Timestamp).toDate(),
      endedAt: now,
      patients: ((visit.get('joinedPatientIds') as string[] | undefined) ?? []).length,
    })
    tx.update(refs.visit, { status: 'ended', endedAt: Timestamp.fromDate(now), endedBy: caller.uid, creditsEstimate })
    for (const participant of participants.docs) {
      if (participant.get('state') !== 'left') tx.update(participant.ref, { state: 'left' })
    }
    appendAuditInTransaction(tx, ref.practiceId, {
      actor: { uid: caller.uid, role: caller.role },
      action: 'visit.ended',
      target: { type: 'visit', id: ref.appointmentId },
      details: { ...creditsEstimate },
    })
    const first: EndVisitResult = { status: 'ended', endedAt: now.toISOString(), endedBy: caller.uid, creditsEstimate }
    return { result: first, ended: true }
  })

  // After the transaction (signals can be many) and on every call, so a clean-up cut short is finished by a retry.
  await Promise.all([db().recursiveDelete(refs.signals), refs.mediaKey.delete()])
  if (ended) logs.visitEnded(ref.practiceId, ref.appointmentId, result.creditsEstimate.credits)
  return result
})
