import { FieldValue } from 'firebase-admin/firestore'
import { onCall } from 'firebase-functions/v2/https'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { readAppointmentInvites, revokeInvite } from '../invites/inviteStore'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { requireRole } from '../lib/authorize'
import { afterVisitEnded, finishVisitInTransaction } from '../visits/finishVisit'
import { assertMayChange } from './access'
import { CancelAppointmentInput } from './validation'

/**
 * Cancels an appointment; its patients' links stop working at once, and a live visit ends through the one
 * end-of-visit path (`finishVisitInTransaction`, then `afterVisitEnded`): presence shown as left, the media key
 * and the signalling deleted. Cancelling twice is harmless, and finishes a visit an earlier cancellation left live.
 */
export const cancelAppointment = onCall(async (request) => {
  const input = parseInput(CancelAppointmentInput, request.data)
  const caller = await requireRole(request, input.practiceId, ['owner', 'staff', 'practitioner'])
  const ref = db().doc(paths.appointment(input.practiceId, input.appointmentId))

  const visitRef = { practiceId: input.practiceId, appointmentId: input.appointmentId }
  const endedVisit = await db().runTransaction(async (tx) => {
    const appointment = await tx.get(ref)
    assertMayChange(caller, appointment)
    const alreadyCancelled = appointment.get('status') === 'cancelled'
    const invites = alreadyCancelled ? [] : await readAppointmentInvites(tx, input.practiceId, input.appointmentId)
    const finished = await finishVisitInTransaction(tx, visitRef, {
      endedBy: caller.uid,
      actor: caller,
      reason: 'appointment-cancelled',
      endedAt: new Date(),
    })
    if (alreadyCancelled) return finished
    tx.update(ref, {
      status: 'cancelled',
      cancelledAt: FieldValue.serverTimestamp(),
      cancelReason: input.reason ?? '',
      updatedAt: FieldValue.serverTimestamp(),
    })
    for (const invite of invites) revokeInvite(tx, invite.id, 'appointment-cancelled')
    appendAuditInTransaction(tx, input.practiceId, {
      actor: caller,
      action: 'appointment.cancelled',
      target: { type: 'appointment', id: input.appointmentId },
      details: { invitesRevoked: invites.length, visitEnded: finished !== null },
    })
    return finished
  })
  if (endedVisit) {
    await afterVisitEnded(visitRef)
    logs.visitEnded(input.practiceId, input.appointmentId, endedVisit.creditsEstimate.credits)
  }
  logs.appointmentCancelled(input.practiceId, input.appointmentId)
  return { appointmentId: input.appointmentId }
})
