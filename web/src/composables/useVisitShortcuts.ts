import { onScopeDispose, toValue, type MaybeRefOrGetter } from 'vue'

/** What a key does, and whether it may now (a disabled button's key does nothing either). */
export interface VisitShortcut {
  key: string
  run: () => void
  enabled?: MaybeRefOrGetter<boolean>
}

/** Typing somewhere (the chat, the emoji search inside its shadow root, a select) is never a shortcut. */
function isTyping(event: KeyboardEvent): boolean {
  const target = event.composedPath()[0]
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

/**
 * The visit's single-key shortcuts (M mute, V camera, S screen), on the whole page while the calling scope lives,
 * with no modifier held (Ctrl+S, Cmd+V stay the browser's), not repeated by a held key, and never while typing.
 */
export function useVisitShortcuts(shortcuts: VisitShortcut[]): void {
  function onKeydown(event: KeyboardEvent) {
    if (event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return
    const shortcut = shortcuts.find((s) => s.key.toLowerCase() === event.key.toLowerCase())
    if (!shortcut || toValue(shortcut.enabled ?? true) === false) return
    event.preventDefault()
    shortcut.run()
  }
  window.addEventListener('keydown', onKeydown)
  onScopeDispose(() => window.removeEventListener('keydown', onKeydown))
}
