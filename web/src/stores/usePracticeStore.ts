import { isValidTimeZone } from '@domain/schedule'
import { idleTimeoutMinutes } from '@domain/idle'
import { defineStore } from 'pinia'
import { computed } from 'vue'
import { useDocument } from '@/composables/useFirestore'
import { practiceRef } from '@/firebase/refs'
import { useAuthStore } from './useAuthStore'

/**
 * The current practice's document (`practices/{practiceId}`), shared by the header, the schedule
 * and the idle timeout so the console holds a single listener on it.
 */
export const usePracticeStore = defineStore('practice', () => {
  const auth = useAuthStore()

  const { data: practice, pending, error } = useDocument(() =>
    auth.practiceId ? practiceRef(auth.practiceId) : null,
  )

  /** The practice's IANA time zone, or null while loading or when the stored value is unusable. */
  const timeZone = computed(() => {
    const zone = practice.value?.timeZone
    return zone && isValidTimeZone(zone) ? zone : null
  })

  /** Minutes without activity before the console signs out (practice setting, else 15). */
  const idleMinutes = computed(() => idleTimeoutMinutes(practice.value?.settings?.idleTimeoutMinutes))

  return { practice, pending, error, timeZone, idleMinutes }
})
