/**
 * The bridge between appointments (instants) and the console's calendar library, which knows no IANA zones: it
 * draws "floating" wall times ('2025-03-04T01:30:00', no offset) and hands back dates whose local fields are that
 * wall time. Each appointment is converted with the practice's own zone (so a DST day is right for every one of
 * its appointments), and a dropped or clicked wall time is read back the same way. Pure: no Firebase imports.
 */
import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns'
import { practiceInstant, practiceWeekday } from './calendar'
import { WEEKDAYS, type OpeningHours } from './practiceSettings'

/** The practice's wall-clock date and time at `instant`, floating: 'YYYY-MM-DDTHH:mm:ss'. */
export function practiceWallTime(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), "yyyy-MM-dd'T'HH:mm:ss")
}

/**
 * The instant the practice's clocks show the wall time carried by `wall`'s local fields (year … minutes), as the
 * library returns it after a click, drag or resize. Seconds are dropped: the calendar snaps to minutes.
 */
export function instantOfWallTime(wall: Date, timeZone: string): Date {
  return practiceInstant(format(wall, 'yyyy-MM-dd'), format(wall, 'HH:mm'), timeZone)
}

/** The practice's UTC offset at `instant` as the library takes it: '+11:00', '-04:30', '+00:00'. */
export function practiceUtcOffset(instant: Date, timeZone: string): string {
  return format(new TZDate(instant.getTime(), timeZone), 'xxx')
}

/** The time the calendar first scrolls to when no day shown has opening hours. */
export const DEFAULT_SCROLL_TIME = '08:00'

/**
 * Where the calendar opens its scroll: the earliest opening time among the practice dates shown (one day, or a
 * week), so the working day is on screen and the night above it one scroll away.
 */
export function openingScrollTime(dates: readonly string[], openingHours: OpeningHours | undefined): string {
  const opens = dates
    .map((date) => openingHours?.[WEEKDAYS[practiceWeekday(date) - 1]!]?.open)
    .filter((open): open is string => Boolean(open))
    .sort()
  return opens[0] ?? DEFAULT_SCROLL_TIME
}
