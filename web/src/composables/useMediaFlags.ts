/**
 * What a participant is sending, as their presence document and the grid show it (`ParticipantDoc.media`): the
 * microphone unless muted, the camera unless off, or the screen instead of the camera.
 */
import { computed, type ComputedRef } from 'vue'
import type { MediaFlags } from '@domain/visit'
import type { LocalMedia } from '@/composables/useLocalMedia'

export function useMediaFlags(local: LocalMedia): ComputedRef<MediaFlags> {
  return computed(() => {
    const hasVideo = Boolean(local.videoTrack.value)
    return {
      audio: Boolean(local.audioTrack.value) && !local.microphoneMuted.value,
      video: hasVideo && local.videoSource.value === 'camera' && !local.cameraOff.value,
      screen: hasVideo && local.videoSource.value === 'screen',
    }
  })
}
