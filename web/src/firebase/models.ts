/**
 * Shapes of the Firestore documents the console reads. Every model carries its document `id`
 * (added by the converters in ./refs.ts) so lists can key on it.
 */
import type { Timestamp } from 'firebase/firestore'
import type { AppointmentDoc, AppointmentPatient, AppointmentStatus } from '@domain/appointment'
import type { LedgerEntryDoc } from '@domain/ledger'
import type { MemberInvitationStatus, MemberInvitationSummary } from '@domain/memberInvitation'
import type { OpeningHours } from '@domain/practiceSettings'
import type { ReminderDoc } from '@domain/reminder'
import type { PracticeRoles, Role } from '@domain/roles'

export interface PracticeSettings {
  joinWindowMinutes?: number
  reminderOffsetsHours?: number[]
  idleTimeoutMinutes?: number
  /** The owner is warned when the credit balance is at or below this. */
  lowBalanceCredits?: number
  /** Send patients booked into a video visit a confirmation with their link; on when unset. */
  bookingConfirmation?: boolean
}

/** practices/{practiceId} */
export interface Practice {
  id: string
  name: string
  /** IANA zone, e.g. "Australia/Sydney": the practice's day and times are shown in it. */
  timeZone: string
  phone?: string
  settings?: PracticeSettings
  openingHours?: OpeningHours
}

/** practices/{p}/billing/credits: the balance, written only by functions with its ledger entry. */
export interface CreditBalance {
  id: string
  balance: number
  entryCount?: number
  lastEntryId?: string
  updatedAt?: Timestamp
}

/** practices/{p}/creditLedger/{entryId}: append-only. */
export interface LedgerEntry extends Omit<LedgerEntryDoc, 'at'> {
  id: string
  at: Timestamp | null
}

/** practices/{p}/audit/{entryId}: append-only, owners read. */
export interface AuditEntry {
  id: string
  at: Timestamp | null
  actor: { uid: string; role: string } | { kind: 'system' }
  action: string
  target: { type: string; id: string }
  details: Record<string, string | number | boolean | null>
}

/** practices/{practiceId}/members/{uid}, written only by the member callables. */
export interface Member {
  id: string
  uid: string
  email: string
  displayName: string
  role: Role
  createdAt?: Timestamp
  updatedAt?: Timestamp
}

/** memberInvitations/{id}: an invitation sent by an owner (functions/src/domain/memberInvitation.ts). */
export interface MemberInvitation extends MemberInvitationSummary<Timestamp> {
  status: MemberInvitationStatus
  createdAt?: Timestamp
}

export type { AppointmentPatient, AppointmentStatus }

/** practices/{practiceId}/appointments/{appointmentId} (AppointmentDoc in the domain). */
export interface Appointment extends AppointmentDoc<Timestamp> {
  id: string
}

export interface ChannelConsent {
  granted: boolean
  updatedAt?: Timestamp
  source?: string
}

export interface ChannelOptOut {
  at: Timestamp
  source: string
}

/** practices/{practiceId}/patients/{patientId} */
export interface Patient {
  id: string
  firstName: string
  lastName: string
  /** 'YYYY-MM-DD' */
  dateOfBirth: string
  email?: string | null
  /** E.164 */
  mobile?: string | null
  consent?: { email?: ChannelConsent; sms?: ChannelConsent }
  optOut?: { email?: ChannelOptOut | null; sms?: ChannelOptOut | null }
  /** Lowercase prefixes of the names, for `array-contains` search. */
  searchTokens?: string[]
  createdAt?: Timestamp
  updatedAt?: Timestamp
}

/** practices/{practiceId}/appointments/{appointmentId}/reminders/{reminderId}: the outbox, written by functions. */
export interface Reminder extends ReminderDoc<Timestamp> {
  id: string
}

/** practices/{practiceId}/templates/{kind}_{channel}: a practice's own reminder text (defaults live in code). */
export interface ReminderTemplateDoc {
  id: string
  kind?: string
  channel?: string
  /** Email only. */
  subject?: string
  body: string
  updatedAt?: Timestamp
  updatedBy?: string
}

/** users/{uid}: a mirror of the user's role claims, so the client knows when to refresh its token. */
export interface UserProfile {
  id: string
  roles?: PracticeRoles
  claimsUpdatedAt?: Timestamp
}
