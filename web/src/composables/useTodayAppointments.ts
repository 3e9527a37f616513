import { practiceDayRange } from '@domain/schedule'
import { computed, type ComputedRef } from 'vue'
import { appointmentsInRange } from '@/firebase/refs'
import type { Appointment } from '@/firebase/models'
import { useAuthStore } from '@/stores/useAuthStore'
import { usePracticeStore } from '@/stores/usePracticeStore'
import { useCollection, type FirestoreBinding } from './useFirestore'
import { useNow } from './useNow'

export interface TodayAppointments extends FirestoreBinding<Appointment[]> {
  /** The practice's current day, or null until the practice (and its time zone) is known. */
  day: ComputedRef<{ start: Date; end: Date } | null>
}

/**
 * Live list of the current practice's appointments starting today, "today" being the practice's
 * day in its own time zone. Practitioners get only their own: the security rules reject a
 * practitioner's query that does not filter on `practitionerId`.
 */
export function useTodayAppointments(): TodayAppointments {
  const auth = useAuthStore()
  const practice = usePracticeStore()
  const now = useNow()

  const day = computed(() => (practice.timeZone ? practiceDayRange(now.value, practice.timeZone) : null))

  const todayQuery = computed(() => {
    const practiceId = auth.practiceId
    const uid = auth.user?.uid
    if (!practiceId || !uid || !day.value) return null
    return appointmentsInRange(practiceId, day.value, auth.role === 'practitioner' ? uid : null)
  })

  return { day, ...useCollection(todayQuery) }
}
