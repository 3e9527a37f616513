/**
 * Cloud Functions client. Separate from ./app.ts so that only the pages calling a function load the
 * Functions SDK.
 */
import { connectFunctionsEmulator, getFunctions } from 'firebase/functions'
import { app } from './app'
import { emulatorAddress, useEmulators } from './emulators'

export const functions = getFunctions(app, import.meta.env.VITE_FUNCTIONS_REGION || 'us-central1')

if (useEmulators) {
  const { host, port } = emulatorAddress(import.meta.env.VITE_FUNCTIONS_EMULATOR_HOST, '127.0.0.1:5001')
  connectFunctionsEmulator(functions, host, port)
}
