import { TZDate } from '@date-fns/tz'

/**
 * A date range typed as practice-local days ('YYYY-MM-DD' from a date input, either end optional) as instants:
 * from the start of the first day to the start of the day after the last, in the practice's time zone.
 */
export function practiceDayRange(fromDay: string, toDay: string, timeZone: string): { from: Date | null; to: Date | null } {
  return { from: dayStart(fromDay, timeZone, 0), to: dayStart(toDay, timeZone, 1) }
}

function dayStart(day: string, timeZone: string, plusDays: number): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return null
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  return new Date(new TZDate(y, m - 1, d + plusDays, timeZone).getTime())
}

/** An instant as practice-local date and time for tables and CSV: "2026-03-10 14:05". */
export function formatPracticeDateTime(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`
}
