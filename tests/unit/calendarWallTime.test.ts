import { describe, expect, it } from 'vitest'
import { practiceInstant } from '../../functions/src/domain/calendar'
import {
  DEFAULT_SCROLL_TIME,
  instantOfWallTime,
  openingScrollTime,
  practiceUtcOffset,
  practiceWallTime,
} from '../../functions/src/domain/calendarWallTime'
import { DEFAULT_OPENING_HOURS } from '../../functions/src/domain/practiceSettings'

const SYDNEY = 'Australia/Sydney'
const NEW_YORK = 'America/New_York'

/** A Date whose local fields read the given wall time, as the calendar library hands them back. */
const wall = (y: number, m: number, d: number, h: number, min: number) => new Date(y, m - 1, d, h, min)

describe('wall times for the calendar library', () => {
  it("draws an appointment at the practice's wall-clock time, whatever the viewer's zone", () => {
    const instant = practiceInstant('2025-03-04', '01:30', SYDNEY)
    expect(practiceWallTime(instant, SYDNEY)).toBe('2025-03-04T01:30:00')
    expect(practiceWallTime(instant, NEW_YORK)).toBe('2025-03-03T09:30:00')
  })

  it('uses each instant\'s own offset on either side of a daylight-saving change', () => {
    // Sydney leaves daylight saving on 6 April 2025 at 03:00 (back to 02:00).
    expect(practiceWallTime(practiceInstant('2025-04-05', '09:00', SYDNEY), SYDNEY)).toBe('2025-04-05T09:00:00')
    expect(practiceWallTime(practiceInstant('2025-04-07', '09:00', SYDNEY), SYDNEY)).toBe('2025-04-07T09:00:00')
  })

  it('reads a dropped wall time back as the instant the practice means', () => {
    const instant = instantOfWallTime(wall(2025, 3, 4, 1, 30), SYDNEY)
    expect(instant.toISOString()).toBe(practiceInstant('2025-03-04', '01:30', SYDNEY).toISOString())
    expect(practiceWallTime(instant, SYDNEY)).toBe('2025-03-04T01:30:00')
  })

  it('round-trips every quarter hour of a day', () => {
    for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
      const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
      const instant = practiceInstant('2025-06-10', time, NEW_YORK)
      expect(practiceWallTime(instant, NEW_YORK)).toBe(`2025-06-10T${time}:00`)
    }
  })

  it("gives the practice's UTC offset at an instant, in and out of daylight saving", () => {
    expect(practiceUtcOffset(new Date('2025-01-15T00:00:00Z'), SYDNEY)).toBe('+11:00')
    expect(practiceUtcOffset(new Date('2025-07-15T00:00:00Z'), SYDNEY)).toBe('+10:00')
    expect(practiceUtcOffset(new Date('2025-01-15T00:00:00Z'), NEW_YORK)).toBe('-05:00')
    expect(practiceUtcOffset(new Date('2025-01-15T00:00:00Z'), 'UTC')).toBe('+00:00')
  })
})

describe('where the calendar first scrolls', () => {
  it("opens at the day's opening time", () => {
    // 2025-03-07 is a Friday.
    expect(openingScrollTime(['2025-03-07'], { ...DEFAULT_OPENING_HOURS, fri: { open: '07:30', close: '17:00' } })).toBe('07:30')
  })

  it('opens a week at its earliest opening time', () => {
    const hours = { ...DEFAULT_OPENING_HOURS, wed: { open: '06:45', close: '12:00' } }
    const week = ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09']
    expect(openingScrollTime(week, hours)).toBe('06:45')
  })

  it('falls back to 08:00 on a closed day or without opening hours', () => {
    expect(openingScrollTime(['2025-03-08'], DEFAULT_OPENING_HOURS)).toBe(DEFAULT_SCROLL_TIME)
    expect(openingScrollTime(['2025-03-07'], undefined)).toBe(DEFAULT_SCROLL_TIME)
  })
})
