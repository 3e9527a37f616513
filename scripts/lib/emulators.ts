import { readFileSync } from 'node:fs'
import { prepareFirestoreEmulator } from './firestore-emulator'

/** The emulators dev and tests run. Storage is left out on purpose: its emulator downloads a jar at start. */
export const EMULATORS = 'auth,firestore,functions'
export const PROJECT_ID = 'demo-telehealth'

const config = JSON.parse(readFileSync(new URL('../../firebase.json', import.meta.url), 'utf8')) as {
  emulators: Record<string, { port?: number }>
}
export const emulatorPorts = {
  auth: config.emulators.auth!.port!,
  firestore: config.emulators.firestore!.port!,
  functions: config.emulators.functions!.port!,
  hub: config.emulators.hub!.port!,
}

/** Environment for a process that talks to the emulators through the Admin SDK. */
export function emulatorEnv(): NodeJS.ProcessEnv {
  return {
    FIRESTORE_EMULATOR_HOST: `127.0.0.1:${emulatorPorts.firestore}`,
    FIREBASE_AUTH_EMULATOR_HOST: `127.0.0.1:${emulatorPorts.auth}`,
    GCLOUD_PROJECT: PROJECT_ID,
  }
}

/** Makes the Firestore emulator available offline and says how; exits naming what is missing when it can't. */
export function prepareEmulators(): void {
  try {
    console.log(prepareFirestoreEmulator(process.env))
  } catch (err) {
    console.error(`\n✖ ${(err as Error).message}\n`)
    process.exit(1)
  }
}
