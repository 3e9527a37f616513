/**
 * Listens to `users/{uid}.claimsUpdatedAt`, which syncMemberClaims touches after changing a member's claims. The
 * auth store imports this module dynamically once someone is signed in, so the sign-in page loads no Firestore.
 */
import { onSnapshot } from 'firebase/firestore'
import { userRef } from './refs'

/** Calls `onChange` with the time (ms) of the last claims update, or null; returns the unsubscribe. */
export function listenToClaimsUpdates(uid: string, onChange: (updatedAt: number | null) => void): () => void {
  return onSnapshot(
    userRef(uid),
    (snap) => onChange(snap.data()?.claimsUpdatedAt?.toMillis() ?? null),
    // Without the mirror a role change applies at the next token refresh (within the hour): not worth an error.
    (error) => console.warn('Could not listen for role changes.', error),
  )
}
