/**
 * What one run of sending shares: the clock, the SMS sender, the config, the counts, and the practice documents and
 * templates it has already read (once per practice per run).
 */
import type { MessagingChannel } from '../domain/messaging'
import { templateKey, type ReminderTemplate, type TemplateKind } from '../domain/reminderTemplate'
import type { DocumentSnapshot } from 'firebase-admin/firestore'
import { activeInviteSecrets, type InviteSecrets } from '../invites/inviteStore'
import { APP_URL, TWILIO_DEFAULT_FROM, UNSUBSCRIBE_KEY } from '../lib/config'
import { db } from '../lib/db'
import { paths } from '../lib/paths'
import type { SmsSender } from '../lib/twilioClient'

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

export interface PracticeInfo {
  name: string
  phone: string
  timeZone: string
  smsFrom: string | null
}

/**
 * Per-run context: clock, sender, config, stats, and what the run has read. A sweep is one moment: each practice,
 * template, appointment, patient and invite is read once however many of its reminders are due, so reads follow
 * the reminders due rather than multiplying with them.
 */
export interface SendContext {
  now: Date
  sender: SmsSender
  config: SendConfig
  stats: SweepStats
  practices: Map<string, Promise<PracticeInfo>>
  templates: Map<string, Promise<ReminderTemplate | null>>
  /** Appointments and patients, by path. */
  documents: Map<string, Promise<DocumentSnapshot>>
  /** Active invite secrets, by appointment and patient. */
  invites: Map<string, Promise<InviteSecrets | null>>
}

export function newSendContext(input: { now?: Date; sender: SmsSender; config?: SendConfig; stats?: SweepStats }): SendContext {
  return {
    now: input.now ?? new Date(),
    sender: input.sender,
    config: input.config ?? sendConfigFromParams(),
    stats: input.stats ?? newSweepStats(),
    practices: new Map(),
    templates: new Map(),
    documents: new Map(),
    invites: new Map(),
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

export function practiceInfo(ctx: SendContext, practiceId: string): Promise<PracticeInfo> {
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

/** One document as this run first read it (appointments and patients). */
export function readOnce(ctx: SendContext, path: string): Promise<DocumentSnapshot> {
  return cached(ctx.documents, path, async () => {
    const snap = await db().doc(path).get()
    ctx.stats.documentsRead += 1
    return snap
  })
}

/** The patient's active invite link and code for an appointment, read once per run. */
export function inviteSecrets(ctx: SendContext, practiceId: string, appointmentId: string, patientId: string) {
  return cached(ctx.invites, `${practiceId}/${appointmentId}/${patientId}`, async () => {
    const secrets = await activeInviteSecrets(practiceId, appointmentId, patientId)
    ctx.stats.documentsRead += 1
    return secrets
  })
}

export function practiceTemplate(ctx: SendContext, practiceId: string, kind: TemplateKind, channel: MessagingChannel) {
  const path = paths.template(practiceId, templateKey(kind, channel))
  return cached(ctx.templates, path, async () => {
    const snap = await db().doc(path).get()
    ctx.stats.documentsRead += 1
    const body = snap.get('body')
    if (typeof body !== 'string' || !body.trim()) return null
    const subject = snap.get('subject')
    return { body, ...(channel === 'email' ? { subject: typeof subject === 'string' ? subject : undefined } : {}) }
  })
}
