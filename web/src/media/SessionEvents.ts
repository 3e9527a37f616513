/**
 * The typed event hub behind `MediaSession.on`, shared by both implementations so they deliver events the same
 * way: synchronously, in subscription order, and a throwing handler never breaks the session or other handlers.
 */
import type { MediaSessionEvents } from './MediaSession'

type Handler<K extends keyof MediaSessionEvents> = (payload: MediaSessionEvents[K]) => void

export class SessionEvents {
  private readonly handlers = new Map<keyof MediaSessionEvents, Set<Handler<never>>>()

  /** Subscribes `handler` to `event`; returns the unsubscribe function. */
  on<K extends keyof MediaSessionEvents>(event: K, handler: Handler<K>): () => void {
    let set = this.handlers.get(event)
    if (!set) this.handlers.set(event, (set = new Set()))
    set.add(handler as Handler<never>)
    return () => set.delete(handler as Handler<never>)
  }

  /** Delivers `payload` to every handler of `event`. */
  emit<K extends keyof MediaSessionEvents>(event: K, payload: MediaSessionEvents[K]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) {
      try {
        ;(handler as Handler<K>)(payload)
      } catch (err) {
        console.error(`A '${event}' handler of the media session threw`, err)
      }
    }
  }

  clear(): void {
    this.handlers.clear()
  }
}
