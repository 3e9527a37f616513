import { addPracticeDays, isPracticeDate, practiceDateOf } from '@domain/calendar'
import { computed, type ComputedRef } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'
import { useAuthStore } from '@/stores/useAuthStore'
import { usePracticeStore } from '@/stores/usePracticeStore'
import { useNow } from './useNow'

export type CalendarView = 'day' | 'week'

export interface CalendarState {
  /** The practice's date today, or null until the practice's time zone is known. */
  today: ComputedRef<string | null>
  /** The date the calendar shows ('YYYY-MM-DD'), from `?date=`, else today. */
  date: ComputedRef<string | null>
  view: ComputedRef<CalendarView>
  /** Practitioner filter: '' = all. Always the signed-in practitioner's own uid for practitioners. */
  practitioner: ComputedRef<string>
  /** The calendar's query (date, view, practitioner), to carry over when opening or closing the panel. */
  calendarQuery: ComputedRef<LocationQueryRaw>
  update(patch: { date?: string; view?: CalendarView; practitioner?: string }): void
  move(step: -1 | 0 | 1): void
}

const single = (value: LocationQuery[string] | undefined) => (typeof value === 'string' ? value : undefined)

/**
 * The calendar's state lives in the URL query (`?date=YYYY-MM-DD&view=day|week&practitioner=uid`), so a
 * view can be bookmarked, shared with a colleague and restored with the back button.
 */
export function useCalendarState(): CalendarState {
  const route = useRoute()
  const router = useRouter()
  const auth = useAuthStore()
  const practice = usePracticeStore()
  const now = useNow()

  const today = computed(() => (practice.timeZone ? practiceDateOf(now.value, practice.timeZone) : null))
  const date = computed(() => {
    const asked = single(route.query.date)
    return asked && isPracticeDate(asked) ? asked : today.value
  })
  const view = computed<CalendarView>(() => (single(route.query.view) === 'day' ? 'day' : 'week'))
  const practitioner = computed(() =>
    auth.role === 'practitioner' ? (auth.user?.uid ?? '') : (single(route.query.practitioner) ?? ''),
  )

  const calendarQuery = computed<LocationQueryRaw>(() => {
    const query: LocationQueryRaw = {}
    if (single(route.query.date)) query.date = single(route.query.date)
    if (single(route.query.view)) query.view = single(route.query.view)
    if (single(route.query.practitioner)) query.practitioner = single(route.query.practitioner)
    return query
  })

  function update(patch: { date?: string; view?: CalendarView; practitioner?: string }) {
    const query: LocationQueryRaw = { ...route.query, ...patch }
    if (!query.practitioner) delete query.practitioner
    void router.push({ query })
  }

  function move(step: -1 | 0 | 1) {
    if (!date.value || !today.value) return
    if (step === 0) return update({ date: today.value })
    update({ date: addPracticeDays(date.value, step * (view.value === 'week' ? 7 : 1)) })
  }

  return { today, date, view, practitioner, calendarQuery, update, move }
}
