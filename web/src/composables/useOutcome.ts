/**
 * The outcome of a form's or a panel's last action, as `<FormOutcome>` shows it: a success in a polite status region,
 * a failure in an alert. Setting one clears the other, so the page never shows both.
 */
import { ref, type Ref } from 'vue'

export interface Outcome {
  success: Ref<string>
  failure: Ref<string | null>
  succeed(message: string): void
  fail(message: string): void
  clear(): void
}

export function useOutcome(): Outcome {
  const success = ref('')
  const failure = ref<string | null>(null)
  return {
    success,
    failure,
    succeed(message) {
      failure.value = null
      success.value = message
    },
    fail(message) {
      success.value = ''
      failure.value = message
    },
    clear() {
      success.value = ''
      failure.value = null
    },
  }
}
