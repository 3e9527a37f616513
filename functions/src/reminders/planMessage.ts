/**
 * Decides what to do with one due reminder and, when it should go out, renders the message: pure reading and
 * deciding, no writes (processReminder acts on the decision).
 */
import { Timestamp, type DocumentSnapshot } from 'firebase-admin/firestore'
import { dueAt as reminderDueAt, reminderDecision, type ReminderRecipient } from '../domain/reminder'
import { defaultTemplate, reminderDateTime, renderReminder, smsWithOptOut, templateKindFor } from '../domain/reminderTemplate'
import type { MessagingChannel } from '../domain/messaging'
import { joinUrl } from '../invites/inviteStore'
import type { AppointmentForReminders, ReminderDoc } from './outbox'
import { inviteSecrets, practiceInfo, practiceTemplate, type SendContext } from './sendContext'
import { signUnsubscribeToken } from './unsubscribeToken'

export type Outcome = 'sent' | 'failed' | 'skipped' | 'cancelled' | 'rescheduled' | 'busy'

export interface Message {
  channel: MessagingChannel
  to: string
  subject?: string
  body: string
  /** SMS: the Twilio sender; email: the unsubscribe link. */
  from?: string
  unsubscribeUrl?: string
}

export type Plan =
  | { outcome: Exclude<Outcome, 'sent' | 'failed'>; reason?: string; update?: Record<string, unknown> }
  | { outcome: 'failed'; reason: string }
  | { outcome: 'send'; message: Message }

/**
 * Everything needed to decide about one reminder, read from the current documents (never from the event or the
 * query that found it): the appointment may have been cancelled or moved, the patient may have opted out since.
 */
export async function planMessage(ctx: SendContext, reminder: ReminderDoc, appointment: DocumentSnapshot, patient: DocumentSnapshot): Promise<Plan> {
  const now = ctx.now.getTime()
  const appt = appointment.data() as AppointmentForReminders | undefined
  if (!appt || appt.status === 'cancelled') return { outcome: 'cancelled', reason: 'Appointment cancelled' }
  if (appt.status === 'completed') return { outcome: 'cancelled', reason: 'Appointment completed' }
  if (!appt.patientIds?.includes(reminder.patientId)) return { outcome: 'cancelled', reason: 'Patient removed from the appointment' }
  if (reminder.kind === 'booking-confirmation' && appt.location !== 'video') return { outcome: 'cancelled', reason: 'No longer a video consultation' }

  if (reminder.kind === 'reminder' && reminder.offsetHours !== null) {
    // The appointment was moved later and planReminders has not caught up yet: follow it.
    const due = reminderDueAt(appt.start.toDate(), reminder.offsetHours)
    if (due.getTime() > now) return { outcome: 'rescheduled', update: { dueAt: Timestamp.fromDate(due) } }
    if (appt.start.toMillis() <= now) return { outcome: 'skipped', reason: 'The appointment had already started' }
  } else if (appt.end.toMillis() <= now) {
    return { outcome: 'skipped', reason: 'The appointment has ended' }
  }

  if (!patient.exists) return { outcome: 'skipped', reason: 'Patient record not found' }
  const recipient = patient.data() as ReminderRecipient & { firstName?: string }
  const decision = reminderDecision(recipient, reminder.channel)
  if (!decision.send) return { outcome: 'skipped', reason: decision.reason }

  const practice = await practiceInfo(ctx, reminder.practiceId)
  let videoLink = ''
  let accessCode = ''
  if (appt.location === 'video') {
    const invite = await inviteSecrets(ctx, reminder.practiceId, reminder.appointmentId, reminder.patientId)
    if (!invite) return { outcome: 'skipped', reason: 'No active invite link for this patient' }
    videoLink = joinUrl(invite.token)
    accessCode = invite.code
  }

  const kind = templateKindFor(reminder.kind, appt.location)
  const template = (await practiceTemplate(ctx, reminder.practiceId, kind, reminder.channel)) ?? defaultTemplate(kind, reminder.channel)
  const subject = reminder.channel === 'email' ? (template.subject ?? defaultTemplate(kind, 'email').subject) : undefined
  const rendered = renderReminder(
    { body: template.body, ...(subject !== undefined ? { subject } : {}) },
    {
      // First name only: the renderer is never given anything else about the patient.
      firstName: String(recipient.firstName ?? '').trim(),
      practitioner: appt.practitionerName,
      ...reminderDateTime(appt.start.toDate(), practice.timeZone),
      videoLink,
      accessCode,
      practiceName: practice.name,
      practicePhone: practice.phone,
    },
  )

  if (reminder.channel === 'sms') {
    const from = practice.smsFrom ?? ctx.config.defaultFrom
    if (!from) return { outcome: 'failed', reason: 'No SMS sender number is set up for this practice' }
    return { outcome: 'send', message: { channel: 'sms', to: decision.address, from, body: smsWithOptOut(rendered.body) } }
  }
  const token = signUnsubscribeToken(
    { practiceId: reminder.practiceId, patientId: reminder.patientId, channel: 'email' },
    ctx.config.unsubscribeKey,
    ctx.now,
  )
  const unsubscribeUrl = `${ctx.config.appUrl.replace(/\/+$/, '')}/unsubscribe?token=${encodeURIComponent(token)}`
  return { outcome: 'send', message: { channel: 'email', to: decision.address, subject: rendered.subject ?? '', body: rendered.body, unsubscribeUrl } }
}
