import { query, where } from 'firebase/firestore'
import { computed } from 'vue'
import { phoneNumbersRef } from '@/firebase/phoneRefs'
import { useAuthStore } from '@/stores/useAuthStore'
import { useCollection } from './useFirestore'

/**
 * The practice's voice numbers the signed-in member may call from. Call buttons show only when there is one: a
 * practice without a number, or a member allowed none, sees no Call button anywhere.
 */
export function usePhoneNumbers() {
  const auth = useAuthStore()
  const { data } = useCollection(() =>
    auth.practiceId && auth.user ? query(phoneNumbersRef(auth.practiceId), where('allowedMemberIds', 'array-contains', auth.user.uid)) : null,
  )
  const numbers = computed(() => data.value.filter((n) => n.capabilities?.voice).sort((a, b) => a.id.localeCompare(b.id)))
  return { numbers, canCall: computed(() => numbers.value.length > 0) }
}
