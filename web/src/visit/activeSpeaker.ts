/**
 * Who the stage marks as speaking, from everyone's audio levels (0..1, the meters' scale in `./audioLevel`). Pure,
 * so the thresholds are testable: the loudest person above SPEAKING_LEVEL is the speaker; the ring stays on them
 * through the short pauses of speech (HOLD_MS) and does not jump to someone barely louder (SWITCH_MARGIN).
 */

/** About -42 dBFS: speech close to a microphone, above a quiet room's noise. */
export const SPEAKING_LEVEL = 0.35
/** The ring stays this long after the speaker was last heard (pauses between words and sentences). */
export const HOLD_MS = 1_500
/** Someone else takes the ring from a current speaker only when louder by this much. */
export const SWITCH_MARGIN = 0.1

export interface SpeakerState {
  /** The participant marked as speaking, or null. */
  id: string | null
  /** When `id` was last heard above SPEAKING_LEVEL (ms, the caller's clock). */
  heardAtMs: number
}

export const NO_SPEAKER: SpeakerState = { id: null, heardAtMs: 0 }

export function nextSpeaker(previous: SpeakerState, levels: ReadonlyMap<string, number>, nowMs: number): SpeakerState {
  let loudest: string | null = null
  let loudestLevel = SPEAKING_LEVEL
  for (const [id, level] of levels) {
    if (level >= loudestLevel && (loudest === null || level > loudestLevel)) {
      loudest = id
      loudestLevel = level
    }
  }
  const currentLevel = previous.id === null ? 0 : (levels.get(previous.id) ?? 0)
  const currentSpeaking = previous.id !== null && currentLevel >= SPEAKING_LEVEL
  if (currentSpeaking) {
    // Still speaking: keeps the ring unless someone is clearly louder.
    if (loudest !== null && loudest !== previous.id && loudestLevel >= currentLevel + SWITCH_MARGIN) {
      return { id: loudest, heardAtMs: nowMs }
    }
    return { id: previous.id, heardAtMs: nowMs }
  }
  if (loudest !== null) return { id: loudest, heardAtMs: nowMs }
  if (previous.id !== null && nowMs - previous.heardAtMs < HOLD_MS) return previous
  return NO_SPEAKER
}
