/**
 * The per-invite lock against guessing a patient's 6-digit access code.
 *
 * Each wrong code counts; the MAX_CODE_ATTEMPTS-th wrong code in a row locks the invite for INVITE_LOCK_MINUTES and
 * starts the count again, so after the lock the patient has the full number of tries. A right code clears both.
 * At five tries per quarter hour, finding one of a million codes takes about three years on average, and a link only
 * works until its visit is over; the per-caller limit (domain/rateLimit.ts) stops one client spreading its guesses
 * over many invites. Pure: the callable stores the result on the invite document inside a transaction.
 */
import { INVITE_LOCK_MINUTES, MAX_CODE_ATTEMPTS } from './visit'

const MINUTE_MS = 60_000

/** What the invite stores about wrong codes. */
export interface InviteAttempts {
  /** Wrong codes since the last right code or the last lock. */
  failedAttempts: number
  /** Until when no code is checked; null when not locked. A past instant means the lock has expired. */
  lockedUntil: Date | null
}

/** A stored count that is missing or corrupt counts as none, so a bad document can never lock a patient out for good. */
function storedCount(failedAttempts: unknown): number {
  return typeof failedAttempts === 'number' && Number.isInteger(failedAttempts) && failedAttempts > 0 ? failedAttempts : 0
}

/** The attempts to store after a wrong code at `now`: one more, or a lock (with the count reset) on the last allowed try. */
export function afterWrongCode(current: { failedAttempts: unknown }, now: Date): InviteAttempts {
  const failedAttempts = storedCount(current.failedAttempts) + 1
  if (failedAttempts >= MAX_CODE_ATTEMPTS) {
    return { failedAttempts: 0, lockedUntil: new Date(now.getTime() + INVITE_LOCK_MINUTES * MINUTE_MS) }
  }
  return { failedAttempts, lockedUntil: null }
}

/** The attempts to store after the right code: a clean slate. */
export function afterRightCode(): InviteAttempts {
  return { failedAttempts: 0, lockedUntil: null }
}

/** True while the lock holds: up to, not including, `lockedUntil`. */
export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && now.getTime() < lockedUntil.getTime()
}

/** Wrong codes the patient may still type before the invite locks (shown as "4 attempts left"). */
export function attemptsLeft(failedAttempts: unknown): number {
  return Math.max(0, MAX_CODE_ATTEMPTS - storedCount(failedAttempts))
}
