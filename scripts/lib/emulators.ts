import { readFileSync, writeFileSync } from 'node:fs'
import { prepareFirestoreEmulator } from './firestore-emulator'
import { localSecrets, writeLocalFunctionsConfig } from './localFunctionsConfig'

/** The emulators dev and tests run. Storage is left out on purpose: its emulator downloads a jar at start. */
export const EMULATORS = 'auth,firestore,functions'
export const PROJECT_ID = 'demo-telehealth'

type EmulatorConfig = Record<string, { host?: string; port?: number; websocketPort?: number; enabled?: boolean }>
const firebaseJson = JSON.parse(readFileSync(new URL('../../firebase.json', import.meta.url), 'utf8')) as {
  emulators: EmulatorConfig & { singleProjectMode?: boolean }
}

/**
 * `EMULATOR_PORT_OFFSET=1000 npm test` (a multiple of 1000, so no port lands on another run's) runs a second, independent copy of the whole suite beside the first (every
 * emulator, the preview server and the web build move by the offset), so two people or agents on one machine
 * don't collide. 0 (the default) uses firebase.json as it is.
 */
export const portOffset = Number(process.env.EMULATOR_PORT_OFFSET ?? 0)

const base = {
  auth: firebaseJson.emulators.auth!.port!,
  firestore: firebaseJson.emulators.firestore!.port!,
  functions: firebaseJson.emulators.functions!.port!,
  hub: firebaseJson.emulators.hub!.port!,
  logging: firebaseJson.emulators.logging!.port!,
  eventarc: firebaseJson.emulators.eventarc!.port!,
  tasks: firebaseJson.emulators.tasks!.port!,
  firestoreWebsocket: 9150,
  preview: 4173,
  fakeTwilio: 4599,
  clamd: 3310,
}
export const ports = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v + portOffset])) as typeof base
export const emulatorPorts = { auth: ports.auth, firestore: ports.firestore, functions: ports.functions, hub: ports.hub }

/** `--config` arguments for firebase-tools: firebase.json itself, or a copy with every port moved by the offset. */
export function firebaseConfigArgs(): string[] {
  if (!portOffset) return []
  const file = `firebase.ports-${portOffset}.json`
  const emulators = {
    ...firebaseJson.emulators,
    auth: { host: '127.0.0.1', port: ports.auth },
    firestore: { host: '127.0.0.1', port: ports.firestore, websocketPort: ports.firestoreWebsocket },
    functions: { host: '127.0.0.1', port: ports.functions },
    hub: { host: '127.0.0.1', port: ports.hub },
    logging: { host: '127.0.0.1', port: ports.logging },
    eventarc: { host: '127.0.0.1', port: ports.eventarc },
    tasks: { host: '127.0.0.1', port: ports.tasks },
  }
  writeFileSync(file, JSON.stringify({ ...firebaseJson, emulators }, null, 2))
  return ['--config', file]
}

/** Environment for processes that talk to the emulators: Admin SDK, web SDK in tests, and the web build. */
export function emulatorEnv(): NodeJS.ProcessEnv {
  return {
    FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
    FIREBASE_AUTH_EMULATOR_HOST: `127.0.0.1:${ports.auth}`,
    FUNCTIONS_EMULATOR_HOST: `127.0.0.1:${ports.functions}`,
    GCLOUD_PROJECT: PROJECT_ID,
    VITE_FIRESTORE_EMULATOR_HOST: `127.0.0.1:${ports.firestore}`,
    VITE_AUTH_EMULATOR_HOST: `127.0.0.1:${ports.auth}`,
    VITE_FUNCTIONS_EMULATOR_HOST: `127.0.0.1:${ports.functions}`,
    E2E_PORT: String(ports.preview),
    WEB_DIST: webDist(),
  }
}

/** Where the emulator-mode production build goes (one per port offset, so parallel runs don't overwrite it). */
export function webDist(): string {
  return portOffset ? `.cache/web-dist-${portOffset}` : 'web/dist'
}

/** Makes the Firestore emulator available offline and says how; exits naming what is missing when it can't. */
export function prepareEmulators(): void {
  try {
    writeLocalFunctionsConfig()
    // The seed and the tests run outside the functions emulator but derive invite links with the same key.
    Object.assign(process.env, localSecrets())
    console.log(prepareFirestoreEmulator(process.env))
  } catch (err) {
    console.error(`\n✖ ${(err as Error).message}\n`)
    process.exit(1)
  }
}
