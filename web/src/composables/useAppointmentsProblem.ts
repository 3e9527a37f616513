/**
 * Why a page that lays appointments out on the practice's days (the calendar, today's schedule) cannot show them,
 * as a sentence for the page; null when it can. Both need the appointments and the practice's time zone.
 */
import type { FirestoreError } from 'firebase/firestore'
import { computed, type ComputedRef, type Ref } from 'vue'
import { usePracticeStore } from '@/stores/usePracticeStore'

export interface AppointmentsProblemTexts {
  /** The rules refused the appointments (or the practice). */
  denied: string
  /** Any other failure of a listener. */
  failed: string
  /** The practice has no time zone, so its days are unknown. */
  noTimeZone: string
}

export function useAppointmentsProblem(error: Ref<FirestoreError | null>, texts: AppointmentsProblemTexts): ComputedRef<string | null> {
  const practice = usePracticeStore()
  return computed(() => {
    const failure = error.value ?? practice.error
    if (failure) return failure.code === 'permission-denied' ? texts.denied : texts.failed
    if (!practice.pending && practice.practice && !practice.timeZone) return texts.noTimeZone
    return null
  })
}
