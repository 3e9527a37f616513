/**
 * Test data builders for the practice-owned collections (see docs/data-model.md).
 *
 * Plain objects only, no Firebase imports, so rules tests, functions tests and web tests can all use
 * them. Timestamps are `Date`s: the client and Admin SDKs store them as Firestore timestamps.
 * Every builder takes overrides; pass only what the test is about.
 */
import type { AppointmentLocation } from '../../functions/src/domain/appointmentRules'
import { patientSearchTokens } from '../../functions/src/domain/patientContact'
import type { Role } from '../../functions/src/domain/roles'
import { uniqueId } from './ids'

export type { AppointmentLocation, Role }

export interface PracticeSettings {
  joinWindowMinutes: number
  reminderOffsetsHours: number[]
  idleTimeoutMinutes: number
}

export interface PracticeDoc {
  name: string
  timeZone: string
  phone: string
  settings: PracticeSettings
  createdAt: Date
}

export interface MemberDoc {
  uid: string
  email: string
  displayName: string
  role: Role
  createdAt: Date
  updatedAt: Date
}

export interface UserDoc {
  roles: Record<string, Role>
  claimsUpdatedAt: Date
}

export type Channel = 'email' | 'sms'

export interface ConsentDoc {
  granted: boolean
  updatedAt: Date
  source: string
}

export interface PatientDoc {
  firstName: string
  lastName: string
  dateOfBirth: string
  email: string
  mobile: string
  consent: Record<Channel, ConsentDoc>
  optOut: Partial<Record<Channel, { at: Date; source: string } | null>>
  searchTokens: string[]
  createdAt: Date
  updatedAt: Date
}

export type AppointmentStatus = 'scheduled' | 'cancelled' | 'completed'

export interface AppointmentDoc {
  practitionerId: string
  practitionerName: string
  start: Date
  end: Date
  location: AppointmentLocation
  patientIds: string[]
  patients: { id: string; firstName: string; lastName: string }[]
  status: AppointmentStatus
  createdBy: string
  createdAt: Date
  updatedAt: Date
}

export type AuditActor = { uid: string; role: Role } | { kind: 'system' }

export interface AuditEntryDoc {
  at: Date
  actor: AuditActor
  action: string
  target: { type: string; id: string }
  details: Record<string, string | number | boolean | null>
}

// A fixed clock keeps test data reproducible; tests that care about "now" pass their own dates.
const CREATED_AT = new Date('2025-03-03T09:00:00Z')

const PEOPLE = [
  { firstName: 'Amelia', lastName: 'Nguyen' },
  { firstName: 'Oliver', lastName: 'Thompson' },
  { firstName: 'Isla', lastName: 'Patel' },
  { firstName: 'Jack', lastName: 'Williams' },
  { firstName: 'Charlotte', lastName: 'Chen' },
  { firstName: 'Noah', lastName: 'Kowalski' },
] as const

let sequence = 0
function nextPerson(): { firstName: string; lastName: string } {
  const person = PEOPLE[sequence % PEOPLE.length] ?? PEOPLE[0]
  sequence += 1
  return { ...person }
}

export function aPracticeSettings(overrides: Partial<PracticeSettings> = {}): PracticeSettings {
  return { joinWindowMinutes: 10, reminderOffsetsHours: [24, 2], idleTimeoutMinutes: 15, ...overrides }
}

export function aPractice(overrides: Partial<PracticeDoc> = {}): PracticeDoc {
  return {
    name: 'Harbourside Allied Health',
    timeZone: 'Australia/Sydney',
    phone: '+61291234567',
    settings: aPracticeSettings(),
    createdAt: CREATED_AT,
    ...overrides,
  }
}

/** A member; `uid` defaults to a fresh id and is also the document id to write it under. */
export function aMember(overrides: Partial<MemberDoc> = {}): MemberDoc {
  const uid = overrides.uid ?? uniqueId('user')
  const { firstName, lastName } = nextPerson()
  const role = overrides.role ?? 'practitioner'
  return {
    uid,
    email: `${firstName}.${lastName}@harbourside.example`.toLowerCase(),
    displayName: role === 'practitioner' ? `Dr ${firstName} ${lastName}` : `${firstName} ${lastName}`,
    role,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    ...overrides,
  }
}

export function aUser(overrides: Partial<UserDoc> = {}): UserDoc {
  return { roles: {}, claimsUpdatedAt: CREATED_AT, ...overrides }
}

export function aPatient(overrides: Partial<PatientDoc> = {}): PatientDoc {
  const { firstName, lastName } = nextPerson()
  const email = `${firstName}.${lastName}@mail.example`.toLowerCase()
  return {
    firstName,
    lastName,
    dateOfBirth: '1986-07-14',
    email,
    mobile: '+61412345678',
    consent: {
      email: { granted: true, updatedAt: CREATED_AT, source: 'intake-form' },
      sms: { granted: true, updatedAt: CREATED_AT, source: 'intake-form' },
    },
    optOut: {},
    searchTokens: patientSearchTokens({ firstName, lastName, email, mobile: '+61412345678' }),
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    ...overrides,
  }
}

/**
 * A 50-minute video appointment next Monday morning (UTC) for one patient. Pass `practitionerId`
 * to say whose appointment it is and `patients` to book others (patientIds follow the patients).
 */
export function anAppointment(overrides: Partial<AppointmentDoc> = {}): AppointmentDoc {
  const start = overrides.start ?? new Date('2025-03-10T23:00:00Z')
  const patients = overrides.patients ?? [{ id: uniqueId('patient'), ...nextPerson() }]
  return {
    practitionerId: uniqueId('user'),
    practitionerName: 'Dr Isla Patel',
    start,
    end: new Date(start.getTime() + 50 * 60_000),
    location: 'video',
    patientIds: patients.map((p) => p.id),
    patients,
    status: 'scheduled',
    createdBy: uniqueId('user'),
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    ...overrides,
  }
}

export function anAuditEntry(overrides: Partial<AuditEntryDoc> = {}): AuditEntryDoc {
  const memberUid = uniqueId('user')
  return {
    at: CREATED_AT,
    actor: { uid: uniqueId('user'), role: 'owner' },
    action: 'member.added',
    target: { type: 'member', id: memberUid },
    details: { role: 'staff' },
    ...overrides,
  }
}
