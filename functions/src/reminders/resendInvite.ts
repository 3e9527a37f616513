import { FieldValue, Timestamp, type Timestamp as TimestampType } from 'firebase-admin/firestore'
import { HttpsError, onCall } from 'firebase-functions/v2/https'
import { appendAudit } from '../audit/appendAudit'
import { readAppointmentForItsLinks } from '../appointments/access'
import { resendReminderId } from '../domain/reminder'
import { INVITE_KEY, TWILIO_AUTH_TOKEN, UNSUBSCRIBE_KEY } from '../lib/config'
import { parseInput } from '../lib/validation'
import { remindersCollection } from './outbox'
import { processReminder } from './processReminder'
import { newSendContext } from './sendContext'
import { twilioSmsSender } from '../lib/twilioClient'
import { ResendInviteInput } from './validation'

/**
 * Re-sends a patient's video invite (link and code) now, by email or SMS, through the outbox: the same consent
 * checks, template and exactly-once sending as scheduled reminders, and the panel shows its state the same way.
 * Reception, the appointment's practitioner or an owner, as for revealing the link.
 */
export const resendInvite = onCall({ secrets: [INVITE_KEY, TWILIO_AUTH_TOKEN, UNSUBSCRIBE_KEY] }, async (request) => {
  const input = parseInput(ResendInviteInput, request.data)
  const { caller, appointment } = await readAppointmentForItsLinks(
    request,
    input,
    "Only reception, the appointment's practitioner or a practice owner can re-send invites.",
  )
  if (appointment.get('location') !== 'video') {
    throw new HttpsError('failed-precondition', 'Only video consultations have invites to re-send.')
  }
  const end = appointment.get('end') as TimestampType
  if (appointment.get('status') !== 'scheduled' || end.toMillis() <= Date.now()) {
    throw new HttpsError('failed-precondition', 'Invites can be re-sent only until the appointment ends.')
  }
  if (!(appointment.get('patientIds') as string[] | undefined)?.includes(input.patientId)) {
    throw new HttpsError('not-found', 'That patient is not part of this appointment.')
  }

  const now = new Date()
  const ref = remindersCollection(input.practiceId, input.appointmentId).doc(resendReminderId(input.patientId, now, input.channel))
  await ref.create({
    practiceId: input.practiceId,
    appointmentId: input.appointmentId,
    patientId: input.patientId,
    channel: input.channel,
    kind: 'invite-resend',
    offsetHours: null,
    dueAt: Timestamp.fromDate(now),
    state: 'scheduled',
    reason: null,
    sentAt: null,
    attempts: 0,
    requestedBy: caller.uid,
    updatedAt: FieldValue.serverTimestamp(),
  })
  await appendAudit(input.practiceId, {
    actor: caller,
    action: 'invite.resent',
    target: { type: 'appointment', id: input.appointmentId },
    details: { patientId: input.patientId, channel: input.channel, reminderId: ref.id },
  })
  // If this instance dies here, the document is still 'scheduled' and due: the next sweep sends it.
  await processReminder(newSendContext({ now, sender: twilioSmsSender() }), await ref.get())
  const result = await ref.get()
  return { reminderId: ref.id, state: result.get('state') as string, reason: (result.get('reason') as string | null) ?? null }
})
