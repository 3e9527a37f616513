import { nextTick, ref, type Ref } from 'vue'

/**
 * A two-step action (Remove → Confirm removal, Record re-consent → Confirm): `ask` shows the confirmation and moves
 * focus to its confirm button, `cancel` hides it and returns focus to the button that asked, so keyboard and screen
 * reader users are never left on a button that disappeared.
 */
export function useConfirmStep(askButton: Readonly<Ref<HTMLButtonElement | null>>, confirmButton: Readonly<Ref<HTMLButtonElement | null>>) {
  const confirming = ref(false)

  async function ask() {
    confirming.value = true
    await nextTick()
    confirmButton.value?.focus()
  }

  async function cancel() {
    confirming.value = false
    await nextTick()
    askButton.value?.focus()
  }

  return { confirming, ask, cancel }
}
