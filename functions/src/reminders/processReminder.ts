import { randomUUID } from 'node:crypto'
import { FieldValue, Timestamp, type DocumentReference, type DocumentSnapshot, type WriteBatch } from 'firebase-admin/firestore'
import { appendAuditInBatch } from '../audit/appendAudit'
import { db } from '../lib/db'
import { logs } from '../lib/logs'
import { paths } from '../lib/paths'
import { composeEmail } from './composeEmail'
import { LEASE_MS, type ReminderDoc } from './outbox'
import { planMessage, type Outcome } from './planMessage'
import { readOnce, type SendContext } from './sendContext'

/** gRPC FAILED_PRECONDITION: the document changed since it was read, so another sweep got there first. */
const FAILED_PRECONDITION = 9

function auditSent(batch: WriteBatch, reminder: ReminderDoc, reminderId: string) {
  appendAuditInBatch(batch, reminder.practiceId, {
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
 * Commits `write` (which updates `reminder` and may add documents beside it) only if the reminder is still exactly
 * as read: the update carries the version it was read at as a precondition, and the batch is atomic. Returns the
 * reminder's new version, or null when another sweep changed it first.
 */
async function commitIfUnchanged(
  reminder: { ref: DocumentReference; version: Timestamp },
  update: Record<string, unknown>,
  extra?: (batch: WriteBatch) => void,
): Promise<Timestamp | null> {
  const batch = db().batch()
  batch.update(reminder.ref, update, { lastUpdateTime: reminder.version })
  extra?.(batch)
  try {
    const [result] = await batch.commit()
    return result!.writeTime
  } catch (err) {
    if ((err as { code?: unknown }).code === FAILED_PRECONDITION) return null
    throw err
  }
}

/**
 * Sends one outbox document at most once, given the document as the sweep's query (or the caller) read it.
 *
 * The claim is optimistic: every write is conditional on the reminder being unchanged since that read, so when two
 * sweeps find the same document one write lands and the other is refused, with no second read of the reminder.
 * Only a 'scheduled' reminder that is due (or an abandoned claim) goes on. An email is "sent" by creating its
 * Trigger Email document in the same atomic batch: exactly once. An SMS is claimed ('sending' with a lease), sent
 * through Twilio, then marked 'sent' or 'failed', conditional on the claim. A claim on an SMS that outlives its
 * lease means a sweep died around the Twilio call; it is marked failed rather than retried, because Twilio has no
 * idempotency key and a second text is worse than a missing one.
 *
 * The appointment and patient are read once per run (see SendContext): a sweep is one moment.
 */
export async function processReminder(ctx: SendContext, snap: DocumentSnapshot): Promise<Outcome> {
  const outcome = await claimAndSend(ctx, snap)
  ctx.stats[outcome] += 1
  return outcome
}

async function claimAndSend(ctx: SendContext, snap: DocumentSnapshot): Promise<Outcome> {
  const now = ctx.now
  const ref = snap.ref
  const reminder = snap.data() as ReminderDoc | undefined
  if (!reminder || !snap.updateTime) return 'busy'
  const asRead = { ref, version: snap.updateTime }
  const stale = reminder.state === 'sending' && (reminder.leaseExpiresAt?.toMillis() ?? 0) <= now.getTime()
  if (!(reminder.state === 'scheduled' && reminder.dueAt.toMillis() <= now.getTime()) && !stale) return 'busy'

  const base = { updatedAt: FieldValue.serverTimestamp(), leaseId: null, leaseExpiresAt: null }
  if (stale && reminder.channel === 'sms') {
    const reason = 'Sending was interrupted; not retried so the patient is not texted twice'
    return (await commitIfUnchanged(asRead, { ...base, state: 'failed', reason })) ? 'failed' : 'busy'
  }
  const [appointment, patient] = await Promise.all([
    readOnce(ctx, paths.appointment(reminder.practiceId, reminder.appointmentId)),
    readOnce(ctx, paths.patient(reminder.practiceId, reminder.patientId)),
  ])
  const decided = await planMessage(ctx, reminder, appointment, patient)
  switch (decided.outcome) {
    case 'busy':
      return 'busy'
    case 'rescheduled':
      return (await commitIfUnchanged(asRead, { ...base, ...decided.update, state: 'scheduled' })) ? 'rescheduled' : 'busy'
    case 'cancelled':
    case 'skipped':
    case 'failed':
      return (await commitIfUnchanged(asRead, { ...base, state: decided.outcome, reason: decided.reason ?? null })) ? decided.outcome : 'busy'
    case 'send':
      break
  }

  const message = decided.message
  if (message.channel === 'email') {
    const mailPath = paths.mail(reminder.appointmentId, ref.id)
    const sent = { ...base, state: 'sent', reason: null, sentAt: Timestamp.fromDate(now), providerId: mailPath, attempts: FieldValue.increment(1) }
    const committed = await commitIfUnchanged(asRead, sent, (batch) => {
      batch.create(db().doc(mailPath), {
        to: message.to,
        message: composeEmail({ subject: message.subject ?? '', body: message.body, unsubscribeUrl: message.unsubscribeUrl ?? '' }),
        // For whoever reads the mail collection; the Trigger Email extension ignores unknown fields.
        practiceId: reminder.practiceId,
        reminderPath: ref.path,
        createdAt: FieldValue.serverTimestamp(),
      })
      auditSent(batch, reminder, ref.id)
    })
    return committed ? 'sent' : 'busy'
  }

  const claimedAt = await commitIfUnchanged(asRead, {
    updatedAt: FieldValue.serverTimestamp(),
    state: 'sending',
    leaseId: randomUUID(),
    leaseExpiresAt: Timestamp.fromMillis(now.getTime() + LEASE_MS),
    attempts: FieldValue.increment(1),
  })
  if (!claimedAt) return 'busy'

  // Only the claimer reaches this point for this document.
  let result: { state: 'sent'; providerId: string } | { state: 'failed'; reason: string }
  try {
    const { providerId } = await ctx.sender.sendSms({ to: message.to, from: message.from ?? '', body: message.body })
    result = { state: 'sent', providerId }
  } catch (err) {
    const reason = (err instanceof Error && err.message) || 'The SMS provider refused the message'
    result = { state: 'failed', reason: reason.slice(0, 500) }
  }
  // Released only if our claim still stands (nobody marked it failed as abandoned meanwhile).
  const release = { updatedAt: FieldValue.serverTimestamp(), leaseId: null, leaseExpiresAt: null }
  const claimed = { ref, version: claimedAt }
  if (result.state === 'sent') {
    const update = { ...release, state: 'sent', reason: null, sentAt: Timestamp.fromDate(now), providerId: result.providerId }
    await commitIfUnchanged(claimed, update, (batch) => auditSent(batch, reminder, ref.id))
    logs.reminderSent(ref.path, 'sms')
  } else {
    await commitIfUnchanged(claimed, { ...release, state: 'failed', reason: result.reason })
    logs.reminderFailed(ref.path)
  }
  return result.state
}
