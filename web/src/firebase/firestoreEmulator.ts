/** Points a Firestore instance at the local emulator when the build asks for it (see ./emulatorConnections.ts). */
import { connectFirestoreEmulator, type Firestore } from 'firebase/firestore'
import { emulatorAddress, useEmulators } from './emulators'

export function connectFirestoreToEmulator(firestore: Firestore): void {
  if (!useEmulators) return
  const { host, port } = emulatorAddress(import.meta.env.VITE_FIRESTORE_EMULATOR_HOST, '127.0.0.1:8080')
  connectFirestoreEmulator(firestore, host, port)
}
