/**
 * Typed client for saveReminderTemplate (functions/src/templates). Its errors name the unknown term;
 * show them with `callableErrorMessage`.
 */
import { httpsCallable } from 'firebase/functions'
import type { TemplateKind } from '@domain/reminderTemplate'
import type { MessagingChannel } from '@domain/messaging'
import { functions } from './functions'

export interface SaveReminderTemplateRequest {
  practiceId: string
  kind: TemplateKind
  channel: MessagingChannel
  /** Email only. */
  subject?: string
  body: string
}

export const saveReminderTemplate = httpsCallable<SaveReminderTemplateRequest, { ok: true }>(functions, 'saveReminderTemplate')
