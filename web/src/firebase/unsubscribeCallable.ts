/** The public `unsubscribe` callable (functions/src/reminders/unsubscribe.ts). No sign-in: the token is the proof. */
import { FirebaseError } from 'firebase/app'
import { httpsCallable } from 'firebase/functions'
import { publicFunctions } from './publicFunctions'

export interface UnsubscribeResponse {
  channel: 'email' | 'sms'
  practiceName: string
}

export const unsubscribe = httpsCallable<{ token: string }, UnsubscribeResponse>(publicFunctions, 'unsubscribe')

/** The server's message for a refused link (written for patients), or a generic one. */
export function unsubscribeErrorMessage(error: unknown): string {
  if (error instanceof FirebaseError) {
    const code = error.code.replace(/^functions\//, '')
    if (code === 'unavailable' || code === 'deadline-exceeded') {
      return "We can't reach our server right now. Check your connection and open the link again."
    }
    const message = error.message.replace(/ \[\d{3}\]$/, '')
    if (code === 'invalid-argument' && message) return message
  }
  return "Something went wrong and you haven't been unsubscribed yet. Try the link again later, or call the practice."
}
