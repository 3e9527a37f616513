import { onScopeDispose, shallowRef, type ShallowRef } from 'vue'

/**
 * The current time, updated every `intervalMs`, so that views depending on "today" roll over at
 * midnight without a reload (the console stays open all day at reception).
 */
export function useNow(intervalMs = 60_000): ShallowRef<Date> {
  const now = shallowRef(new Date())
  const timer = window.setInterval(() => (now.value = new Date()), intervalMs)
  onScopeDispose(() => window.clearInterval(timer))
  return now
}
