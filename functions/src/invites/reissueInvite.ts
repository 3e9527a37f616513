import type { Timestamp } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { readAppointmentForItsLinks } from '../appointments/access'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { patientUid } from '../domain/visit'
import { INVITE_KEY } from '../lib/config'
import { db } from '../lib/db'
import { logs } from '../lib/logs'
import { paths } from '../lib/paths'
import { parseInput } from '../lib/validation'
import { invitesCollection, issueInvite, revokeInvite } from './inviteStore'
import { ReissueInviteInput } from './validation'

/** Why no new link can be issued for this appointment now, or null when one can. */
function reissueRefusal(appointment: FirebaseFirestore.DocumentSnapshot, visitStatus: unknown, now: number): string | null {
  if (appointment.get('status') === 'cancelled') return 'This appointment was cancelled, so no new link can be issued.'
  if (appointment.get('location') !== 'video') return 'Only video consultations have visit links.'
  const ended = appointment.get('status') !== 'scheduled' || visitStatus === 'ended' || (appointment.get('end') as Timestamp).toMillis() <= now
  return ended ? 'This visit has ended, so no new link can be issued.' : null
}

/**
 * `reissueInvite({ practiceId, appointmentId, patientId })`: a new link and access code for one patient of a video
 * appointment, for a patient who left with End call (their invite is `used`) or lost the link. The patient's old
 * invite is revoked (`reissued`) in the same transaction, so the old link and code stop working at once, and any
 * presence it holds in the visit shows as left. Reception, the appointment's practitioner or an owner, as for
 * revealing links; until the visit ends. Audited with ids only; returns the new link's token and code so the
 * console can show, copy and send it like the others.
 */
export const reissueInvite = onCall({ secrets: [INVITE_KEY] }, async (request) => {
  const input = parseInput(ReissueInviteInput, request.data)
  const { caller } = await readAppointmentForItsLinks(
    request,
    input,
    "Only reception, the appointment's practitioner or a practice owner can issue new visit links.",
  )
  const appointmentRef = db().doc(paths.appointment(input.practiceId, input.appointmentId))
  const visitRef = db().doc(paths.visit(input.practiceId, input.appointmentId))
  const key = INVITE_KEY.value()

  const issued = await db().runTransaction(async (tx) => {
    const [appointment, visit, current] = await Promise.all([
      tx.get(appointmentRef),
      tx.get(visitRef),
      tx.get(
        invitesCollection()
          .where('practiceId', '==', input.practiceId)
          .where('appointmentId', '==', input.appointmentId)
          .where('patientId', '==', input.patientId)
          .where('status', 'in', ['active', 'used']),
      ),
    ])
    if (!appointment.exists) throw new HttpsError('not-found', 'That appointment no longer exists.')
    const refusal = reissueRefusal(appointment, visit.get('status'), Date.now())
    if (refusal) throw new HttpsError('failed-precondition', refusal)
    const patient = (appointment.get('patients') as { id: string; firstName: string }[] | undefined)?.find((p) => p.id === input.patientId)
    if (!patient || !(appointment.get('patientIds') as string[] | undefined)?.includes(input.patientId)) {
      throw new HttpsError('not-found', 'That patient is not part of this appointment.')
    }
    const presences = current.docs.length
      ? await tx.getAll(...current.docs.map((invite) => db().doc(paths.visitParticipant(input.practiceId, input.appointmentId, patientUid(invite.id)))))
      : []

    for (const invite of current.docs) revokeInvite(tx, invite.id, 'reissued')
    // Whoever still holds the old link's session is out of the visit from now on.
    for (const presence of presences) {
      if (presence.exists && presence.get('state') !== 'left') tx.update(presence.ref, { state: 'left' })
    }
    const invite = issueInvite(tx, { practiceId: input.practiceId, appointmentId: input.appointmentId, patientId: input.patientId, key })
    appendAuditInTransaction(tx, input.practiceId, {
      actor: caller,
      action: 'invite.reissued',
      target: { type: 'appointment', id: input.appointmentId },
      details: { patientId: input.patientId, inviteId: invite.inviteId, replaced: current.docs.length },
    })
    return { ...invite, firstName: patient.firstName, visibleUntil: (appointment.get('end') as Timestamp).toDate().toISOString() }
  })
  logs.inviteReissued(input.practiceId, input.appointmentId, issued.inviteId)
  return {
    invite: { patientId: input.patientId, firstName: issued.firstName, token: issued.token, code: issued.code },
    visibleUntil: issued.visibleUntil,
  }
})
