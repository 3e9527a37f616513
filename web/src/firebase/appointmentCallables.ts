/**
 * Typed clients for the scheduling callables (functions/src/appointments, functions/src/invites: revealInvites and
 * reissueInvite, and resendInvite in functions/src/reminders). Show their errors with `callableErrorMessage`.
 */
import { httpsCallable } from 'firebase/functions'
import type { AppointmentClashDetails, AppointmentLocation } from '@domain/appointmentRules'
import { functions } from './functions'

export interface SaveAppointmentRequest {
  practiceId: string
  /** Absent to create; present to edit or reschedule. */
  appointmentId?: string
  practitionerId: string
  /** ISO-8601 instant. */
  start: string
  durationMinutes: number
  location: AppointmentLocation
  patientIds: string[]
  notes?: string
  /** Book even though the practitioner already has an appointment then (after the form showed the clash). */
  allowOverlap?: boolean
}

export interface CancelAppointmentRequest {
  practiceId: string
  appointmentId: string
  reason?: string
}

export interface RevealedInvite {
  patientId: string
  firstName: string
  token: string
  code: string
}

export interface RevealInvitesResponse {
  invites: RevealedInvite[]
  /** ISO instant after which the links must no longer be shown (the appointment's end). */
  visibleUntil: string
}

export type InviteChannel = 'email' | 'sms'

export interface ResendInviteRequest {
  practiceId: string
  appointmentId: string
  patientId: string
  channel: InviteChannel
}

export interface ReissueInviteResponse {
  invite: RevealedInvite
  /** ISO instant after which the link must no longer be shown (the appointment's end). */
  visibleUntil: string
}

export const saveAppointment = httpsCallable<SaveAppointmentRequest, { appointmentId: string }>(
  functions,
  'saveAppointment',
)
export const cancelAppointment = httpsCallable<CancelAppointmentRequest, { appointmentId: string }>(
  functions,
  'cancelAppointment',
)
export const revealInvites = httpsCallable<{ practiceId: string; appointmentId: string }, RevealInvitesResponse>(
  functions,
  'revealInvites',
)
export const resendInvite = httpsCallable<ResendInviteRequest, { reminderId: string; state: string }>(
  functions,
  'resendInvite',
)
export const reissueInvite = httpsCallable<{ practiceId: string; appointmentId: string; patientId: string }, ReissueInviteResponse>(
  functions,
  'reissueInvite',
)

/** The clashes named by saveAppointment's refusal of a double booking, or null for any other error. */
export function clashDetails(error: unknown): AppointmentClashDetails | null {
  const details = (error as { details?: Partial<AppointmentClashDetails> } | null)?.details
  return details?.reason === 'overlap' && Array.isArray(details.clashes) ? (details as AppointmentClashDetails) : null
}
