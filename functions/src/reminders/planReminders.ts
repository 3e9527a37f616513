import { FieldValue, Timestamp } from 'firebase-admin/firestore'
import { onDocumentWritten } from 'firebase-functions/v2/firestore'
import { MESSAGING_CHANNELS } from '../domain/messaging'
import { plannedReminders, reminderOffsets, type PlannedReminder } from '../domain/reminder'
import { db } from '../lib/db'
import { paths, triggers } from '../lib/paths'
import { logs } from '../lib/logs'
import { remindersCollection, type AppointmentForReminders, type ReminderDoc } from './outbox'

export const BOOKED_TOO_LATE = 'Booked after the reminder time'

/**
 * Brings an appointment's outbox in line with the appointment as it is now: one reminder per patient × practice
 * offset × channel. New ones are 'scheduled' (or 'skipped' when their time has already passed); a reschedule moves
 * the time of those not yet sent; a cancellation, a removed patient or a dropped offset cancels those not yet sent.
 * Sent, failed and in-flight reminders are history and are left alone, as are manual re-sends.
 *
 * Runs in a transaction on the current appointment, not on the event's copy, so retries, duplicate deliveries and
 * events arriving out of order all converge on the same outbox. Returns the number of documents written.
 */
export async function planAppointmentReminders(practiceId: string, appointmentId: string, now = new Date()): Promise<number> {
  const practice = await db().doc(paths.practice(practiceId)).get()
  const offsets = reminderOffsets(practice.get('settings.reminderOffsetsHours'))
  const appointmentRef = db().doc(paths.appointment(practiceId, appointmentId))

  return db().runTransaction(async (tx) => {
    const [appointment, existing] = await Promise.all([
      tx.get(appointmentRef),
      tx.get(remindersCollection(practiceId, appointmentId).where('kind', '==', 'reminder')),
    ])
    const appt = appointment.data() as AppointmentForReminders | undefined
    const active = appt?.status === 'scheduled'
    const start = appt?.start?.toDate()

    const wanted =
      active && start
        ? plannedReminders({ practiceId, appointmentId, start, patientIds: appt.patientIds ?? [] }, offsets, MESSAGING_CHANNELS)
        : new Map<string, PlannedReminder>()

    let writes = 0
    const stamp = { updatedAt: FieldValue.serverTimestamp() }
    const timing = (due: Date) =>
      due.getTime() <= now.getTime()
        ? { state: 'skipped', reason: BOOKED_TOO_LATE }
        : { state: 'scheduled', reason: null }

    const byId = new Map(existing.docs.map((d) => [d.id, d]))
    for (const [id, plan] of wanted) {
      const { due, ...fields } = plan
      const current = byId.get(id)
      const dueAtValue = Timestamp.fromDate(due)
      if (!current) {
        tx.create(remindersCollection(practiceId, appointmentId).doc(id), {
          ...fields,
          dueAt: dueAtValue,
          ...timing(due),
          sentAt: null,
          attempts: 0,
          ...stamp,
        })
        writes += 1
        continue
      }
      const state = current.get('state') as ReminderDoc['state']
      const sameTime = (current.get('dueAt') as Timestamp | undefined)?.isEqual(dueAtValue) ?? false
      // Not sent yet: follow the appointment. A reminder skipped for lateness or cancelled comes back if the new time allows.
      const movable =
        state === 'scheduled' || state === 'cancelled' || (state === 'skipped' && current.get('reason') === BOOKED_TOO_LATE)
      if (!movable) continue
      const next = timing(due)
      if (sameTime && next.state === state) continue
      tx.update(current.ref, { dueAt: dueAtValue, ...next, ...stamp })
      writes += 1
    }

    for (const doc of existing.docs) {
      if (wanted.has(doc.id) || doc.get('state') !== 'scheduled') continue
      const reason = !appt || appt.status === 'cancelled'
        ? 'Appointment cancelled'
        : appt.status === 'completed'
          ? 'Appointment completed'
          : !appt.patientIds?.includes(doc.get('patientId'))
            ? 'Patient removed from the appointment'
            : 'Reminder times changed'
      tx.update(doc.ref, { state: 'cancelled', reason, ...stamp })
      writes += 1
    }
    return writes
  })
}

/** Plans reminders whenever an appointment is created, changed, cancelled or deleted. */
export const planReminders = onDocumentWritten(triggers.appointment, async (event) => {
  const { practiceId, appointmentId } = event.params
  const changes = await planAppointmentReminders(practiceId, appointmentId)
  if (changes) logs.remindersPlanned(practiceId, appointmentId, changes)
})
