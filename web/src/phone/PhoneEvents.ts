import type { PhoneLineEvents } from './PhoneLine'

type Handler<K extends keyof PhoneLineEvents> = (payload: PhoneLineEvents[K]) => void

/** The typed event hub behind `PhoneLine.on`: synchronous, in subscription order; a throwing handler breaks nothing. */
export class PhoneEvents {
  private readonly handlers = new Map<keyof PhoneLineEvents, Set<Handler<never>>>()

  on<K extends keyof PhoneLineEvents>(event: K, handler: Handler<K>): () => void {
    let set = this.handlers.get(event)
    if (!set) this.handlers.set(event, (set = new Set()))
    set.add(handler as Handler<never>)
    return () => set.delete(handler as Handler<never>)
  }

  emit<K extends keyof PhoneLineEvents>(event: K, payload: PhoneLineEvents[K]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) {
      try {
        ;(handler as Handler<K>)(payload)
      } catch (err) {
        console.error(`A '${event}' handler of the phone line threw`, err)
      }
    }
  }

  clear(): void {
    this.handlers.clear()
  }
}
