import { onScopeDispose, readonly, ref, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import { levelFromRms, rootMeanSquare, smoothLevel } from '@/visit/audioLevel'

/** About 20 readings a second: smooth to the eye, negligible work. */
const UPDATE_EVERY_MS = 50

let context: AudioContext | null = null

/**
 * The page's one AudioContext, shared by the level meters and the speaker test (browsers limit how many a page
 * may open). A context created before the user has interacted with the page starts suspended; it resumes on the
 * next tap or key press.
 */
export function sharedAudioContext(): AudioContext {
  if (context && context.state !== 'closed') return context
  const created = new AudioContext()
  context = created
  if (created.state === 'suspended') {
    const events = ['pointerdown', 'keydown', 'touchend'] as const
    const resume = () => {
      void created.resume().then(() => {
        if (created.state === 'running') for (const type of events) window.removeEventListener(type, resume, true)
      })
    }
    for (const type of events) window.addEventListener(type, resume, true)
  }
  return created
}

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
    if (audioTrack.kind !== 'audio' || typeof AudioContext === 'undefined') return () => {}
    const audio = sharedAudioContext()
    let source: MediaStreamAudioSourceNode
    try {
      source = audio.createMediaStreamSource(new MediaStream([audioTrack]))
    } catch {
      return () => {} // an ended track: nothing to measure, the meter stays at 0
    }
    const analyser = audio.createAnalyser()
    analyser.fftSize = 1024
    source.connect(analyser)
    const samples = new Float32Array(analyser.fftSize)
    const timer = window.setInterval(() => {
      analyser.getFloatTimeDomainData(samples)
      level.value = smoothLevel(level.value, levelFromRms(rootMeanSquare(samples)))
    }, UPDATE_EVERY_MS)
    return () => {
      window.clearInterval(timer)
      source.disconnect()
      analyser.disconnect()
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
