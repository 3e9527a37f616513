import { onScopeDispose, readonly, ref, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import { RING_TONE, ringDurationMs, ringSegments } from '@/visit/ringTone'
import { sharedAudioContext } from '@/lib/sharedAudioContext'
import { useAudioLevel } from './useAudioLevel'

/** Each oscillator's share of the peak: two at 0.2 peak at 0.4 (about -8 dBFS), clear but not harsh. */
const TONE_GAIN = 0.2
/** Fades at each edge of a ring, so it starts and stops without a click. */
const EDGE_SECONDS = 0.02

type SinkAudioElement = HTMLAudioElement & { setSinkId?: (sinkId: string) => Promise<void> }

export interface SpeakerTest {
  playing: Readonly<Ref<boolean>>
  /** The tone's level, 0..1, while it plays: proof the sound is being sent even if the patient hears nothing. */
  level: Readonly<Ref<number>>
  /** Why the test couldn't play, or couldn't use the chosen speaker. */
  error: Readonly<Ref<string | null>>
  /** Plays the ring; call it from a click (browsers only start sound after a user gesture). */
  play(): Promise<void>
  stop(): void
}

/**
 * A speaker test: a phone ring synthesised with WebAudio (`@/visit/ringTone`), played through an `<audio>`
 * element fed by a MediaStreamAudioDestinationNode, so `setSinkId` can send it to the chosen speaker — the same
 * path the visit's sound takes. Follows a change of speaker while playing. Stops with the calling scope.
 */
export function useSpeakerTest(speakerId: MaybeRefOrGetter<string | null>): SpeakerTest {
  const playing = ref(false)
  const error = ref<string | null>(null)
  const toneTrack = shallowRef<MediaStreamTrack | null>(null)
  const level = useAudioLevel(toneTrack)
  let stopCurrent = () => {}
  let element: SinkAudioElement | null = null

  async function routeTo(audio: SinkAudioElement, id: string | null) {
    if (!id || !audio.setSinkId) return
    try {
      await audio.setSinkId(id)
    } catch {
      error.value = "That speaker isn't available any more, so the sound plays on your default speaker. Choose another speaker."
    }
  }

  async function play(): Promise<void> {
    stop()
    error.value = null
    let context: AudioContext
    try {
      context = sharedAudioContext()
    } catch {
      error.value = "This browser can't play the test sound."
      return
    }
    // Everything up to play() happens in the click's own turn, which is what lets the sound start.
    const resumed = context.resume()
    const destination = context.createMediaStreamDestination()
    const envelope = context.createGain()
    envelope.gain.value = 0
    envelope.connect(destination)
    const startAt = context.currentTime + 0.05
    const durationSeconds = ringDurationMs() / 1000
    const oscillators = RING_TONE.frequenciesHz.map((frequency) => {
      const oscillator = context.createOscillator()
      oscillator.frequency.value = frequency
      oscillator.connect(envelope)
      oscillator.start(startAt)
      oscillator.stop(startAt + durationSeconds)
      return oscillator
    })
    for (const { startMs, endMs } of ringSegments()) {
      const on = startAt + startMs / 1000
      const off = startAt + endMs / 1000
      envelope.gain.setValueAtTime(0, on)
      envelope.gain.linearRampToValueAtTime(TONE_GAIN, on + EDGE_SECONDS)
      envelope.gain.setValueAtTime(TONE_GAIN, off - EDGE_SECONDS)
      envelope.gain.linearRampToValueAtTime(0, off)
    }

    const audio: SinkAudioElement = new Audio()
    audio.srcObject = destination.stream
    const started = audio.play()
    started.catch(() => {}) // awaited below, after routing; this only keeps the console quiet meanwhile
    element = audio
    const [track] = destination.stream.getAudioTracks()
    const timer = window.setTimeout(stop, ringDurationMs() + 200)
    stopCurrent = () => {
      window.clearTimeout(timer)
      for (const oscillator of oscillators) {
        try {
          oscillator.stop()
        } catch {
          // already stopped
        }
        oscillator.disconnect()
      }
      envelope.disconnect()
      audio.pause()
      audio.srcObject = null
      track?.stop()
    }
    playing.value = true
    toneTrack.value = track ?? null

    await routeTo(audio, toValue(speakerId))
    try {
      await Promise.all([resumed, started])
    } catch {
      if (element !== audio) return
      stop()
      error.value = "The test sound couldn't play. Click the button again."
    }
  }

  function stop(): void {
    stopCurrent()
    stopCurrent = () => {}
    element = null
    toneTrack.value = null
    playing.value = false
  }

  watch(
    () => toValue(speakerId),
    (id) => {
      if (element) void routeTo(element, id)
    },
  )
  onScopeDispose(stop)

  return { playing: readonly(playing), level, error: readonly(error), play, stop }
}
