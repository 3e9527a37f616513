/**
 * Cloud Functions for public pages (no sign-in), such as /unsubscribe. Its own Firebase app with
 * only the Functions SDK: a patient opening a link from an email downloads neither Auth nor
 * Firestore, and no console code.
 */
import { getApp, getApps, initializeApp } from 'firebase/app'
import { getFunctions } from 'firebase/functions'
import { connectFunctionsToEmulator } from './functionsEmulator'

const NAME = 'public'

const app = getApps().some((a) => a.name === NAME)
  ? getApp(NAME)
  : initializeApp(
      {
        apiKey: import.meta.env.VITE_FIREBASE_API_KEY,
        projectId: import.meta.env.VITE_FIREBASE_PROJECT_ID,
        appId: import.meta.env.VITE_FIREBASE_APP_ID,
      },
      NAME,
    )

export const publicFunctions = getFunctions(app, import.meta.env.VITE_FUNCTIONS_REGION || 'us-central1')

connectFunctionsToEmulator(publicFunctions)
