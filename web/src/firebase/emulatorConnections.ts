/**
 * Points Auth at the local emulator when the build asks for it (`VITE_USE_EMULATORS`), at the address the
 * `VITE_AUTH_EMULATOR_HOST` override gives, or the suite's default: one place for the console's app and the
 * patient's. Firestore and Functions have their own modules (./firestoreEmulator.ts, ./functionsEmulator.ts), so
 * that connecting Auth never pulls either SDK into a page that doesn't use it (the sign-in page); and
 * ./emulators.ts stays SDK-free for the patient's link page.
 */
import type { Auth } from 'firebase/auth'
import { connectAuthEmulator } from 'firebase/auth'
import { emulatorAddress, useEmulators } from './emulators'

export function connectAuthToEmulator(auth: Auth): void {
  if (!useEmulators) return
  const { host, port } = emulatorAddress(import.meta.env.VITE_AUTH_EMULATOR_HOST, '127.0.0.1:9099')
  // disableWarnings: the emulator banner would cover the page in screenshots and e2e tests.
  connectAuthEmulator(auth, `http://${host}:${port}`, { disableWarnings: true })
}
