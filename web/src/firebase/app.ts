/**
 * Firebase app, Auth and Firestore for the console.
 *
 * Only console code imports this module (through lazily loaded routes and the auth store, which the
 * router imports on demand), so the patient /join page never pays for the SDK. Functions live in
 * ./functions.ts for the same reason: only the members page calls them.
 */
import { initializeApp } from 'firebase/app'
import { getAuth } from 'firebase/auth'
import { getFirestore } from 'firebase/firestore'
import { connectAuthToEmulator, connectFirestoreToEmulator } from './emulatorConnections'

export const app = initializeApp({
  apiKey: import.meta.env.VITE_FIREBASE_API_KEY,
  authDomain: import.meta.env.VITE_FIREBASE_AUTH_DOMAIN,
  projectId: import.meta.env.VITE_FIREBASE_PROJECT_ID,
  appId: import.meta.env.VITE_FIREBASE_APP_ID,
})

export const auth = getAuth(app)
export const db = getFirestore(app)

connectAuthToEmulator(auth)
connectFirestoreToEmulator(db)
