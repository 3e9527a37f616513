/**
 * The reminder outbox (`practices/{p}/appointments/{a}/reminders/{reminderId}`) as functions and console share it:
 * the document, its deterministic ids, when one is due, and whether a patient may get one. Pure: no Firebase
 * imports; the document is generic over the timestamp type (Admin or web SDK), as the visit documents are.
 */
import type { MessagingChannel } from './messaging'

export type ReminderState = 'scheduled' | 'sending' | 'sent' | 'failed' | 'skipped' | 'cancelled'

/**
 * `reminder`: one of the practice's offsets before the start (planReminders); `invite-resend`: staff sent the link
 * again (resendInvite); `booking-confirmation`: sent once when a patient is booked into a video visit
 * (saveAppointment), so a visit booked after every reminder time has passed still reaches the patient.
 */
export type ReminderKind = 'reminder' | 'invite-resend' | 'booking-confirmation'

/** One message that should go out, with a deterministic id, so planning or sweeping twice lands on one document. */
export interface ReminderDoc<T> {
  practiceId: string
  appointmentId: string
  patientId: string
  channel: MessagingChannel
  kind: ReminderKind
  offsetHours: number | null
  dueAt: T
  state: ReminderState
  reason: string | null
  sentAt: T | null
  attempts: number
  updatedAt: T
  /** While 'sending': who holds the claim and until when (a sweep that died leaves it to expire). */
  leaseId?: string | null
  leaseExpiresAt?: T | null
  /** Twilio message SID, or the mail document id. */
  providerId?: string | null
}

/** The outbox document id of a scheduled reminder: one per patient × offset × channel within an appointment. */
export function reminderId(patientId: string, offsetHours: number, channel: MessagingChannel): string {
  return `${patientId}_${offsetHours}h_${channel}`
}

/** The outbox document id of a manual re-send. */
export function resendReminderId(patientId: string, at: Date, channel: MessagingChannel): string {
  return `${patientId}_resend-${at.getTime()}_${channel}`
}

/**
 * The outbox document id of a patient's booking confirmation: one per patient × channel within an appointment, so
 * an edit never sends it again and a patient added later gets their own.
 */
export function bookingConfirmationId(patientId: string, channel: MessagingChannel): string {
  return `${patientId}_booking_${channel}`
}

/** When the reminder `offsetHours` before `start` is due. */
export function dueAt(start: Date, offsetHours: number): Date {
  return new Date(start.getTime() - offsetHours * 3_600_000)
}

/** A scheduled reminder an appointment should have: who, by which channel, how long before the start, and when. */
export interface PlannedReminder {
  practiceId: string
  appointmentId: string
  patientId: string
  channel: MessagingChannel
  kind: 'reminder'
  offsetHours: number
  due: Date
}

/** The scheduled reminders of an appointment, by outbox id: one per patient × offset × channel. */
export function plannedReminders(
  appointment: { practiceId: string; appointmentId: string; start: Date; patientIds: readonly string[] },
  offsetsHours: readonly number[],
  channels: readonly MessagingChannel[],
): Map<string, PlannedReminder> {
  const { practiceId, appointmentId, start } = appointment
  const planned = new Map<string, PlannedReminder>()
  for (const patientId of appointment.patientIds) {
    for (const offsetHours of offsetsHours) {
      for (const channel of channels) {
        planned.set(reminderId(patientId, offsetHours, channel), {
          practiceId,
          appointmentId,
          patientId,
          channel,
          kind: 'reminder',
          offsetHours,
          due: dueAt(start, offsetHours),
        })
      }
    }
  }
  return planned
}

export const DEFAULT_REMINDER_OFFSETS_HOURS = [24, 2] as const

/** The practice's reminder offsets: whole hours 1..168, without duplicates; the default when unset or unusable. */
export function reminderOffsets(setting: unknown): number[] {
  if (!Array.isArray(setting)) return [...DEFAULT_REMINDER_OFFSETS_HOURS]
  const valid = setting.filter((h): h is number => Number.isInteger(h) && h >= 1 && h <= 168)
  return [...new Set(valid)]
}

/** The parts of a patient record that decide whether a reminder may go out. */
export interface ReminderRecipient {
  email?: string | null
  mobile?: string | null
  consent?: Partial<Record<MessagingChannel, { granted?: boolean } | null>> | null
  optOut?: Partial<Record<MessagingChannel, { at?: unknown } | null>> | null
}

export type ReminderDecision = { send: true; address: string } | { send: false; reason: string }

const CHANNEL_WORDS: Record<MessagingChannel, { name: string; address: string }> = {
  email: { name: 'email', address: 'No email address' },
  sms: { name: 'SMS', address: 'No mobile number' },
}

/**
 * May this patient get a message on `channel`, and where to. An opt-out wins over consent (the patient said stop
 * after consenting), and consent is checked before the address so the reason names what the practice must ask for.
 */
export function reminderDecision(patient: ReminderRecipient, channel: MessagingChannel): ReminderDecision {
  const words = CHANNEL_WORDS[channel]
  if (patient.optOut?.[channel]) return { send: false, reason: `Opted out of ${words.name}` }
  if (patient.consent?.[channel]?.granted !== true) return { send: false, reason: `No ${words.name} consent` }
  const address = (channel === 'email' ? patient.email : patient.mobile)?.trim()
  if (!address) return { send: false, reason: words.address }
  return { send: true, address }
}
