import { normaliseSearchTerm } from '@domain/patientContact'
import { limit, orderBy, query, where } from 'firebase/firestore'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import { useCollection } from './useFirestore'
import { patientsRef } from '@/firebase/refs'
import type { Patient } from '@/firebase/models'

/** How many patients the list shows at most, with or without a search term. */
export const PATIENT_LIST_LIMIT = 200

const byName = (a: Patient, b: Patient) =>
  a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName)

/**
 * The practice's patients matching what was typed, live, for the patients page and the appointment patient picker.
 * With no term: the first `limit` by last name, or none when `listWhenEmpty` is false (the picker).
 * With a term: Firestore matches its most selective token against `searchTokens` (array-contains
 * takes one value), and the other words of the term are checked here, so "amelia ng" finds
 * Amelia Nguyen. Sorted by last name, then first name.
 */
export function usePatientSearch(
  practiceId: MaybeRefOrGetter<string | null>,
  term: MaybeRefOrGetter<string>,
  { listWhenEmpty = true, limit: max = PATIENT_LIST_LIMIT }: { listWhenEmpty?: boolean; limit?: number } = {},
) {
  const tokens = computed(() => normaliseSearchTerm(toValue(term)))

  const { data, pending, error } = useCollection(() => {
    const id = toValue(practiceId)
    if (!id) return null
    const [first] = tokens.value
    // No orderBy with the search: array-contains plus an order would need a composite index; the
    // matches are few and sorted below.
    if (first) return query(patientsRef(id), where('searchTokens', 'array-contains', first), limit(max))
    return listWhenEmpty ? query(patientsRef(id), orderBy('lastName'), limit(max)) : null
  })

  const patients = computed(() => {
    const rest = tokens.value.slice(1)
    return data.value.filter((p) => rest.every((token) => p.searchTokens?.includes(token))).sort(byName)
  })

  return { patients, pending, error, tokens, searching: computed(() => tokens.value.length > 0) }
}
