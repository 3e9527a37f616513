/**
 * Points a Functions instance at the local emulator when the build asks for it (./emulatorConnections.ts does Auth,
 * ./firestoreEmulator.ts Firestore). Its own module so that pages that only call functions (unsubscribe) load no other SDK.
 */
import type { Functions } from 'firebase/functions'
import { connectFunctionsEmulator } from 'firebase/functions'
import { emulatorAddress, useEmulators } from './emulators'

export function connectFunctionsToEmulator(functions: Functions): void {
  if (!useEmulators) return
  const { host, port } = emulatorAddress(import.meta.env.VITE_FUNCTIONS_EMULATOR_HOST, '127.0.0.1:5001')
  connectFunctionsEmulator(functions, host, port)
}
