import { describe, expect, it } from 'vitest'
import {
  END_WARNING_MINUTES,
  bookedTimeMessage,
  bookedTimeState,
  elapsedDuration,
  formatClockSeconds,
  formatElapsed,
} from '../../functions/src/domain/visitClock'

const SECOND = 1_000
const MINUTE = 60_000
const start = new Date('2026-12-07T09:00:00Z')
const end = new Date('2026-12-07T09:30:00Z')
const after = (ms: number, from: Date = start) => new Date(from.getTime() + ms)

describe('visit clock: elapsed time', () => {
  it('reads 0:00 at the start, and before it (a device clock behind the server)', () => {
    expect(formatElapsed(start, start)).toBe('0:00')
    expect(formatElapsed(start, after(-3 * SECOND))).toBe('0:00')
  })

  it('rounds down: 0:00 until a whole second has passed, then minutes and seconds', () => {
    expect(formatElapsed(start, after(999))).toBe('0:00')
    expect(formatElapsed(start, after(SECOND))).toBe('0:01')
    expect(formatElapsed(start, after(12 * MINUTE + 34 * SECOND + 999))).toBe('12:34')
  })

  it('adds hours past the first hour, with two-digit minutes', () => {
    expect(formatElapsed(start, after(59 * MINUTE + 59 * SECOND))).toBe('59:59')
    expect(formatElapsed(start, after(60 * MINUTE))).toBe('1:00:00')
    expect(formatElapsed(start, after(62 * MINUTE + 9 * SECOND))).toBe('1:02:09')
    expect(formatClockSeconds(10 * 3600 + 5)).toBe('10:00:05')
  })

  it('gives the same time as an ISO 8601 duration for <time datetime>', () => {
    expect(elapsedDuration(start, start)).toBe('PT0S')
    expect(elapsedDuration(start, after(-SECOND))).toBe('PT0S')
    expect(elapsedDuration(start, after(7 * SECOND))).toBe('PT7S')
    expect(elapsedDuration(start, after(12 * MINUTE + 34 * SECOND))).toBe('PT12M34S')
    expect(elapsedDuration(start, after(60 * MINUTE + 5 * SECOND))).toBe('PT1H0M5S')
  })
})

describe('visit clock: the booked end', () => {
  it('says nothing until five minutes before the booked end', () => {
    expect(END_WARNING_MINUTES).toBe(5)
    expect(bookedTimeState(end, start)).toEqual({ state: 'plenty' })
    expect(bookedTimeState(end, after(-5 * MINUTE - 1, end))).toEqual({ state: 'plenty' })
    expect(bookedTimeMessage(bookedTimeState(end, after(-5 * MINUTE - 1, end)))).toBeNull()
  })

  it('warns from exactly five minutes before (inclusive): "5 minutes left of the booked time"', () => {
    const state = bookedTimeState(end, after(-5 * MINUTE, end))
    expect(state).toEqual({ state: 'ending-soon', minutesLeft: 5 })
    expect(bookedTimeMessage(state)).toBe('5 minutes left of the booked time')
  })

  it('counts whole minutes down, rounded up, to "1 minute left" in the last minute', () => {
    expect(bookedTimeState(end, after(-4 * MINUTE - 1, end))).toEqual({ state: 'ending-soon', minutesLeft: 5 })
    expect(bookedTimeState(end, after(-4 * MINUTE, end))).toEqual({ state: 'ending-soon', minutesLeft: 4 })
    expect(bookedTimeMessage(bookedTimeState(end, after(-1, end)))).toBe('1 minute left of the booked time')
  })

  it('says the booked time is over from the booked end on (the visit may overrun)', () => {
    expect(bookedTimeState(end, end)).toEqual({ state: 'over' })
    expect(bookedTimeMessage(bookedTimeState(end, after(20 * MINUTE, end)))).toBe('The booked time is over')
  })
})
