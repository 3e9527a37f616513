/**
 * Firebase for a patient in a video visit: its own named app, loaded only after the access code is accepted
 * (the join page imports this module lazily), signed in with the custom token `redeemInvite` returns.
 *
 * A separate app from the console's, so a clinician testing a patient link in the same browser is not signed out
 * of the console. Session persistence: a reload or a dropped tab rejoins without the code again, but closing the
 * browser forgets the patient.
 */
import { initializeApp } from 'firebase/app'
import { browserSessionPersistence, initializeAuth, signInWithCustomToken, type Auth } from 'firebase/auth'
import { getFirestore } from 'firebase/firestore'
import { getFunctions, httpsCallable } from 'firebase/functions'
import type { PatientClaims } from '@domain/visit'
import { connectAuthToEmulator } from './emulatorConnections'
import { connectFirestoreToEmulator } from './firestoreEmulator'
import { connectFunctionsToEmulator } from './functionsEmulator'
import type { VisitBackend } from './visitBackend'

const NAME = 'patient'

function createPatientApp() {
  const app = initializeApp(
    {
      apiKey: import.meta.env.VITE_FIREBASE_API_KEY,
      authDomain: import.meta.env.VITE_FIREBASE_AUTH_DOMAIN,
      projectId: import.meta.env.VITE_FIREBASE_PROJECT_ID,
      appId: import.meta.env.VITE_FIREBASE_APP_ID,
    },
    NAME,
  )
  const auth: Auth = initializeAuth(app, { persistence: browserSessionPersistence })
  const firestore = getFirestore(app)
  const functions = getFunctions(app, import.meta.env.VITE_FUNCTIONS_REGION || 'us-central1')
  connectAuthToEmulator(auth)
  connectFirestoreToEmulator(firestore)
  connectFunctionsToEmulator(functions)
  return { app, auth, firestore, functions }
}

// Module state: this module is evaluated once per page load, so the app is created once.
const services = createPatientApp()

/** The visit backend for a patient: signs in with the custom token (or reuses this tab's session for the same invite). */
export async function signInPatient(customToken: string | null, expected: { appointmentId: string }): Promise<VisitBackend | null> {
  const { auth, firestore, functions } = services
  await auth.authStateReady()
  const current = auth.currentUser
  if (current) {
    const claims = (await current.getIdTokenResult()).claims.patient as PatientClaims | undefined
    if (claims?.appointmentId !== expected.appointmentId) await auth.signOut()
  }
  if (!auth.currentUser) {
    if (!customToken) return null
    await signInWithCustomToken(auth, customToken)
  }
  const uid = auth.currentUser!.uid
  return {
    uid,
    firestore,
    call: async <T>(name: string, data: unknown) => (await httpsCallable<unknown, T>(functions, name)(data)).data,
    signOut: () => auth.signOut(),
  }
}
