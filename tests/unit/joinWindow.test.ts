import { describe, expect, it } from 'vitest'
import {
  DEFAULT_JOIN_WINDOW_MINUTES,
  VISIT_OVERRUN_MINUTES,
  formatCountdown,
  joinWindow,
  joinWindowMinutes,
  joinWindowState,
} from '../../functions/src/domain/joinWindow'

const MINUTE = 60_000
const start = new Date('2025-03-10T23:00:00Z')
const end = new Date('2025-03-10T23:30:00Z')
const at = (offsetMs: number, from: Date = start) => new Date(from.getTime() + offsetMs)

describe('join window', () => {
  const window = joinWindow({ start, end }, 10)

  it('opens the practice setting before the start and closes the overrun allowance after the booked end', () => {
    expect(window.opensAt).toEqual(at(-10 * MINUTE))
    expect(window.closesAt).toEqual(at(VISIT_OVERRUN_MINUTES * MINUTE, end))
  })

  it('opens at exactly start minus the setting (inclusive), not a millisecond earlier', () => {
    expect(joinWindowState(window, at(-10 * MINUTE - 1))).toEqual({ state: 'before', opensAt: window.opensAt, msUntilOpen: 1 })
    expect(joinWindowState(window, at(-10 * MINUTE))).toEqual({ state: 'open', closesAt: window.closesAt })
  })

  it('closes at closesAt (exclusive): open a millisecond before, closed at that instant', () => {
    expect(joinWindowState(window, at(-1, window.closesAt))).toEqual({ state: 'open', closesAt: window.closesAt })
    expect(joinWindowState(window, window.closesAt)).toEqual({ state: 'closed', closedAt: window.closesAt })
  })

  it('closes early when the practitioner ends the visit, from the instant it ended', () => {
    const endedAt = at(20 * MINUTE)
    expect(joinWindowState(window, at(-1, endedAt), endedAt).state).toBe('open')
    expect(joinWindowState(window, endedAt, endedAt)).toEqual({ state: 'closed', closedAt: endedAt })
    // Even a visit ended before its booked start stays closed.
    expect(joinWindowState(window, at(-5 * MINUTE), at(-6 * MINUTE)).state).toBe('closed')
  })

  it('counts down to the opening for the waiting page', () => {
    expect(joinWindowState(window, at(-15 * MINUTE))).toMatchObject({ state: 'before', msUntilOpen: 5 * MINUTE })
  })

  it('with a setting of 0 opens at the start itself', () => {
    expect(joinWindowState(joinWindow({ start, end }, 0), at(-1)).state).toBe('before')
    expect(joinWindowState(joinWindow({ start, end }, 0), start).state).toBe('open')
  })

  it('uses the practice setting only when it is a whole number of minutes in 0–60', () => {
    expect(joinWindowMinutes(0)).toBe(0)
    expect(joinWindowMinutes(15)).toBe(15)
    expect(joinWindowMinutes(60)).toBe(60)
    for (const bad of [61, -1, 2.5, '10', null, undefined, Number.NaN]) expect(joinWindowMinutes(bad)).toBe(DEFAULT_JOIN_WINDOW_MINUTES)
  })
})

describe('countdown', () => {
  it('shows minutes and seconds, and hours when there are any', () => {
    expect(formatCountdown(4 * MINUTE + 5_000)).toBe('4:05')
    expect(formatCountdown(59 * MINUTE + 59_000)).toBe('59:59')
    expect(formatCountdown(60 * MINUTE)).toBe('1:00:00')
    expect(formatCountdown(62 * MINUTE + 9_000)).toBe('1:02:09')
  })

  it('rounds up, so it never shows 0:00 while the window is still closed', () => {
    expect(formatCountdown(1)).toBe('0:01')
    expect(formatCountdown(999)).toBe('0:01')
    expect(formatCountdown(1_000)).toBe('0:01')
    expect(formatCountdown(1_001)).toBe('0:02')
    expect(formatCountdown(0)).toBe('0:00')
    expect(formatCountdown(-5_000)).toBe('0:00')
  })
})
