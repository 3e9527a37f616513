/**
 * Shapes of the Firestore documents the console reads. Every model carries its document `id`
 * (added by the converters in ./refs.ts) so lists can key on it.
 */
import type { Timestamp } from 'firebase/firestore'
import type { PracticeRoles, Role } from '@domain/roles'

export interface PracticeSettings {
  joinWindowMinutes?: number
  reminderOffsetsHours?: number[]
  idleTimeoutMinutes?: number
}

/** practices/{practiceId} */
export interface Practice {
  id: string
  name: string
  /** IANA zone, e.g. "Australia/Sydney": the practice's day and times are shown in it. */
  timeZone: string
  phone?: string
  settings?: PracticeSettings
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

export type AppointmentLocation = 'video' | 'phone' | 'in-person'
export type AppointmentStatus = 'scheduled' | 'cancelled' | 'completed'

export interface AppointmentPatient {
  id: string
  firstName: string
  lastName: string
}

/** practices/{practiceId}/appointments/{appointmentId} */
export interface Appointment {
  id: string
  practitionerId: string
  practitionerName: string
  start: Timestamp
  end: Timestamp
  location: AppointmentLocation
  patientIds: string[]
  patients: AppointmentPatient[]
  status: AppointmentStatus
}

/** users/{uid}: a mirror of the user's role claims, so the client knows when to refresh its token. */
export interface UserProfile {
  id: string
  roles?: PracticeRoles
  claimsUpdatedAt?: Timestamp
}
