import { FirebaseError } from 'firebase/app'

/** A message a person can act on, for any error a callable rejects with. */
export function callableErrorMessage(error: unknown): string {
  if (error instanceof FirebaseError) {
    const code = error.code.replace(/^functions\//, '')
    if (code === 'unavailable' || code === 'deadline-exceeded') {
      return "Can't reach the server. Check your connection and try again."
    }
    if (code === 'unauthenticated') return 'Your session has ended. Sign in again.'
    // Unhandled server errors arrive as code "internal" with the message "internal": not for people.
    // The SDK appends the HTTP status to the server's message (" [400]"): people don't need it.
    const message = error.message.replace(/ \[\d{3}\]$/, '')
    if (code !== 'internal' && message && message !== code) return message
  }
  return 'Something went wrong. Try again, and contact support if it keeps happening.'
}
