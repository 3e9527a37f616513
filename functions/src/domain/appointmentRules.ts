/**
 * What makes an appointment valid, shared by the console form and the `saveAppointment` callable so
 * both refuse the same drafts with the same words. Pure: no Firebase imports.
 */

export const APPOINTMENT_LOCATIONS = ['video', 'phone', 'in-person'] as const
export type AppointmentLocation = (typeof APPOINTMENT_LOCATIONS)[number]

export const APPOINTMENT_LOCATION_LABELS: Record<AppointmentLocation, string> = {
  video: 'Video consultation',
  phone: 'Phone consultation',
  'in-person': 'In person',
}

export const MIN_DURATION_MINUTES = 5
export const MAX_DURATION_MINUTES = 480
export const MAX_NOTES_LENGTH = 500
/** How far from today an appointment may start, either way: far enough for any real booking or back-dated record. */
export const MAX_YEARS_FROM_NOW = 5

export function isAppointmentLocation(value: unknown): value is AppointmentLocation {
  return typeof value === 'string' && (APPOINTMENT_LOCATIONS as readonly string[]).includes(value)
}

/** A video visit fits a small family; phone and in-person appointments are one patient each. */
export function maxPatientsFor(location: AppointmentLocation): number {
  return location === 'video' ? 3 : 1
}

/** The message shown when a draft has more patients than its location allows. */
export function patientLimitMessage(location: AppointmentLocation): string {
  switch (location) {
    case 'video':
      return 'A video consultation can have at most 3 patients.'
    case 'phone':
      return 'A phone consultation has exactly one patient.'
    case 'in-person':
      return 'An in-person appointment has exactly one patient.'
  }
}

export interface AppointmentDraft {
  start: Date
  durationMinutes: number
  location: AppointmentLocation | string
  patientIds: readonly string[]
}

/**
 * Null when the draft can be saved, else the first problem in words a receptionist can act on.
 * Does not judge whether the start is in the past: back-dating a record is allowed, up to
 * MAX_YEARS_FROM_NOW years either way (a year like 9999 is a typo, and past year 9999 no date can be stored).
 */
export function validateAppointmentDraft(draft: AppointmentDraft, now: Date = new Date()): string | null {
  if (!(draft.start instanceof Date) || Number.isNaN(draft.start.getTime())) {
    return 'Choose a valid date and start time.'
  }
  if (!isWithinYearsOf(draft.start, now, MAX_YEARS_FROM_NOW)) {
    return `Choose a date within ${MAX_YEARS_FROM_NOW} years of today.`
  }
  const d = draft.durationMinutes
  if (!Number.isInteger(d) || d < MIN_DURATION_MINUTES || d > MAX_DURATION_MINUTES) {
    return `The duration must be a whole number of minutes from ${MIN_DURATION_MINUTES} to ${MAX_DURATION_MINUTES}.`
  }
  if (!isAppointmentLocation(draft.location)) {
    return 'Choose a location: Video consultation, Phone consultation or In person.'
  }
  const ids = draft.patientIds
  if (ids.length === 0) return draft.location === 'video' ? 'Add at least one patient.' : patientLimitMessage(draft.location)
  if (ids.some((id) => typeof id !== 'string' || id.length === 0)) return 'A patient is missing.'
  if (new Set(ids).size !== ids.length) return 'Each patient can be added only once.'
  if (ids.length > maxPatientsFor(draft.location)) return patientLimitMessage(draft.location)
  return null
}

/** True when `date` is no more than `years` calendar years before or after `now`. */
export function isWithinYearsOf(date: Date, now: Date, years: number): boolean {
  const earliest = new Date(now)
  earliest.setUTCFullYear(now.getUTCFullYear() - years)
  const latest = new Date(now)
  latest.setUTCFullYear(now.getUTCFullYear() + years)
  return date.getTime() >= earliest.getTime() && date.getTime() <= latest.getTime()
}

/** Another appointment of the same practitioner that a draft would overlap. */
export interface AppointmentClash {
  appointmentId: string
  start: Date
  end: Date
  /** "Alex Nguyen, Blair Smith": who the practitioner would be double-booked with. */
  patientNames: string
}

/**
 * The practitioner's scheduled appointments that overlap [start, end), soonest first; `ignoreId` is the
 * appointment being changed. Touching is not overlapping: one can end at 10:00 and the next start at 10:00.
 */
export function overlappingAppointments(
  draft: { start: Date; end: Date; ignoreId?: string },
  booked: readonly { id: string; start: Date; end: Date; status: string; patients: readonly { firstName: string; lastName: string }[] }[],
): AppointmentClash[] {
  return booked
    .filter((b) => b.id !== draft.ignoreId && b.status === 'scheduled' && b.start < draft.end && b.end > draft.start)
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .map((b) => ({
      appointmentId: b.id,
      start: b.start,
      end: b.end,
      patientNames: b.patients.map((p) => `${p.firstName} ${p.lastName}`.trim()).join(', '),
    }))
}

/** What `saveAppointment` sends with its refusal of a double booking (ISO instants), for the form's warning. */
export interface AppointmentClashDetails {
  reason: 'overlap'
  clashes: { appointmentId: string; start: string; end: string; patientNames: string }[]
}
