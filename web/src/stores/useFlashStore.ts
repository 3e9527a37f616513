import { defineStore } from 'pinia'
import { ref } from 'vue'

/**
 * A one-off message carried across a redirect ("Only practice owners can manage members.",
 * "You were signed out after 15 minutes of inactivity."). It is addressed to the path it must
 * appear on and dropped as soon as the user navigates elsewhere (see router/index.ts).
 *
 * No Firebase imports: the router loads this store on every route, /join included.
 */
export const useFlashStore = defineStore('flash', () => {
  const message = ref<string | null>(null)
  const path = ref<string | null>(null)

  /** Shows `text` on the page at `forPath` (the redirect target). */
  function show(text: string, forPath: string) {
    message.value = text
    path.value = forPath
  }

  /** The message for `currentPath`, if there is one. */
  function messageFor(currentPath: string): string | null {
    return path.value === currentPath ? message.value : null
  }

  /** Drops the message unless it is addressed to `currentPath`. */
  function keepOnlyFor(currentPath: string) {
    if (path.value !== currentPath) clear()
  }

  function clear() {
    message.value = null
    path.value = null
  }

  return { message, path, show, messageFor, keepOnlyFor, clear }
})
