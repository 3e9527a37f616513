/**
 * Points Auth and Firestore at the local emulators when the build asks for them (`VITE_USE_EMULATORS`), at the
 * address the `VITE_*_EMULATOR_HOST` override gives, or the suite's default: one place for the console's app and
 * the patient's. Functions has its own module (./functionsEmulator.ts), so that connecting Auth never pulls the
 * Functions SDK into a page that doesn't call functions; and ./emulators.ts stays SDK-free for the patient's
 * link page.
 */
import type { Auth } from 'firebase/auth'
import { connectAuthEmulator } from 'firebase/auth'
import type { Firestore } from 'firebase/firestore'
import { connectFirestoreEmulator } from 'firebase/firestore'
import { emulatorAddress, useEmulators } from './emulators'

export function connectAuthToEmulator(auth: Auth): void {
  if (!useEmulators) return
  const { host, port } = emulatorAddress(import.meta.env.VITE_AUTH_EMULATOR_HOST, '127.0.0.1:9099')
  // disableWarnings: the emulator banner would cover the page in screenshots and e2e tests.
  connectAuthEmulator(auth, `http://${host}:${port}`, { disableWarnings: true })
}

export function connectFirestoreToEmulator(firestore: Firestore): void {
  if (!useEmulators) return
  const { host, port } = emulatorAddress(import.meta.env.VITE_FIRESTORE_EMULATOR_HOST, '127.0.0.1:8080')
  connectFirestoreEmulator(firestore, host, port)
}
