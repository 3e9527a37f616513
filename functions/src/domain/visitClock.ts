/**
 * The clock of a live video visit: how long it has run since the practitioner pressed Start, and the gentle
 * warning that the booked time is nearly up. Pure (no Firebase, no timers), so the stage shows what the tests
 * check; the caller passes the instants.
 */

/** The warning appears this long before the booked end. */
export const END_WARNING_MINUTES = 5

const SECOND_MS = 1_000
const MINUTE_MS = 60_000

/** "0:07", "12:34" or "1:02:09" for a whole number of seconds (negative reads 0:00). */
export function formatClockSeconds(totalSeconds: number): string {
  const total = Math.max(0, Math.floor(totalSeconds))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = String(total % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`
}

/**
 * The time since the start, rounded down (a clock never runs ahead): "0:00" at the start, and before it, which a
 * device clock a little behind the server's would otherwise show as a negative time.
 */
export function formatElapsed(startedAt: Date, now: Date): string {
  return formatClockSeconds((now.getTime() - startedAt.getTime()) / SECOND_MS)
}

/** The elapsed time as an ISO 8601 duration (`PT1H2M9S`), for a `<time datetime>`. */
export function elapsedDuration(startedAt: Date, now: Date): string {
  const total = Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / SECOND_MS))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  return `PT${hours ? `${hours}H` : ''}${hours || minutes ? `${minutes}M` : ''}${total % 60}S`
}

export type BookedTimeState =
  /** More than END_WARNING_MINUTES left: nothing to say. */
  | { state: 'plenty' }
  /** Within the last END_WARNING_MINUTES: whole minutes left, rounded up (5 at exactly five minutes). */
  | { state: 'ending-soon'; minutesLeft: number }
  /** Past the booked end: the visit may overrun, it is only said. */
  | { state: 'over' }

/** Where `now` is relative to the booked end. The warning starts at exactly five minutes before (inclusive). */
export function bookedTimeState(bookedEnd: Date, now: Date): BookedTimeState {
  const leftMs = bookedEnd.getTime() - now.getTime()
  if (leftMs <= 0) return { state: 'over' }
  if (leftMs > END_WARNING_MINUTES * MINUTE_MS) return { state: 'plenty' }
  return { state: 'ending-soon', minutesLeft: Math.ceil(leftMs / MINUTE_MS) }
}

/** What the stage says of the booked time, or null when there is nothing to say. */
export function bookedTimeMessage(state: BookedTimeState): string | null {
  switch (state.state) {
    case 'plenty':
      return null
    case 'ending-soon':
      return `${state.minutesLeft} minute${state.minutesLeft === 1 ? '' : 's'} left of the booked time`
    case 'over':
      return 'The booked time is over'
  }
}
