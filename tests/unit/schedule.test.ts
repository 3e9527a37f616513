import { describe, expect, it } from 'vitest'
import { formatPracticeDate, formatPracticeTimeRange, isValidTimeZone, practiceDayRange } from '../../functions/src/domain/schedule'

const hours = (r: { start: Date; end: Date }) => (r.end.getTime() - r.start.getTime()) / 3_600_000

describe("a practice's day", () => {
  it("is the practice's local day, not the viewer's", () => {
    // 20:00 UTC on 3 March is already 4 March, 07:00, in Sydney (UTC+11 in summer).
    const range = practiceDayRange(new Date('2025-03-03T20:00:00Z'), 'Australia/Sydney')
    expect(range.start.toISOString()).toBe('2025-03-03T13:00:00.000Z')
    expect(range.end.toISOString()).toBe('2025-03-04T13:00:00.000Z')
  })

  it('lasts 25 hours when daylight saving ends and 23 when it starts', () => {
    expect(hours(practiceDayRange(new Date('2025-04-06T02:00:00+10:00'), 'Australia/Sydney'))).toBe(25)
    expect(hours(practiceDayRange(new Date('2025-10-05T12:00:00+11:00'), 'Australia/Sydney'))).toBe(23)
    expect(hours(practiceDayRange(new Date('2025-03-09T12:00:00-04:00'), 'America/New_York'))).toBe(23)
  })

  it('starts exactly at local midnight: the first instant belongs to the day, the last one does not', () => {
    const range = practiceDayRange(new Date('2025-07-01T00:00:00+10:00'), 'Australia/Sydney')
    expect(range.start.toISOString()).toBe('2025-06-30T14:00:00.000Z')
    const next = practiceDayRange(range.end, 'Australia/Sydney')
    expect(next.start.getTime()).toBe(range.end.getTime())
  })

  it('formats times and dates in the practice zone', () => {
    const start = new Date('2025-03-03T22:00:00Z')
    const end = new Date('2025-03-03T22:30:00Z')
    expect(formatPracticeTimeRange(start, end, 'Australia/Sydney')).toBe('09:00–09:30')
    expect(formatPracticeDate(start, 'Australia/Sydney')).toBe('Tuesday 4 March 2025')
  })

  it('recognises IANA zone names', () => {
    expect(isValidTimeZone('Australia/Perth')).toBe(true)
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false)
  })
})
