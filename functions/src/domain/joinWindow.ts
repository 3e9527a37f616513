/**
 * When a video visit can be joined.
 *
 * The Join button appears `opensMinutesBefore` the booked start (a practice setting, 10 by default) and stays
 * until the visit ends. A visit may overrun its booking, so the window closes a fixed grace period after the
 * booked end, or earlier when the practitioner ends the visit. The console, the patient's page and the functions
 * that mint media tokens all use these functions, so what the button shows and what the server allows agree.
 */
import { formatClockSeconds } from './visitClock'

export const DEFAULT_JOIN_WINDOW_MINUTES = 10
/** How long past the booked end a visit may still be joined (the practitioner is running late). */
export const VISIT_OVERRUN_MINUTES = 60

const MINUTE_MS = 60_000

export interface JoinWindow {
  opensAt: Date
  closesAt: Date
}

export type JoinWindowState =
  | { state: 'before'; opensAt: Date; msUntilOpen: number }
  | { state: 'open'; closesAt: Date }
  | { state: 'closed'; closedAt: Date }

/** The practice setting, when it is a whole number of minutes in 0–60; the default otherwise. */
export function joinWindowMinutes(setting: unknown): number {
  return typeof setting === 'number' && Number.isInteger(setting) && setting >= 0 && setting <= 60
    ? setting
    : DEFAULT_JOIN_WINDOW_MINUTES
}

/** The instants the window opens and closes for a booking from `start` to `end`. */
export function joinWindow(booking: { start: Date; end: Date }, opensMinutesBefore: number): JoinWindow {
  return {
    opensAt: new Date(booking.start.getTime() - opensMinutesBefore * MINUTE_MS),
    closesAt: new Date(booking.end.getTime() + VISIT_OVERRUN_MINUTES * MINUTE_MS),
  }
}

/**
 * Where `now` falls: before the window (with the time left, for a countdown), inside it, or after it.
 * Opening is inclusive and closing exclusive: at exactly `opensAt` the visit can be joined, at `closesAt` not.
 * `endedAt` (the practitioner ended the visit) closes the window early.
 */
export function joinWindowState(window: JoinWindow, now: Date, endedAt: Date | null = null): JoinWindowState {
  if (endedAt && endedAt.getTime() <= now.getTime()) return { state: 'closed', closedAt: endedAt }
  if (now.getTime() < window.opensAt.getTime()) {
    return { state: 'before', opensAt: window.opensAt, msUntilOpen: window.opensAt.getTime() - now.getTime() }
  }
  if (now.getTime() >= window.closesAt.getTime()) return { state: 'closed', closedAt: window.closesAt }
  return { state: 'open', closesAt: window.closesAt }
}

/** "4:05" or "1:02:09": the countdown shown before the window opens (rounded up, so it never shows 0:00 early). */
export function formatCountdown(ms: number): string {
  return formatClockSeconds(Math.ceil(Math.max(0, ms) / 1000))
}
