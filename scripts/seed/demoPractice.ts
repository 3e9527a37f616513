/**
 * The demo practice that `npm run dev` and the e2e tests start from. Fake people only: names are invented,
 * emails use the reserved .example domain and mobiles the +61 491 570 range that Australia reserves for fiction.
 */
import type { OpeningHours } from '../../functions/src/domain/practiceSettings'
import type { Role } from '../../functions/src/domain/roles'

export const DEMO_PRACTICE_ID = 'demo-practice'
export const DEMO_PASSWORD = 'telehealth-demo'

/** Open every day, so the demo day (seeded for today, whatever the weekday) is inside opening hours. */
const DEMO_OPENING_HOURS: OpeningHours = Object.fromEntries(
  (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => [day, { open: '08:00', close: '19:00' }]),
) as OpeningHours

/** The practice document; its time zone is chosen when it is seeded (scripts/seed/demoTimeZone.ts). */
export const demoPractice = {
  name: 'Harbourside Family Clinic',
  phone: '+61290000000',
  settings: { joinWindowMinutes: 10, reminderOffsetsHours: [24, 2], idleTimeoutMinutes: 15, lowBalanceCredits: 20 },
  openingHours: DEMO_OPENING_HOURS,
}

/** The credit grant the demo practice starts with, as an admin would create it in the Firebase console. */
export const DEMO_GRANT = { id: 'demo-welcome-credits', amount: 500, reason: 'Demo credits' }

/**
 * The demo practice's own Twilio number (fictional range): every member may call from it, and reminders go out from
 * it. Calls go to the local Twilio's simulated callee under `npm run dev`.
 */
export const DEMO_PHONE_NUMBER = '+61291570100'

export interface DemoMember {
  uid: string
  email: string
  displayName: string
  role: Role
}

export const demoMembers: DemoMember[] = [
  { uid: 'demo-owner', email: 'owner@harbourside.example', displayName: 'Olivia Hart', role: 'owner' },
  { uid: 'demo-dr-patel', email: 'sam.patel@harbourside.example', displayName: 'Dr Sam Patel', role: 'practitioner' },
  { uid: 'demo-dr-chen', email: 'mei.chen@harbourside.example', displayName: 'Dr Mei Chen', role: 'practitioner' },
  { uid: 'demo-reception', email: 'reception@harbourside.example', displayName: 'Riley Jones', role: 'staff' },
]

/** Someone the owner has invited but who has not joined yet: `npm run dev` prints the invitation link. */
export const demoInvitation = { email: 'alex.kim@harbourside.example', displayName: 'Alex Kim', role: 'staff' as const }

export interface DemoPatient {
  id: string
  firstName: string
  lastName: string
  dateOfBirth: string
  email: string
  mobile: string
  consent: { email: boolean; sms: boolean }
}

const people: [string, string, string, boolean, boolean][] = [
  ['Emma', 'Thompson', '1988-04-12', true, true],
  ['Liam', 'Nguyen', '1975-11-03', true, true],
  ['Charlotte', 'Wilson', '1993-07-21', true, false],
  ['Noah', 'Kowalski', '2001-02-14', false, true],
  ['Amelia', "O'Brien", '1969-09-30', true, true],
  ['Jack', 'Ramirez', '1984-06-08', true, true],
  ['Isla', 'Fraser', '1997-12-19', false, false],
  ['William', 'Tanaka', '1958-03-27', true, true],
  ['Mia', 'Papadopoulos', '2010-08-05', true, true],
  ['Oliver', 'Singh', '1991-01-16', true, false],
  ['Ava', 'Murphy', '1979-05-23', true, true],
  ['Lucas', 'Haddad', '1966-10-11', false, true],
]

export const demoPatients: DemoPatient[] = people.map(([firstName, lastName, dateOfBirth, email, sms], i) => ({
  id: `demo-patient-${String(i + 1).padStart(2, '0')}`,
  firstName,
  lastName,
  dateOfBirth,
  email: `${firstName.toLowerCase()}.${lastName.toLowerCase().replace(/[^a-z]/g, '')}@mail.example`,
  mobile: `+6149157${String(100 + i * 7).padStart(4, '0')}`,
  consent: { email, sms },
}))

export type Location = 'video' | 'phone' | 'in-person'

/** Today's bookings as practice-local wall-clock times. */
export interface DemoBooking {
  id: string
  practitionerUid: string
  /** 'HH:mm' in the practice time zone, or 'soon' for about five minutes from now. */
  at: string
  minutes: number
  location: Location
  patientIndexes: number[]
  status?: 'scheduled' | 'cancelled'
}

export const demoBookings: DemoBooking[] = [
  { id: 'demo-appt-soon', practitionerUid: 'demo-dr-patel', at: 'soon', minutes: 30, location: 'video', patientIndexes: [0] },
  { id: 'demo-appt-01', practitionerUid: 'demo-dr-patel', at: '09:00', minutes: 30, location: 'video', patientIndexes: [1] },
  { id: 'demo-appt-02', practitionerUid: 'demo-dr-patel', at: '10:00', minutes: 15, location: 'phone', patientIndexes: [2] },
  { id: 'demo-appt-03', practitionerUid: 'demo-dr-patel', at: '11:30', minutes: 30, location: 'in-person', patientIndexes: [3] },
  { id: 'demo-appt-04', practitionerUid: 'demo-dr-patel', at: '14:00', minutes: 45, location: 'video', patientIndexes: [4, 5] },
  { id: 'demo-appt-05', practitionerUid: 'demo-dr-patel', at: '16:00', minutes: 30, location: 'video', patientIndexes: [6], status: 'cancelled' },
  { id: 'demo-appt-06', practitionerUid: 'demo-dr-chen', at: '09:30', minutes: 30, location: 'in-person', patientIndexes: [7] },
  { id: 'demo-appt-07', practitionerUid: 'demo-dr-chen', at: '13:00', minutes: 30, location: 'video', patientIndexes: [8] },
  { id: 'demo-appt-08', practitionerUid: 'demo-dr-chen', at: '15:30', minutes: 15, location: 'phone', patientIndexes: [9] },
  { id: 'demo-appt-09', practitionerUid: 'demo-dr-chen', at: '17:00', minutes: 60, location: 'video', patientIndexes: [10, 11] },
]
