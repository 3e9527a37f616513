import { randomUUID } from 'node:crypto'
import { FieldValue, Timestamp, type DocumentReference, type DocumentSnapshot, type Transaction } from 'firebase-admin/firestore'
import { appendAuditInTransaction } from '../audit/appendAudit'
import {
  defaultTemplate,
  dueAt as reminderDueAt,
  reminderDateTime,
  reminderDecision,
  renderReminder,
  smsWithOptOut,
  type AppointmentKind,
  type ReminderChannel,
  type ReminderRecipient,
  type ReminderTemplate,
} from '../domain/reminderTemplate'
import { activeInviteSecrets, joinUrl } from '../invites/inviteStore'
import { APP_URL, TWILIO_DEFAULT_FROM, UNSUBSCRIBE_KEY } from '../lib/config'
import { db, paths } from '../lib/db'
import { logs } from '../lib/logs'
import { isDocumentId } from '../lib/validation'
import { composeEmail } from './composeEmail'
import { LEASE_MS, outboxPaths, type AppointmentForReminders, type ReminderDoc } from './outbox'
import type { SmsSender } from './twilioClient'
import { signUnsubscribeToken } from './unsubscribeToken'

export interface SendConfig {
  /** The web app's origin, for unsubscribe links. */
  appUrl: string
  unsubscribeKey: string
  /** Sender for practices without `smsFrom`. */
  defaultFrom: string
}

export function sendConfigFromParams(): SendConfig {
  return { appUrl: APP_URL.value(), unsubscribeKey: UNSUBSCRIBE_KEY.value(), defaultFrom: TWILIO_DEFAULT_FROM.value() }
}

/** Counts what a sweep did, including every document it read (the bench reports it). */
export interface SweepStats {
  documentsRead: number
  sent: number
  failed: number
  skipped: number
  cancelled: number
  rescheduled: number
  /** Documents another sweep had already claimed or finished. */
  busy: number
}

export function newSweepStats(): SweepStats {
  return { documentsRead: 0, sent: 0, failed: 0, skipped: 0, cancelled: 0, rescheduled: 0, busy: 0 }
}

interface PracticeInfo {
  name: string
  phone: string
  timeZone: string
  smsFrom: string | null
}

/** Per-run context: clock, sender, config, stats, and a cache of practice documents and templates. */
export interface SendContext {
  now: Date
  sender: SmsSender
  config: SendConfig
  stats: SweepStats
  practices: Map<string, Promise<PracticeInfo>>
  templates: Map<string, Promise<ReminderTemplate | null>>
}

export function newSendContext(input: { now?: Date; sender: SmsSender; config?: SendConfig; stats?: SweepStats }): SendContext {
  return {
    now: input.now ?? new Date(),
    sender: input.sender,
    config: input.config ?? sendConfigFromParams(),
    stats: input.stats ?? newSweepStats(),
    practices: new Map(),
    templates: new Map(),
  }
}

function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = map.get(key)
  if (!value) {
    value = load()
    map.set(key, value)
    // A failed read must not poison the rest of the run.
    value.catch(() => map.delete(key))
  }
  return value
}

function practiceInfo(ctx: SendContext, practiceId: string): Promise<PracticeInfo> {
  return cached(ctx.practices, practiceId, async () => {
    const snap = await db().doc(paths.practice(practiceId)).get()
    ctx.stats.documentsRead += 1
    const smsFrom = snap.get('smsFrom')
    return {
      name: String(snap.get('name') ?? ''),
      phone: String(snap.get('phone') ?? ''),
      timeZone: String(snap.get('timeZone') ?? 'UTC'),
      smsFrom: typeof smsFrom === 'string' && smsFrom ? smsFrom : null,
    }
  })
}

function practiceTemplate(ctx: SendContext, practiceId: string, kind: AppointmentKind, channel: ReminderChannel) {
  const path = outboxPaths.template(practiceId, kind, channel)
  return cached(ctx.templates, path, async () => {
    const snap = await db().doc(path).get()
    ctx.stats.documentsRead += 1
    const body = snap.get('body')
    if (typeof body !== 'string' || !body.trim()) return null
    const subject = snap.get('subject')
    return { body, ...(channel === 'email' ? { subject: typeof subject === 'string' ? subject : undefined } : {}) }
  })
}

type Outcome = 'sent' | 'failed' | 'skipped' | 'cancelled' | 'rescheduled' | 'busy'

interface Message {
  channel: ReminderChannel
  to: string
  subject?: string
  body: string
  /** SMS: the Twilio sender; email: the unsubscribe link. */
  from?: string
  unsubscribeUrl?: string
}

type Plan =
  | { outcome: Exclude<Outcome, 'sent' | 'failed'>; reason?: string; update?: Record<string, unknown> }
  | { outcome: 'failed'; reason: string }
  | { outcome: 'send'; message: Message }

/**
 * Everything needed to decide about one reminder, read from the current documents (never from the event or the
 * query that found it): the appointment may have been cancelled or moved, the patient may have opted out since.
 */
async function plan(ctx: SendContext, reminder: ReminderDoc, appointment: DocumentSnapshot, patient: DocumentSnapshot): Promise<Plan> {
  const now = ctx.now.getTime()
  const appt = appointment.data() as AppointmentForReminders | undefined
  if (!appt || appt.status === 'cancelled') return { outcome: 'cancelled', reason: 'Appointment cancelled' }
  if (appt.status === 'completed') return { outcome: 'cancelled', reason: 'Appointment completed' }
  if (!appt.patientIds?.includes(reminder.patientId)) return { outcome: 'cancelled', reason: 'Patient removed from the appointment' }

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
    const invite = await activeInviteSecrets(reminder.practiceId, reminder.appointmentId, reminder.patientId)
    ctx.stats.documentsRead += 1
    if (!invite) return { outcome: 'skipped', reason: 'No active invite link for this patient' }
    videoLink = joinUrl(invite.token)
    accessCode = invite.code
  }

  const template =
    (await practiceTemplate(ctx, reminder.practiceId, appt.location, reminder.channel)) ??
    defaultTemplate(appt.location, reminder.channel)
  const subject = reminder.channel === 'email' ? (template.subject ?? defaultTemplate(appt.location, 'email').subject) : undefined
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
    // Ids read back from the document become paths below: a damaged one is left alone rather than followed.
    if (!reminder || ![reminder.practiceId, reminder.appointmentId, reminder.patientId].every(isDocumentId)) return { outcome: 'busy' as const }
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
      db().doc(outboxPaths.appointment(reminder.practiceId, reminder.appointmentId)),
      db().doc(outboxPaths.patient(reminder.practiceId, reminder.patientId)),
    )
    ctx.stats.documentsRead += 2
    const decided = await plan(ctx, reminder, appointment!, patient!)
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
      const mailPath = outboxPaths.mail(reminder.appointmentId, ref.id)
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
