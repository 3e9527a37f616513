import { describe, expect, it } from 'vitest'
import { DEFAULT_IDLE_TIMEOUT_MINUTES, idleSignOutMessage, idleTimeoutMinutes, isIdle, latestActivity } from '../../functions/src/domain/idle'

describe('idle sign-out', () => {
  it('signs out exactly when the timeout has passed', () => {
    const timeoutMs = 15 * 60_000
    expect(isIdle({ lastActivityAt: 0, now: timeoutMs - 1, timeoutMs })).toBe(false)
    expect(isIdle({ lastActivityAt: 0, now: timeoutMs, timeoutMs })).toBe(true)
  })

  it('uses the practice setting only when it is a whole number of minutes within bounds', () => {
    expect(idleTimeoutMinutes(30)).toBe(30)
    expect(idleTimeoutMinutes(1)).toBe(1)
    expect(idleTimeoutMinutes(120)).toBe(120)
    for (const bad of [0, 121, 2.5, -5, '30', null, undefined, Number.NaN]) {
      expect(idleTimeoutMinutes(bad)).toBe(DEFAULT_IDLE_TIMEOUT_MINUTES)
    }
  })

  it("counts another tab's activity, but never one from the future", () => {
    expect(latestActivity(100, 200, 300)).toBe(200)
    expect(latestActivity(250, 200, 300)).toBe(250)
    expect(latestActivity(100, 10_000, 300)).toBe(100)
    expect(latestActivity(100, null, 300)).toBe(100)
    expect(latestActivity(100, Number.NaN, 300)).toBe(100)
  })

  it('tells the person why they were signed out', () => {
    expect(idleSignOutMessage(15)).toBe('You were signed out after 15 minutes of inactivity.')
    expect(idleSignOutMessage(1)).toBe('You were signed out after 1 minute of inactivity.')
  })
})
