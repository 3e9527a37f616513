/**
 * Idle sign-out rules for the console.
 *
 * A shared clinic computer left signed in exposes patient data, so the console signs out after a
 * period without input. Pure functions, no Firebase or DOM imports, so they are unit-testable.
 */

/** Used when the practice has no (valid) `settings.idleTimeoutMinutes`. */
export const DEFAULT_IDLE_TIMEOUT_MINUTES = 15

/** Bounds accepted by the security rules for `settings.idleTimeoutMinutes`. */
export const MIN_IDLE_TIMEOUT_MINUTES = 1
export const MAX_IDLE_TIMEOUT_MINUTES = 120

/**
 * The timeout to apply, in minutes: the practice setting when it is a whole number within bounds,
 * otherwise the default. A malformed setting must never disable the sign-out.
 */
export function idleTimeoutMinutes(setting: unknown): number {
  return typeof setting === 'number' &&
    Number.isInteger(setting) &&
    setting >= MIN_IDLE_TIMEOUT_MINUTES &&
    setting <= MAX_IDLE_TIMEOUT_MINUTES
    ? setting
    : DEFAULT_IDLE_TIMEOUT_MINUTES
}

/**
 * True once `timeoutMs` or more have passed since the last activity.
 *
 * `lastActivityAt` should be the latest activity seen in any tab of the console (see
 * {@link latestActivity}), so typing in one tab keeps the others signed in.
 */
export function isIdle(input: { lastActivityAt: number; now: number; timeoutMs: number }): boolean {
  const { lastActivityAt, now, timeoutMs } = input
  return now - lastActivityAt >= timeoutMs
}

/**
 * The most recent of this tab's own activity and the one another tab shared.
 *
 * A shared value from the future (clock change, tampering) is ignored rather than allowed to keep
 * the session alive forever; so is an unreadable one.
 */
export function latestActivity(own: number, shared: number | null, now: number): number {
  if (shared === null || !Number.isFinite(shared) || shared > now) return own
  return Math.max(own, shared)
}

/** Shown on the sign-in page after an idle sign-out. */
export function idleSignOutMessage(minutes: number): string {
  return `You were signed out after ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} of inactivity.`
}
