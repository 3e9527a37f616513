import type { Timestamp } from 'firebase-admin/firestore'
import type { AppointmentDoc } from '../domain/appointment'
import type { ReminderDoc as SharedReminderDoc } from '../domain/reminder'
import { db } from '../lib/db'
import { paths } from '../lib/paths'

/**
 * The reminder outbox: practices/{p}/appointments/{a}/reminders/{reminderId} (the shape is
 * functions/src/domain/reminder.ts). A transaction decides who sends each document. See docs/data-model.md.
 */
export type ReminderDoc = SharedReminderDoc<Timestamp>

/** The appointment fields reminders use (the appointment itself is owned by functions/src/appointments). */
export type AppointmentForReminders = Pick<
  AppointmentDoc<Timestamp>,
  'practitionerId' | 'practitionerName' | 'start' | 'end' | 'location' | 'patientIds' | 'status'
>

export const remindersCollection = (practiceId: string, appointmentId: string) =>
  db().collection(paths.reminders(practiceId, appointmentId))

/** A claim that is not released within this time is considered abandoned (the sweep that held it died). */
export const LEASE_MS = 10 * 60_000
