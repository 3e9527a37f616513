/**
 * What a phone call costs, in credits: 1 credit per started minute of the callee's connected time, as Twilio reports
 * it in `CallDuration` (seconds) when the callee's leg completes. A leg that never connected (busy, no-answer,
 * failed, canceled) costs nothing, whatever duration it reports.
 */

export const CREDITS_PER_STARTED_MINUTE = 1

/** Started minutes in a duration: 0 s is 0, 1 s to 60 s is 1, 61 s is 2. */
export function startedMinutes(durationSeconds: number): number {
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) return 0
  return Math.ceil(durationSeconds / 60)
}

/** The charge for a callee leg that ended with `finalStatus` after `durationSeconds` connected. */
export function creditsForCall(input: { finalStatus: string; durationSeconds: number }): number {
  if (input.finalStatus !== 'completed') return 0
  return startedMinutes(input.durationSeconds) * CREDITS_PER_STARTED_MINUTE
}

/** Placing a call needs at least this much balance: the first started minute. */
export const MIN_CREDITS_TO_CALL = 1
