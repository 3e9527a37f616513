/**
 * The practice's own settings, as the owner edits them on the Settings page: the same limits the security rules
 * check on `practices/{p}` (firestore.rules, isValidPracticeUpdate), so the page, the `updatePracticeSettings`
 * callable and the rules agree on what is valid. Pure, no Firebase imports.
 */
import { isValidTimeZone } from './schedule'

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]
export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
}

/** One opening span per day, 'HH:mm' 24-hour wall-clock time in the practice's zone; null = closed. */
export type OpeningHours = Record<Weekday, { open: string; close: string } | null>

export interface PracticeSettingsValues {
  joinWindowMinutes: number
  reminderOffsetsHours: number[]
  idleTimeoutMinutes: number
  lowBalanceCredits: number
  /** Send a patient booked into a video visit a confirmation with their link (on when unset). */
  bookingConfirmation: boolean
}

/** Whether the practice sends booking confirmations: on unless the owner turned them off (`false`). */
export function bookingConfirmationOn(setting: unknown): boolean {
  return setting !== false
}

/** What a setting means when a practice has never saved it (older practices), so a first save is no change. */
const UNSET_SETTINGS: Partial<PracticeSettingsValues> = { bookingConfirmation: true }

/** Everything the Settings page edits. */
export interface PracticeProfile {
  name: string
  timeZone: string
  phone: string
  openingHours: OpeningHours
  settings: PracticeSettingsValues
}

export const LIMITS = {
  nameMax: 120,
  joinWindowMinutes: { min: 0, max: 60 },
  reminderOffsetHours: { min: 1, max: 168, count: 4 },
  idleTimeoutMinutes: { min: 1, max: 120 },
  lowBalanceCredits: { min: 0, max: 100_000 },
} as const

const E164 = /^\+[1-9][0-9]{6,14}$/
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/
const ZONE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/

export const DEFAULT_OPENING_HOURS: OpeningHours = {
  mon: { open: '08:00', close: '18:00' },
  tue: { open: '08:00', close: '18:00' },
  wed: { open: '08:00', close: '18:00' },
  thu: { open: '08:00', close: '18:00' },
  fri: { open: '08:00', close: '17:00' },
  sat: null,
  sun: null,
}

const isWhole = (n: unknown, min: number, max: number) => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max

/** Field path → a message the owner can act on. Empty when the profile is valid. */
export type SettingsProblems = Partial<Record<string, string>>

export function practiceProfileProblems(p: PracticeProfile): SettingsProblems {
  const problems: SettingsProblems = {}
  const name = p.name.trim()
  if (!name || name.length > LIMITS.nameMax) problems.name = `Enter the practice name (1–${LIMITS.nameMax} characters).`
  if (p.timeZone.length > 64 || !ZONE.test(p.timeZone) || !isValidTimeZone(p.timeZone)) {
    problems.timeZone = 'Choose a time zone such as Australia/Sydney.'
  }
  if (!E164.test(p.phone)) problems.phone = 'Enter the phone number in international format, e.g. +61291234567.'
  for (const day of WEEKDAYS) {
    const span = p.openingHours[day]
    if (span === null) continue
    if (!TIME.test(span.open) || !TIME.test(span.close)) problems[`openingHours.${day}`] = 'Use 24-hour times such as 08:30.'
    else if (span.open >= span.close) problems[`openingHours.${day}`] = 'Closing time must be after opening time.'
  }
  const s = p.settings
  const { joinWindowMinutes: jw, reminderOffsetHours: ro, idleTimeoutMinutes: idle, lowBalanceCredits: low } = LIMITS
  if (!isWhole(s.joinWindowMinutes, jw.min, jw.max)) problems['settings.joinWindowMinutes'] = `Whole minutes from ${jw.min} to ${jw.max}.`
  const offsets = s.reminderOffsetsHours
  if (offsets.length > ro.count || offsets.some((h) => !isWhole(h, ro.min, ro.max)) || new Set(offsets).size !== offsets.length) {
    problems['settings.reminderOffsetsHours'] = `Up to ${ro.count} different whole hours from ${ro.min} to ${ro.max}.`
  }
  if (!isWhole(s.idleTimeoutMinutes, idle.min, idle.max)) problems['settings.idleTimeoutMinutes'] = `Whole minutes from ${idle.min} to ${idle.max}.`
  if (!isWhole(s.lowBalanceCredits, low.min, low.max)) problems['settings.lowBalanceCredits'] = `Whole credits from ${low.min} to ${low.max.toLocaleString('en')}.`
  if (typeof s.bookingConfirmation !== 'boolean') problems['settings.bookingConfirmation'] = 'Choose whether to send booking confirmations.'
  return problems
}

/** "24, 2" → [24, 2]; anything that is not a list of whole numbers → null. */
export function parseReminderOffsets(text: string): number[] | null {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean)
  if (parts.some((s) => !/^\d+$/.test(s))) return null
  return parts.map(Number)
}

/** Which top-level fields and settings differ: for the audit entry (names only, never values). */
export function changedProfileFields(before: Partial<PracticeProfile>, after: PracticeProfile): string[] {
  const changed: string[] = []
  for (const key of ['name', 'timeZone', 'phone'] as const) if (before[key] !== after[key]) changed.push(key)
  if (JSON.stringify(before.openingHours ?? null) !== JSON.stringify(after.openingHours)) changed.push('openingHours')
  const settings = (before.settings ?? {}) as Partial<PracticeSettingsValues>
  for (const key of Object.keys(after.settings) as (keyof PracticeSettingsValues)[]) {
    if (JSON.stringify(settings[key] ?? UNSET_SETTINGS[key] ?? null) !== JSON.stringify(after.settings[key])) changed.push(`settings.${key}`)
  }
  return changed
}
