import { isLowBalance, lowBalanceThreshold } from '@domain/ledger'
import { defineStore } from 'pinia'
import { computed } from 'vue'
import { useDocument } from '@/composables/useFirestore'
import { creditBalanceRef } from '@/firebase/refs'
import { useAuthStore } from './useAuthStore'
import { usePracticeStore } from './usePracticeStore'

/**
 * The practice's credit balance for owners (the rules let no one else read it), shared by the console's
 * low-balance banner and the Billing page so the console holds one listener on it.
 */
export const useBillingStore = defineStore('billing', () => {
  const auth = useAuthStore()
  const practice = usePracticeStore()

  const { data, pending, error } = useDocument(() => (auth.practiceId && auth.isOwner ? creditBalanceRef(auth.practiceId) : null))

  /** Credits on the balance; 0 before the first ledger entry. */
  const balance = computed(() => data.value?.balance ?? 0)
  /** The newest ledger entry's id: it changes with every entry, as the balance moves only with one. */
  const lastEntryId = computed(() => data.value?.lastEntryId ?? null)
  const threshold = computed(() => lowBalanceThreshold(practice.practice?.settings?.lowBalanceCredits))
  const isLow = computed(() => auth.isOwner && !pending.value && !error.value && isLowBalance(balance.value, threshold.value))

  return { balance, lastEntryId, threshold, isLow, pending, error }
})
