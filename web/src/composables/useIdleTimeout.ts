import { isIdle, latestActivity } from '@domain/idle'
import { computed, onScopeDispose, toValue, type MaybeRefOrGetter } from 'vue'

/** Shared by every console tab: activity in one tab keeps the others signed in. */
const LAST_ACTIVITY_KEY = 'lastActivity'

/**
 * Test hook: a timeout in milliseconds that replaces the practice setting, read once when the
 * console mounts. It exists so the e2e test can observe the idle sign-out in seconds instead of
 * waiting 15 minutes: `localStorage.setItem('idleTimeoutMs', '3000')` before loading the console.
 * It only shortens what the user could already do by leaving; the message keeps the real setting.
 */
const TEST_OVERRIDE_KEY = 'idleTimeoutMs'

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel', 'scroll'] as const

/** Writing localStorage on every pointermove would be wasteful; a second of slack is harmless. */
const SHARE_EVERY_MS = 1000

function readNumber(key: string): number | null {
  try {
    const raw = localStorage.getItem(key)
    const value = raw === null ? NaN : Number(raw)
    return Number.isFinite(value) ? value : null
  } catch {
    return null // storage disabled: fall back to this tab's own activity
  }
}

function writeNumber(key: string, value: number) {
  try {
    localStorage.setItem(key, String(value))
  } catch {
    // storage full or disabled: the tab still times out on its own activity
  }
}

export interface IdleTimeoutOptions {
  /** Minutes without activity before `onIdle` (usually the practice's `settings.idleTimeoutMinutes`). */
  minutes: MaybeRefOrGetter<number>
  /** Called once, with the configured minutes, when the user has been idle that long. */
  onIdle: (minutes: number) => void
  /**
   * True while the user is busy without touching anything: talking to a patient on a video visit or a phone call
   * for longer than the timeout is work, not absence, and signing out would end the call. It counts as activity,
   * shared with the other tabs too (their sign-out would sign this tab out as well).
   */
  busy?: () => boolean
}

/**
 * Watches for pointer, keyboard, touch and scroll activity in this and other console tabs and calls
 * `onIdle` once none has happened for `minutes`. The decision itself is `isIdle` in
 * `@domain/idle`. Stops when the calling component unmounts.
 */
export function useIdleTimeout({ minutes, onIdle, busy }: IdleTimeoutOptions): void {
  const override = readNumber(TEST_OVERRIDE_KEY)
  const testTimeoutMs = override !== null && override > 0 ? override : null
  const timeoutMs = computed(() => testTimeoutMs ?? toValue(minutes) * 60_000)

  // Opening or reloading the console counts as activity.
  let lastActivity = Date.now()
  let lastShared = lastActivity
  writeNumber(LAST_ACTIVITY_KEY, lastActivity)

  function recordActivity() {
    lastActivity = Date.now()
    if (lastActivity - lastShared >= SHARE_EVERY_MS) {
      lastShared = lastActivity
      writeNumber(LAST_ACTIVITY_KEY, lastActivity)
    }
  }

  let stopped = false
  function check() {
    if (stopped) return
    if (busy?.()) recordActivity()
    const now = Date.now()
    const lastActivityAt = latestActivity(lastActivity, readNumber(LAST_ACTIVITY_KEY), now)
    if (isIdle({ lastActivityAt, now, timeoutMs: timeoutMs.value })) {
      stop()
      onIdle(toValue(minutes))
    }
  }

  // Polling rather than one long timer: another tab may move the deadline, and background tabs
  // and sleeping laptops delay timers anyway. Reading one localStorage key per second is cheap.
  const checkEveryMs = Math.max(100, Math.min(1000, timeoutMs.value / 4))
  const interval = window.setInterval(check, checkEveryMs)

  // Back from a sleeping laptop or a hidden tab: decide at once, before anything is shown.
  const onVisibilityChange = () => {
    if (document.visibilityState === 'visible') check()
  }

  const listenerOptions: AddEventListenerOptions = { passive: true, capture: true }
  for (const type of ACTIVITY_EVENTS) window.addEventListener(type, recordActivity, listenerOptions)
  document.addEventListener('visibilitychange', onVisibilityChange)

  function stop() {
    stopped = true
    window.clearInterval(interval)
    for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, recordActivity, listenerOptions)
    document.removeEventListener('visibilitychange', onVisibilityChange)
  }

  onScopeDispose(stop)
}
