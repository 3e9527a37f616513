import { getAuth } from 'firebase-admin/auth'
import { getFirestore } from 'firebase-admin/firestore'

/** Typed paths for the collections the functions touch. See docs/data-model.md. */
export const db = () => getFirestore()
export const adminAuth = () => getAuth()

export const paths = {
  practice: (practiceId: string) => `practices/${practiceId}`,
  member: (practiceId: string, uid: string) => `practices/${practiceId}/members/${uid}`,
  members: (practiceId: string) => `practices/${practiceId}/members`,
  audit: (practiceId: string) => `practices/${practiceId}/audit`,
  user: (uid: string) => `users/${uid}`,
}
