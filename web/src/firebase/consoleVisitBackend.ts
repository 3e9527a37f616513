/**
 * The visit backend for a signed-in console user (the practitioner): the console's Firestore and Functions,
 * so the visit screens shared with patients work the same for both.
 */
import { httpsCallable } from 'firebase/functions'
import { auth } from './app'
import { db } from './firestore'
import { functions } from './functions'
import type { VisitBackend } from './visitBackend'

export function consoleVisitBackend(): VisitBackend {
  const uid = auth.currentUser?.uid
  if (!uid) throw new Error('Sign in to open a visit.')
  return {
    uid,
    firestore: db,
    call: async <T>(name: string, data: unknown) => (await httpsCallable<unknown, T>(functions, name)(data)).data,
    signOut: () => auth.signOut(),
  }
}
