/**
 * The speaker test's sound: a telephone ring (the North American ringback, 440 Hz + 480 Hz, two seconds on and
 * four off), synthesised with WebAudio so no audio file is downloaded. A ring is what people expect a "test
 * sound" to be, and its two tones are easy to hear on small phone speakers.
 */
export interface RingTone {
  frequenciesHz: readonly number[]
  onMs: number
  offMs: number
  rings: number
}

/** Two rings: eight seconds from the first to the end of the second. */
export const RING_TONE: RingTone = { frequenciesHz: [440, 480], onMs: 2000, offMs: 4000, rings: 2 }

export interface RingSegment {
  startMs: number
  endMs: number
}

/** When the tone sounds, from the start of playback. */
export function ringSegments(tone: RingTone = RING_TONE): RingSegment[] {
  return Array.from({ length: tone.rings }, (_, index) => {
    const startMs = index * (tone.onMs + tone.offMs)
    return { startMs, endMs: startMs + tone.onMs }
  })
}

/** How long the test plays: until the last ring ends (no trailing silence). */
export function ringDurationMs(tone: RingTone = RING_TONE): number {
  return ringSegments(tone).at(-1)?.endMs ?? 0
}
