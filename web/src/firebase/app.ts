/**
 * The console's Firebase app and Auth: all the sign-in page needs.
 *
 * Only console code imports this module (the auth store, which the router's guard imports on demand, and the
 * console's lazily loaded routes), so the patient /join page never pays for the SDK. Firestore is in
 * ./firestore.ts and Functions in ./functions.ts, each loaded by the first page or store that uses it, so /signin
 * downloads neither: the auth store starts its Firestore listener only after sign-in, through a dynamic import.
 */
import { initializeApp } from 'firebase/app'
import { getAuth } from 'firebase/auth'
import { connectAuthToEmulator } from './emulatorConnections'

export const app = initializeApp({
  apiKey: import.meta.env.VITE_FIREBASE_API_KEY,
  authDomain: import.meta.env.VITE_FIREBASE_AUTH_DOMAIN,
  projectId: import.meta.env.VITE_FIREBASE_PROJECT_ID,
  appId: import.meta.env.VITE_FIREBASE_APP_ID,
})

export const auth = getAuth(app)

connectAuthToEmulator(auth)
