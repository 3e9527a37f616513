/**
 * Audio level for meters: the root mean square of a block of samples, on a loudness scale from 0 to 1, with a
 * quick rise and a slow fall so the meter is readable rather than jittery. Pure, so the scale is testable and
 * the same for the microphone meter and the speaker test.
 */

/** Below this the meter is empty: room noise on a typical laptop microphone. */
const FLOOR_DBFS = -60
/** At this the meter is full: loud speech close to the microphone rarely goes higher. */
const CEILING_DBFS = -10

/** Root mean square of samples in -1..1 (0 for an empty block). */
export function rootMeanSquare(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0
  let sum = 0
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!
  return Math.sqrt(sum / samples.length)
}

/**
 * 0..1 from an RMS amplitude, linear in decibels between the floor and the ceiling, because loudness is heard
 * logarithmically: a linear meter would barely move for normal speech.
 */
export function levelFromRms(rms: number): number {
  if (!(rms > 0)) return 0
  const dbfs = 20 * Math.log10(rms)
  return Math.min(1, Math.max(0, (dbfs - FLOOR_DBFS) / (CEILING_DBFS - FLOOR_DBFS)))
}

/** Rises at once, falls by `release` per update (at ~20 updates a second, 0.8 empties the meter in ~0.5 s). */
export function smoothLevel(previous: number, next: number, release = 0.8): number {
  return next >= previous ? next : Math.max(next, previous * release)
}
