/**
 * Firebase app, Auth and Firestore for the console.
 *
 * Only console code imports this module (through lazily loaded routes and the auth store, which the
 * router imports on demand), so the patient /join page never pays for the SDK. Functions live in
 * ./functions.ts for the same reason: only the members page calls them.
 */
import { initializeApp } from 'firebase/app'
import { browserLocalPersistence, browserSessionPersistence, indexedDBLocalPersistence, initializeAuth } from 'firebase/auth'
import { getFirestore } from 'firebase/firestore'
import { connectAuthToEmulator, connectFirestoreToEmulator } from './emulatorConnections'

export const app = initializeApp({
  apiKey: import.meta.env.VITE_FIREBASE_API_KEY,
  authDomain: import.meta.env.VITE_FIREBASE_AUTH_DOMAIN,
  projectId: import.meta.env.VITE_FIREBASE_PROJECT_ID,
  appId: import.meta.env.VITE_FIREBASE_APP_ID,
})

// getAuth()'s persistence without its popup/redirect resolver: the console signs in with email and password only,
// and the resolver loads Google's sign-in iframe and apis.google.com script up front on Safari and phones, which
// the Content-Security-Policy (firebase.json) refuses.
export const auth = initializeAuth(app, {
  persistence: [indexedDBLocalPersistence, browserLocalPersistence, browserSessionPersistence],
})
export const db = getFirestore(app)

connectAuthToEmulator(auth)
connectFirestoreToEmulator(db)
