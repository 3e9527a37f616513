import { Timestamp } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import type { VisitCredits } from '../domain/credits'
import type { EndVisitResult } from '../domain/visit'
import { runLedgerTransaction } from '../billing/ledger'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { answeringWarmUp } from '../lib/warmUp'
import { afterVisitEnded, finishVisitInTransaction } from './finishVisit'
import { requireVisitCaller, VisitRefInput } from './visitCaller'
import { visitRefs } from './visitStore'

/**
 * Ends the visit for everyone (the appointment's practitioner, or an owner): no more media access, every
 * participant shown as left, the WebRTC signalling and the media key deleted, and the visit charged to the credit
 * ledger (settled right after the ending transaction, with any other visit of the practice whose charge is pending). Ending an ended visit (a second click, a retry, the sweep first) charges nothing
 * more and returns what the visit cost.
 * Works whatever the appointment's state (cancelled, completed), so a visit can never be stranded live.
 * Answers a warm-up request (`{ warm: true }`, sent while the visit page waits) at once.
 */
export const endVisit = onCall(answeringWarmUp(async (request): Promise<EndVisitResult> => {
  const ref = parseInput(VisitRefInput, request.data)
  const { caller } = await requireVisitCaller(request, ref, ['practitioner', 'owner'], {
    refusal: "Only the appointment's practitioner or a practice owner can end the visit.",
    anyAppointmentState: true,
  })
  const refs = visitRefs(ref)

  const { result, ended } = await runLedgerTransaction(async (tx) => {
    const finished = await finishVisitInTransaction(tx, ref, {
      endedBy: caller.uid,
      actor: { uid: caller.uid, role: caller.role },
      reason: 'ended-by-practitioner',
      endedAt: new Date(),
    })
    if (finished) {
      const first: EndVisitResult = {
        status: 'ended',
        endedAt: finished.endedAt.toISOString(),
        endedBy: finished.endedBy,
        creditsEstimate: finished.creditsEstimate,
        creditsCharged: finished.creditsCharged,
      }
      return { result: first, ended: true }
    }
    const visit = await refs.visit.get()
    if (!visit.exists) throw new HttpsError('failed-precondition', 'The visit has not started, so there is nothing to end.')
    const previous: EndVisitResult = {
      status: 'ended',
      endedAt: (visit.get('endedAt') as Timestamp).toDate().toISOString(),
      endedBy: visit.get('endedBy') as string,
      creditsEstimate: visit.get('creditsEstimate') as VisitCredits,
      creditsCharged: (visit.get('creditsCharged') as number | undefined) ?? 0,
    }
    return { result: previous, ended: false }
  })

  await afterVisitEnded(ref)
  if (ended) logs.visitEnded(ref.practiceId, ref.appointmentId, result.creditsEstimate.credits)
  return result
}))
