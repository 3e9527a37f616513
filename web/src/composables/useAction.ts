import { ref } from 'vue'

/** Where an action's outcome goes: a page's own messages (useOutcome, shown by FormOutcome), or a component's events. */
export interface OutcomeReport {
  succeed(message: string): void
  fail(message: string): void
  /** Called as an action starts, so the last outcome does not linger beside the new one. */
  clear?(): void
}

/**
 * Runs an action one at a time, `busy` meanwhile (for disabled buttons and aria-busy). The action resolves to its
 * success message (or nothing); an error it throws becomes `failureMessage` (or `failureMessage(error)`, e.g.
 * callableErrorMessage). Both go to `report`. `run` resolves true when the action succeeded, false when it failed or
 * another was still running.
 */
export function useAction(report: OutcomeReport, failureMessage: string | ((error: unknown) => string)) {
  const busy = ref(false)

  async function run(action: () => Promise<string | void>): Promise<boolean> {
    if (busy.value) return false
    busy.value = true
    report.clear?.()
    try {
      const message = await action()
      if (message) report.succeed(message)
      return true
    } catch (error) {
      report.fail(typeof failureMessage === 'string' ? failureMessage : failureMessage(error))
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, run }
}

/** An OutcomeReport that forwards to a component's `success` and `failure` events (its page shows them). */
export function emitOutcome(emit: { (event: 'success', message: string): void; (event: 'failure', message: string): void }): OutcomeReport {
  return { succeed: (message) => emit('success', message), fail: (message) => emit('failure', message) }
}
