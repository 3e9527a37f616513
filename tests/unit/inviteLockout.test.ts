import { describe, expect, it } from 'vitest'
import { afterRightCode, afterWrongCode, attemptsLeft, isLocked } from '../../functions/src/domain/inviteLockout'
import { INVITE_LOCK_MINUTES, MAX_CODE_ATTEMPTS } from '../../functions/src/domain/visit'

const now = new Date('2025-03-10T03:20:00Z')
const minutes = (n: number) => new Date(now.getTime() + n * 60_000)

describe('invite lockout', () => {
  it('counts wrong codes up to the last allowed try without locking', () => {
    let attempts = { failedAttempts: 0 }
    for (let i = 1; i < MAX_CODE_ATTEMPTS; i++) {
      const next = afterWrongCode(attempts, now)
      expect(next).toEqual({ failedAttempts: i, lockedUntil: null })
      attempts = next
    }
    expect(attemptsLeft(attempts.failedAttempts)).toBe(1)
  })

  it('locks the invite on the fifth wrong code for 15 minutes and starts the count again', () => {
    expect(MAX_CODE_ATTEMPTS).toBe(5)
    expect(INVITE_LOCK_MINUTES).toBe(15)
    expect(afterWrongCode({ failedAttempts: 4 }, now)).toEqual({ failedAttempts: 0, lockedUntil: minutes(15) })
    expect(attemptsLeft(0)).toBe(5)
  })

  it('still locks when a stored count is already past the limit', () => {
    expect(afterWrongCode({ failedAttempts: 9 }, now).lockedUntil).toEqual(minutes(15))
  })

  it('treats a missing or corrupt stored count as no wrong codes', () => {
    for (const stored of [undefined, null, -3, 1.5, '4']) {
      expect(afterWrongCode({ failedAttempts: stored }, now)).toEqual({ failedAttempts: 1, lockedUntil: null })
      expect(attemptsLeft(stored)).toBe(5)
    }
  })

  it('holds the lock until, not including, lockedUntil', () => {
    const lockedUntil = minutes(15)
    expect(isLocked(lockedUntil, now)).toBe(true)
    expect(isLocked(lockedUntil, new Date(lockedUntil.getTime() - 1))).toBe(true)
    expect(isLocked(lockedUntil, lockedUntil)).toBe(false)
    expect(isLocked(lockedUntil, minutes(16))).toBe(false)
    expect(isLocked(null, now)).toBe(false)
  })

  it('clears the count and the lock after the right code', () => {
    expect(afterRightCode()).toEqual({ failedAttempts: 0, lockedUntil: null })
  })
})
