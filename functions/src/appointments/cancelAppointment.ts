import { FieldValue } from 'firebase-admin/firestore'
import { onCall } from 'firebase-functions/v2/https'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { readAppointmentInvites, revokeInvite } from '../invites/inviteStore'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { parseInput } from '../lib/validation'
import { requireRole } from '../lib/authorize'
import { assertMayChange } from './access'
import { CancelAppointmentInput } from './validation'

/** Cancels an appointment; its patients' links stop working at once. Cancelling twice is harmless. */
export const cancelAppointment = onCall(async (request) => {
  const input = parseInput(CancelAppointmentInput, request.data)
  const caller = await requireRole(request, input.practiceId, ['owner', 'staff', 'practitioner'])
  const ref = db().doc(paths.appointment(input.practiceId, input.appointmentId))

  await db().runTransaction(async (tx) => {
    const appointment = await tx.get(ref)
    assertMayChange(caller, appointment)
    if (appointment.get('status') === 'cancelled') return
    const invites = await readAppointmentInvites(tx, input.practiceId, input.appointmentId)
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
      details: { invitesRevoked: invites.length },
    })
  })
  logs.appointmentCancelled(input.practiceId, input.appointmentId)
  return { appointmentId: input.appointmentId }
})
