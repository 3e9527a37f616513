import { onScopeDispose, readonly, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import { trackLevelMeter } from '@/lib/trackLevelMeter'
import { smoothLevel } from '@/visit/audioLevel'

/** About 20 readings a second: smooth to the eye, negligible work. */
const UPDATE_EVERY_MS = 50

/**
 * The loudness of an audio track from 0 to 1 (RMS through a WebAudio AnalyserNode, on the scale in
 * `@/visit/audioLevel`), updated about 20 times a second. Follows the track when it changes (the old analyser is
 * disconnected first); `null` reads 0. A muted track (`enabled = false`) reads 0, which is what the patient
 * should see. Stops with the calling scope.
 */
export function useAudioLevel(track: MaybeRefOrGetter<MediaStreamTrack | null>): Readonly<Ref<number>> {
  const level = ref(0)
  let stop = () => {}

  function measure(audioTrack: MediaStreamTrack): () => void {
    const meter = trackLevelMeter(audioTrack)
    if (!meter) return () => {} // nothing to measure (an ended track): the meter stays at 0
    const timer = window.setInterval(() => (level.value = smoothLevel(level.value, meter.read())), UPDATE_EVERY_MS)
    return () => {
      window.clearInterval(timer)
      meter.stop()
    }
  }

  watch(
    () => toValue(track),
    (next) => {
      stop()
      level.value = 0
      stop = next ? measure(next) : () => {}
    },
    { immediate: true },
  )
  onScopeDispose(() => stop())

  return readonly(level)
}
