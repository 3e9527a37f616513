import type { Timestamp } from 'firebase-admin/firestore'
import type { AppointmentKind, ReminderChannel } from '../domain/reminderTemplate'
import { db } from '../lib/db'
import { paths } from '../lib/paths'

/**
 * The reminder outbox: practices/{p}/appointments/{a}/reminders/{reminderId}. One document per message that should
 * go out, with a deterministic id, so planning twice, sweeping twice or two sweeps at once all land on the same
 * document and a transaction decides who sends it. See docs/data-model.md.
 */
export type ReminderState = 'scheduled' | 'sending' | 'sent' | 'failed' | 'skipped' | 'cancelled'

export interface ReminderDoc {
  practiceId: string
  appointmentId: string
  patientId: string
  channel: ReminderChannel
  kind: 'reminder' | 'invite-resend'
  offsetHours: number | null
  dueAt: Timestamp
  state: ReminderState
  reason: string | null
  sentAt: Timestamp | null
  attempts: number
  updatedAt: Timestamp
  /** While 'sending': who holds the claim and until when (a sweep that died leaves it to expire). */
  leaseId?: string | null
  leaseExpiresAt?: Timestamp | null
  /** Twilio message SID, or the mail document id. */
  providerId?: string | null
}

/** The appointment fields reminders use (the appointment itself is owned by functions/src/appointments). */
export interface AppointmentForReminders {
  practitionerId: string
  practitionerName: string
  start: Timestamp
  end: Timestamp
  location: AppointmentKind
  patientIds: string[]
  status: 'scheduled' | 'cancelled' | 'completed'
}

export const remindersCollection = (practiceId: string, appointmentId: string) =>
  db().collection(paths.reminders(practiceId, appointmentId))

/** A claim that is not released within this time is considered abandoned (the sweep that held it died). */
export const LEASE_MS = 10 * 60_000
