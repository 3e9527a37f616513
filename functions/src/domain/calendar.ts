/**
 * The console calendar's arithmetic: practice dates and weeks (the grid itself, its slots and the side-by-side
 * layout of overlapping appointments, is the calendar library's; see calendarWallTime.ts for how its wall times
 * map to instants).
 *
 * A practice date is a plain 'YYYY-MM-DD' string meaning a day on the practice's wall calendar. It is
 * never a `Date`, so it cannot drift with the viewer's zone; instants (`Date`) are converted to and from
 * it only through the practice's IANA zone. Pure: no Firebase imports.
 */
import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns'
import { practiceDayRange, type DayRange } from './schedule'

export { maxPatientsFor } from './appointmentRules'

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/

/** True for a real calendar date written 'YYYY-MM-DD' (no 2025-02-30). */
export function isPracticeDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const match = DATE_PATTERN.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const utc = new Date(Date.UTC(year, month - 1, day))
  return utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day
}

/** True for a 24-hour wall-clock time 'HH:mm'. */
export function isPracticeTime(value: unknown): value is string {
  return typeof value === 'string' && TIME_PATTERN.test(value)
}

/** The practice's calendar date at `instant`: 'YYYY-MM-DD'. */
export function practiceDateOf(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'yyyy-MM-dd')
}

/** The practice's wall-clock time at `instant`: 'HH:mm'. */
export function practiceTimeOf(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'HH:mm')
}

/** Minutes since the practice's midnight as its clocks show them (so 09:30 is 570 even on a DST day). */
export function practiceMinutesOfDay(instant: Date, timeZone: string): number {
  const local = new TZDate(instant.getTime(), timeZone)
  return local.getHours() * 60 + local.getMinutes()
}

/**
 * The instant the practice's clocks read `time` on `date`. A time that does not exist (skipped when
 * daylight saving starts) moves forward by the gap, as wall clocks do: 02:30 becomes 03:30.
 */
export function practiceInstant(date: string, time: string, timeZone: string): Date {
  if (!isPracticeDate(date)) throw new RangeError(`Not a date: ${date}`)
  if (!isPracticeTime(time)) throw new RangeError(`Not a time: ${time}`)
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  const [hours, minutes] = time.split(':').map(Number) as [number, number]
  return new Date(new TZDate(year, month - 1, day, hours, minutes, timeZone).getTime())
}

/** `date` moved by `days` calendar days (negative goes back). */
export function addPracticeDays(date: string, days: number): string {
  if (!isPracticeDate(date)) throw new RangeError(`Not a date: ${date}`)
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10)
}

/** ISO weekday of a practice date: 1 = Monday … 7 = Sunday. */
export function practiceWeekday(date: string): number {
  if (!isPracticeDate(date)) throw new RangeError(`Not a date: ${date}`)
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7
}

/** The Monday of the week containing `date` (weeks start on Monday). */
export function weekStartOf(date: string): string {
  return addPracticeDays(date, 1 - practiceWeekday(date))
}

export interface CalendarDay extends DayRange {
  date: string
}

/** One practice date as the half-open range of instants it covers (23, 24 or 25 hours). */
export function practiceDateRange(date: string, timeZone: string): CalendarDay {
  // Noon exists on every day in every zone; midnight does not always (some zones jump at 00:00).
  return { date, ...practiceDayRange(practiceInstant(date, '12:00', timeZone), timeZone) }
}

export interface CalendarRange extends DayRange {
  days: CalendarDay[]
}

/** The week (Monday to Sunday) containing `date`, each day in the practice's zone. */
export function practiceWeekRange(date: string, timeZone: string): CalendarRange {
  const monday = weekStartOf(date)
  const days = Array.from({ length: 7 }, (_, i) => practiceDateRange(addPracticeDays(monday, i), timeZone))
  return { start: days[0]!.start, end: days[6]!.end, days }
}

/** The range a calendar view covers: one day, or the week around it. */
export function calendarRange(view: 'day' | 'week', date: string, timeZone: string): CalendarRange {
  if (view === 'week') return practiceWeekRange(date, timeZone)
  const day = practiceDateRange(date, timeZone)
  return { start: day.start, end: day.end, days: [day] }
}
