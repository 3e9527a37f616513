import { randomUUID } from 'node:crypto'
import { FieldValue, Timestamp, type DocumentReference, type Transaction } from 'firebase-admin/firestore'
import { appendAuditInTransaction } from '../audit/appendAudit'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import { logs } from '../lib/logs'
import { composeEmail } from './composeEmail'
import { LEASE_MS, type ReminderDoc } from './outbox'
import { planMessage, type Outcome } from './planMessage'
import type { SendContext } from './sendContext'

function auditSent(tx: Transaction, reminder: ReminderDoc, reminderId: string) {
  appendAuditInTransaction(tx, reminder.practiceId, {
    actor: { kind: 'system' },
    action: 'reminder.sent',
    target: { type: 'reminder', id: reminderId },
    details: {
      appointmentId: reminder.appointmentId,
      patientId: reminder.patientId,
      channel: reminder.channel,
      kind: reminder.kind,
      offsetHours: reminder.offsetHours,
    },
  })
}

/**
 * Sends one outbox document at most once.
 *
 * A transaction claims it: it re-reads the reminder and only a 'scheduled' one (or an email whose claim expired)
 * goes on, so when two sweeps find the same document one of them commits and the other, retried by Firestore, sees
 * it taken. An email is "sent" by creating its Trigger Email document in that same transaction: exactly once. An SMS
 * is claimed ('sending' with a lease), sent through Twilio, then marked 'sent' or 'failed'. A claim on an SMS that
 * outlives its lease means a sweep died around the Twilio call; it is marked failed rather than retried, because
 * Twilio has no idempotency key and a second text is worse than a missing one.
 */
export async function processReminder(ctx: SendContext, ref: DocumentReference): Promise<Outcome> {
  const leaseId = randomUUID()
  const now = ctx.now
  const claim = await db().runTransaction(async (tx) => {
    const snap = await tx.get(ref)
    ctx.stats.documentsRead += 1
    const reminder = snap.data() as ReminderDoc | undefined
    if (!reminder) return { outcome: 'busy' as const }
    const stale = reminder.state === 'sending' && (reminder.leaseExpiresAt?.toMillis() ?? 0) <= now.getTime()
    if (!(reminder.state === 'scheduled' && reminder.dueAt.toMillis() <= now.getTime()) && !stale) {
      return { outcome: 'busy' as const }
    }
    const base = { updatedAt: FieldValue.serverTimestamp(), leaseId: null, leaseExpiresAt: null }
    if (stale && reminder.channel === 'sms') {
      const reason = 'Sending was interrupted; not retried so the patient is not texted twice'
      tx.update(ref, { ...base, state: 'failed', reason })
      return { outcome: 'failed' as const }
    }
    const [appointment, patient] = await tx.getAll(
      db().doc(paths.appointment(reminder.practiceId, reminder.appointmentId)),
      db().doc(paths.patient(reminder.practiceId, reminder.patientId)),
    )
    ctx.stats.documentsRead += 2
    const decided = await planMessage(ctx, reminder, appointment!, patient!)
    switch (decided.outcome) {
      case 'rescheduled':
        tx.update(ref, { ...base, ...decided.update, state: 'scheduled' })
        return { outcome: 'rescheduled' as const }
      case 'busy':
        return { outcome: 'busy' as const }
      case 'cancelled':
      case 'skipped':
      case 'failed':
        tx.update(ref, { ...base, state: decided.outcome, reason: decided.reason ?? null })
        return { outcome: decided.outcome }
      case 'send':
        break
    }
    const message = decided.message
    if (message.channel === 'email') {
      const mailPath = paths.mail(reminder.appointmentId, ref.id)
      tx.create(db().doc(mailPath), {
        to: message.to,
        message: composeEmail({ subject: message.subject ?? '', body: message.body, unsubscribeUrl: message.unsubscribeUrl ?? '' }),
        // For whoever reads the mail collection; the Trigger Email extension ignores unknown fields.
        practiceId: reminder.practiceId,
        reminderPath: ref.path,
        createdAt: FieldValue.serverTimestamp(),
      })
      tx.update(ref, {
        ...base,
        state: 'sent',
        reason: null,
        sentAt: Timestamp.fromDate(now),
        providerId: mailPath,
        attempts: FieldValue.increment(1),
      })
      auditSent(tx, reminder, ref.id)
      return { outcome: 'sent' as const }
    }
    tx.update(ref, {
      updatedAt: FieldValue.serverTimestamp(),
      state: 'sending',
      leaseId,
      leaseExpiresAt: Timestamp.fromMillis(now.getTime() + LEASE_MS),
      attempts: FieldValue.increment(1),
    })
    return { outcome: 'claimed' as const, reminder, message }
  })

  if (claim.outcome !== 'claimed') {
    ctx.stats[claim.outcome] += 1
    return claim.outcome
  }

  // Only the claimer reaches this point for this document.
  let result: { state: 'sent'; providerId: string } | { state: 'failed'; reason: string }
  try {
    const { providerId } = await ctx.sender.sendSms({ to: claim.message.to, from: claim.message.from ?? '', body: claim.message.body })
    result = { state: 'sent', providerId }
  } catch (err) {
    const reason = (err instanceof Error && err.message) || 'The SMS provider refused the message'
    result = { state: 'failed', reason: reason.slice(0, 500) }
  }
  await db().runTransaction(async (tx) => {
    const snap = await tx.get(ref)
    ctx.stats.documentsRead += 1
    if (snap.get('leaseId') !== leaseId) return
    const release = { updatedAt: FieldValue.serverTimestamp(), leaseId: null, leaseExpiresAt: null }
    if (result.state === 'sent') {
      tx.update(ref, { ...release, state: 'sent', reason: null, sentAt: Timestamp.fromDate(now), providerId: result.providerId })
      auditSent(tx, claim.reminder, ref.id)
    } else {
      tx.update(ref, { ...release, state: 'failed', reason: result.reason })
    }
  })
  if (result.state === 'failed') logs.reminderFailed(ref.path)
  else logs.reminderSent(ref.path, 'sms')
  ctx.stats[result.state] += 1
  return result.state
}
