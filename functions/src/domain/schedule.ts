/**
 * A practice's calendar day, in the practice's own time zone.
 *
 * "Today" in a clinic means the clinic's day, not the viewer's: a receptionist working remotely
 * from another zone must see the same list as the front desk. Pure functions, no Firebase imports,
 * so both the console and the functions (reminders) can use them.
 */
import { TZDate } from '@date-fns/tz'
import { addDays, format, startOfDay } from 'date-fns'

/** Half-open range `[start, end)` of instants. */
export interface DayRange {
  start: Date
  end: Date
}

/** True when `timeZone` is an IANA zone name this runtime knows (e.g. "Australia/Sydney"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

/**
 * The instants at which the practice's current day starts and the next one starts.
 *
 * Not always 24 hours apart: on daylight-saving changes the day lasts 23 or 25 hours, and in zones
 * where the clock jumps at midnight the day starts at 01:00. Query with `start >= start && start < end`.
 */
export function practiceDayRange(now: Date, timeZone: string): DayRange {
  const dayStart = startOfDay(new TZDate(now.getTime(), timeZone))
  // addDays on a TZDate moves the wall-clock date, so the end is the next local midnight.
  const dayEnd = addDays(dayStart, 1)
  return { start: new Date(dayStart.getTime()), end: new Date(dayEnd.getTime()) }
}

/** Wall-clock time in the practice's zone, 24-hour: "09:00". */
export function formatPracticeTime(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'HH:mm')
}

/** Appointment time range in the practice's zone, with an en dash: "09:00–09:30". */
export function formatPracticeTimeRange(start: Date, end: Date, timeZone: string): string {
  return `${formatPracticeTime(start, timeZone)}–${formatPracticeTime(end, timeZone)}`
}

/** The practice's date, spelled out: "Monday 3 March 2025". */
export function formatPracticeDate(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'EEEE d MMMM yyyy')
}
