/**
 * A short, soft two-note chime for a patient arriving in the waiting room: generated with Web Audio, so there is
 * no sound file to load. Silent (and harmless) where the browser refuses audio without a gesture.
 */
let context: AudioContext | null = null

export function playArrivalChime(): void {
  try {
    context ??= new AudioContext()
    const start = context.currentTime
    for (const [i, frequency] of [660, 880].entries()) {
      const tone = context.createOscillator()
      const gain = context.createGain()
      tone.frequency.value = frequency
      gain.gain.setValueAtTime(0.0001, start + i * 0.18)
      gain.gain.exponentialRampToValueAtTime(0.15, start + i * 0.18 + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.18 + 0.3)
      tone.connect(gain).connect(context.destination)
      tone.start(start + i * 0.18)
      tone.stop(start + i * 0.18 + 0.32)
    }
  } catch {
    // No audio here: the notice still shows.
  }
}
