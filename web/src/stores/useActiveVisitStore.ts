/**
 * The practitioner's video visit, outliving pages, as the phone store does for a call: the visit page opens it
 * for its appointment and shows it (lobby, then the stage); while the call is on, leaving the page keeps it
 * running (media, presence, the visit's listeners) and the console layout shows it in the dock (VisitDock). One
 * visit at a time: a second visit page is refused while another visit's call is on.
 *
 * The visit runs in a detached effect scope, stopped when nothing needs it any more: no page shows it and no call
 * is on (the visit ended, from the stage, the dock or elsewhere), or on sign-out, which leaves the call first.
 */
import { defineStore } from 'pinia'
import { computed, effectScope, shallowRef, watch, type EffectScope } from 'vue'
import { usePractitionerVisit, type PractitionerVisit } from '@/composables/usePractitionerVisit'
import { useAuthStore } from './useAuthStore'

export const useActiveVisitStore = defineStore('activeVisit', () => {
  const auth = useAuthStore()
  const current = shallowRef<PractitionerVisit | null>(null)
  let scope: EffectScope | null = null
  /** Visit pages showing `current` (normally 0 or 1). */
  let shownBy = 0

  const inCall = computed(() => current.value?.inCall.value ?? false)

  /**
   * The visit for `appointmentId`, for a page that shows it (call `release` when it no longer does): the one
   * already running, or a new one. Null while another visit's call is on (or without a practice).
   */
  function open(appointmentId: string): PractitionerVisit | null {
    if (current.value?.appointmentId === appointmentId) {
      shownBy++
      return current.value
    }
    if (inCall.value || !auth.practiceId) return null
    stop()
    const practiceId = auth.practiceId
    scope = effectScope(true)
    current.value = scope.run(() => usePractitionerVisit({ practiceId, appointmentId })) ?? null
    shownBy = 1
    return current.value
  }

  /** A page stopped showing the visit: it stops too unless its call is on (it goes on in the dock). */
  function release(appointmentId: string): void {
    if (current.value?.appointmentId !== appointmentId) return
    shownBy = Math.max(0, shownBy - 1)
    if (shownBy === 0 && !inCall.value) stop()
  }

  // The call ended while no page showed it (End from the dock, ended elsewhere): nothing is left to show.
  watch(inCall, (on) => {
    if (!on && shownBy === 0) stop()
  })

  /** Leaves the call (media first, while still signed in) and stops the visit: for sign-out. */
  async function leave(): Promise<void> {
    await current.value?.leaveCall().catch(() => {})
    stop()
  }

  function stop(): void {
    scope?.stop()
    scope = null
    current.value = null
    shownBy = 0
  }

  // Signed out elsewhere (another tab, a disabled account): nothing of the visit can go on.
  watch(
    () => auth.user,
    (user) => {
      if (!user) void leave()
    },
  )

  // Closing or reloading the tab mid-visit asks first, from any page: the patients would be left waiting.
  window.addEventListener('beforeunload', (event) => {
    if (!inCall.value) return
    event.preventDefault()
    event.returnValue = ''
  })

  return { current, inCall, open, release, leave }
})
