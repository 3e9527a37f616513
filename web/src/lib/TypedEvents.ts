/**
 * The typed event hub behind `MediaSession.on` and `PhoneLine.on`, so every implementation delivers events the same
 * way: synchronously, in subscription order, and a throwing handler never breaks the source or other handlers.
 */
type Handler<Events, K extends keyof Events> = (payload: Events[K]) => void

export class TypedEvents<Events extends object> {
  private readonly handlers = new Map<keyof Events, Set<Handler<Events, never>>>()

  /** `source` names the emitter in the console when a handler throws ("media session", "phone line"). */
  constructor(private readonly source: string) {}

  /** Subscribes `handler` to `event`; returns the unsubscribe function. */
  on<K extends keyof Events>(event: K, handler: Handler<Events, K>): () => void {
    let set = this.handlers.get(event)
    if (!set) this.handlers.set(event, (set = new Set()))
    set.add(handler as Handler<Events, never>)
    return () => set.delete(handler as Handler<Events, never>)
  }

  /** Delivers `payload` to every handler of `event`. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) {
      try {
        ;(handler as Handler<Events, K>)(payload)
      } catch (err) {
        console.error(`A '${String(event)}' handler of the ${this.source} threw`, err)
      }
    }
  }

  clear(): void {
    this.handlers.clear()
  }
}
