/**
 * Typed client for saveReminderTemplate (functions/src/templates). Its errors name the unknown term;
 * show them with `callableErrorMessage`.
 */
import { httpsCallable } from 'firebase/functions'
import type { AppointmentKind, ReminderChannel } from '@domain/reminderTemplate'
import { functions } from './functions'

export interface SaveReminderTemplateRequest {
  practiceId: string
  kind: AppointmentKind
  channel: ReminderChannel
  /** Email only. */
  subject?: string
  body: string
}

export const saveReminderTemplate = httpsCallable<SaveReminderTemplateRequest, { ok: true }>(functions, 'saveReminderTemplate')
