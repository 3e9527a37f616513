import type { Timestamp } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAudit } from '../audit/appendAudit'
import { INVITE_KEY } from '../lib/config'
import { parseInput } from '../lib/validation'
import { readAppointmentForItsLinks } from '../appointments/access'
import { RevealInvitesInput } from '../appointments/validation'
import { deriveInviteSecrets } from './inviteSecrets'
import { invitesCollection } from './inviteStore'

/**
 * Shows the patients' join links and access codes of a video appointment to reception, its practitioner or an
 * owner, and only until the appointment ends: before a visit they are needed to re-send or read out; afterwards
 * they are only a risk. Every reveal is audited.
 */
export const revealInvites = onCall({ secrets: [INVITE_KEY] }, async (request) => {
  const input = parseInput(RevealInvitesInput, request.data)
  const { caller, appointment } = await readAppointmentForItsLinks(
    request,
    input,
    "Only reception, the appointment's practitioner or a practice owner can see visit links.",
  )
  const end = appointment.get('end') as Timestamp
  if (appointment.get('status') !== 'scheduled' || appointment.get('location') !== 'video' || end.toMillis() <= Date.now()) {
    throw new HttpsError('failed-precondition', 'Links are shown only until the appointment ends.')
  }

  const invites = await invitesCollection()
    .where('practiceId', '==', input.practiceId)
    .where('appointmentId', '==', input.appointmentId)
    .where('status', '==', 'active')
    .get()
  const names = new Map((appointment.get('patients') as { id: string; firstName: string }[]).map((p) => [p.id, p.firstName]))
  const key = INVITE_KEY.value()
  const revealed = invites.docs
    .map((invite) => ({ patientId: invite.get('patientId') as string, ...deriveInviteSecrets(key, invite.get('nonce') as string) }))
    .filter((i) => names.has(i.patientId))
    .map((i) => ({ ...i, firstName: names.get(i.patientId)! }))
    .sort((a, b) => [...names.keys()].indexOf(a.patientId) - [...names.keys()].indexOf(b.patientId))

  await appendAudit(input.practiceId, {
    actor: caller,
    action: 'invite.revealed',
    target: { type: 'appointment', id: input.appointmentId },
    details: { invites: revealed.length },
  })
  return { invites: revealed, visibleUntil: end.toDate().toISOString() }
})
