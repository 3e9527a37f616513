/**
 * The page's one AudioContext, shared by the level meters, the speaker test and the media session's speaker
 * detection (browsers limit how many a page may open).
 */
let context: AudioContext | null = null

/**
 * A context created before the user has interacted with the page starts suspended; it resumes on the
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
