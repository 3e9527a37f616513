/**
 * Cloud Functions client. Separate from ./app.ts so that only the pages calling a function load the
 * Functions SDK.
 */
import { getFunctions } from 'firebase/functions'
import { app } from './app'
import { connectFunctionsToEmulator } from './functionsEmulator'

export const functions = getFunctions(app, import.meta.env.VITE_FUNCTIONS_REGION || 'us-central1')

connectFunctionsToEmulator(functions)
