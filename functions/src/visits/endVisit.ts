import type { Timestamp } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import type { VisitCredits } from '../domain/credits'
import type { EndVisitResult } from '../domain/visit'
import { runLedgerTransaction } from '../billing/ledger'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { answeringWarmUp } from '../lib/warmUp'
import { afterVisitEnded, tryFinishVisitInTransaction } from './finishVisit'
import { requireVisitCaller, VisitRefInput } from './visitCaller'
import { visitRefs } from './visitStore'

/**
 * Ends the visit for everyone (the appointment's practitioner, or an owner): no more media access, every
 * participant shown as left, the WebRTC signalling and the media key deleted, and the visit charged to the credit
 * ledger (settled right after the ending transaction, with any other visit of the practice whose charge is
 * pending). Ending an ended visit (a second click, a retry, the sweep first) charges nothing more, finishes what
 * the first End may have left undone, and returns what the visit cost; an End that loses the race to end it (sent
 * twice at once) returns the same and leaves the rest to the winner.
 * Works whatever the appointment's state (cancelled, completed), so a visit can never be stranded live.
 * Answers a warm-up request (`{ warm: true }`, sent while the visit page waits) at once.
 */
export const endVisit = onCall(answeringWarmUp(async (request): Promise<EndVisitResult> => {
  const ref = parseInput(VisitRefInput, request.data)
  const checked = await requireVisitCaller(request, ref, ['practitioner', 'owner'], {
    refusal: "Only the appointment's practitioner or a practice owner can end the visit.",
    anyAppointmentState: true,
    withVisit: true,
  })
  const { caller } = checked
  let visit = checked.visit!
  if (!visit.exists) throw new HttpsError('failed-precondition', 'The visit has not started, so there is nothing to end.')

  // An ended visit stays ended (Start refuses it), so one seen ended needs no transaction.
  const seenLive = visit.get('status') === 'live'
  if (seenLive) {
    const seen = visit
    const attempt = await runLedgerTransaction(async (tx, n) =>
      tryFinishVisitInTransaction(
        tx,
        ref,
        {
          endedBy: caller.uid,
          actor: { uid: caller.uid, role: caller.role },
          reason: 'ended-by-practitioner',
          endedAt: new Date(),
        },
        // The first attempt ends the visit as the checks read it. A commit that lost a race (most often to the
        // same End sent twice) reads the visit alone first: found ended, there are no participants to read.
        { visit: n === 1 ? seen : await visitRefs(ref).visit.get() },
      ),
    )
    const { finished } = attempt
    if (finished) {
      await afterVisitEnded(ref)
      logs.visitEnded(ref.practiceId, ref.appointmentId, finished.creditsEstimate.credits)
      return {
        status: 'ended',
        endedAt: finished.endedAt.toISOString(),
        endedBy: finished.endedBy,
        creditsEstimate: finished.creditsEstimate,
        creditsCharged: finished.creditsCharged,
      }
    }
    visit = attempt.visit
  }

  // Ended before: a second click, a retry, or the sweep first. The clean-up may have been cut short, so it runs
  // again (cheap when there is nothing left). The charge is settled by whoever ended the visit, or by the sweep
  // should they die; only while it is still pending does this End try too (a retry must not wait for the sweep).
  // Neither when this End saw the visit live and lost the race to end it (most often to the same End sent twice):
  // whoever won ended it moments ago and is cleaning up and settling right now, as every ending does, so doing
  // both too would only add round trips to the busiest moment.
  if (!seenLive) await afterVisitEnded(ref, { settle: visit.get('chargePending') === true })
  return {
    status: 'ended',
    endedAt: (visit.get('endedAt') as Timestamp).toDate().toISOString(),
    endedBy: visit.get('endedBy') as string,
    creditsEstimate: visit.get('creditsEstimate') as VisitCredits,
    creditsCharged: (visit.get('creditsCharged') as number | undefined) ?? 0,
  }
}))
