/**
 * What the visit screens need from Firebase, whoever is in them: the practitioner (the console's app) or a patient
 * (its own app, signed in with a custom token). Components and composables take one of these instead of
 * importing an app, so the same waiting room, grid and presence code serves both.
 */
import type { Firestore } from 'firebase/firestore'

export interface VisitBackend {
  /** The caller's Firebase uid: also their participant document id and media id. */
  uid: string
  firestore: Firestore
  /** Calls a callable function as this user. */
  call<T>(name: string, data: unknown): Promise<T>
  signOut(): Promise<void>
}
