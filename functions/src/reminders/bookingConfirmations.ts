import { FieldValue, Timestamp, type DocumentReference, type Transaction } from 'firebase-admin/firestore'
import { MESSAGING_CHANNELS, type MessagingChannel } from '../domain/messaging'
import { bookingConfirmationId } from '../domain/reminder'
import { logs } from '../lib/logs'
import { twilioSmsSender } from '../lib/twilioClient'
import { remindersCollection } from './outbox'
import { processReminder } from './processReminder'
import { newSendContext } from './sendContext'

/** Why a booking confirmation is not sent when the practice has turned them off (shown in the Reminders list). */
export const CONFIRMATIONS_OFF = 'Booking confirmations are turned off'

/** The outbox documents of these patients' booking confirmations (one per channel each). */
function confirmations(practiceId: string, appointmentId: string, patientIds: readonly string[]) {
  const outbox = remindersCollection(practiceId, appointmentId)
  return patientIds.flatMap((patientId) =>
    MESSAGING_CHANNELS.map((channel: MessagingChannel) => ({ patientId, channel, ref: outbox.doc(bookingConfirmationId(patientId, channel)) })),
  )
}

/**
 * Inside saveAppointment's transaction (call before any write): the booking confirmations the video appointment's
 * patients do not have yet. Returns a function that writes them, so the reads stay ahead of the writes.
 *
 * One per patient × channel, by deterministic id, created only when missing: an edit never sends one again, and a
 * patient added later gets theirs. Due at once; with the setting off they are written as skipped (the Reminders list
 * says why) so that turning it on later does not confirm old bookings on their next edit.
 */
export async function planBookingConfirmations(
  tx: Transaction,
  input: { practiceId: string; appointmentId: string; patientIds: readonly string[]; enabled: boolean; now: Date },
): Promise<() => DocumentReference[]> {
  const wanted = confirmations(input.practiceId, input.appointmentId, input.patientIds)
  const existing = wanted.length ? await tx.getAll(...wanted.map((c) => c.ref)) : []
  const missing = wanted.filter((_, i) => !existing[i]!.exists)
  return () => {
    for (const { ref, patientId, channel } of missing) {
      tx.create(ref, {
        practiceId: input.practiceId,
        appointmentId: input.appointmentId,
        patientId,
        channel,
        kind: 'booking-confirmation',
        offsetHours: null,
        dueAt: Timestamp.fromDate(input.now),
        state: input.enabled ? 'scheduled' : 'skipped',
        reason: input.enabled ? null : CONFIRMATIONS_OFF,
        sentAt: null,
        attempts: 0,
        updatedAt: FieldValue.serverTimestamp(),
      })
    }
    return input.enabled ? missing.map((c) => c.ref) : []
  }
}

/**
 * Sends the confirmations just planned, now, through the outbox (consent, opt-outs, first name only, exactly once,
 * as for reminders). A failure here does not undo the booking: the documents stay scheduled and due, and the next
 * reminder sweep sends them.
 */
export async function sendBookingConfirmations(refs: readonly DocumentReference[]): Promise<void> {
  if (!refs.length) return
  const ctx = newSendContext({ sender: twilioSmsSender() })
  for (const ref of refs) {
    try {
      await processReminder(ctx, await ref.get())
    } catch {
      logs.bookingConfirmationDeferred(ref.path)
    }
  }
}
