/**
 * Firebase app, Auth and Firestore for the console.
 *
 * Only console code imports this module (through lazily loaded routes and the auth store, which the
 * router imports on demand), so the patient /join page never pays for the SDK. Functions live in
 * ./functions.ts for the same reason: only the members page calls them.
 */
import { initializeApp } from 'firebase/app'
import { connectAuthEmulator, getAuth } from 'firebase/auth'
import { connectFirestoreEmulator, getFirestore } from 'firebase/firestore'
import { emulatorAddress, useEmulators } from './emulators'

export const app = initializeApp({
  apiKey: import.meta.env.VITE_FIREBASE_API_KEY,
  authDomain: import.meta.env.VITE_FIREBASE_AUTH_DOMAIN,
  projectId: import.meta.env.VITE_FIREBASE_PROJECT_ID,
  appId: import.meta.env.VITE_FIREBASE_APP_ID,
})

export const auth = getAuth(app)
export const db = getFirestore(app)

if (useEmulators) {
  const authAddress = emulatorAddress(import.meta.env.VITE_AUTH_EMULATOR_HOST, '127.0.0.1:9099')
  // disableWarnings: the emulator banner would cover the page in screenshots and e2e tests.
  connectAuthEmulator(auth, `http://${authAddress.host}:${authAddress.port}`, { disableWarnings: true })

  const firestoreAddress = emulatorAddress(import.meta.env.VITE_FIRESTORE_EMULATOR_HOST, '127.0.0.1:8080')
  connectFirestoreEmulator(db, firestoreAddress.host, firestoreAddress.port)
}
