import { computed, shallowRef, toValue, watch, type ComputedRef, type MaybeRefOrGetter } from 'vue'
import { NO_SPEAKER, nextSpeaker } from '@/visit/activeSpeaker'

/**
 * The participant id the stage marks as speaking (or null), from everyone's audio levels by participant id (the
 * remote ones from the media session, one's own from the microphone meter). Re-decided on every change of levels.
 */
export function useActiveSpeaker(levels: MaybeRefOrGetter<ReadonlyMap<string, number>>): ComputedRef<string | null> {
  const state = shallowRef(NO_SPEAKER)
  watch(
    () => toValue(levels),
    (next) => (state.value = nextSpeaker(state.value, next, Date.now())),
    { immediate: true },
  )
  return computed(() => state.value.id)
}
