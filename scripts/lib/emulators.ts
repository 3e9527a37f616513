import { readFileSync, writeFileSync } from 'node:fs'
import { prepareFirestoreEmulator } from './firestore-emulator'
import { emulatorOrigins, withEmulatorOrigins } from './hostingHeaders'
import { localSecrets, writeLocalFunctionsConfig } from './localFunctionsConfig'

/** The emulators dev and tests run. Storage is left out on purpose: its emulator downloads a jar at start. */
export const EMULATORS = 'auth,firestore,functions'
export const PROJECT_ID = 'demo-telehealth'

type EmulatorConfig = Record<string, { host?: string; port?: number; websocketPort?: number; enabled?: boolean }>
interface HostingConfig {
  public: string
  headers: { source: string; headers: { key: string; value: string }[] }[]
}
const firebaseJson = JSON.parse(readFileSync(new URL('../../firebase.json', import.meta.url), 'utf8')) as {
  emulators: EmulatorConfig & { singleProjectMode?: boolean }
  hosting: HostingConfig
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
  hosting: firebaseJson.emulators.hosting!.port!,
  firestoreWebsocket: 9150,
  preview: 4173,
  fakeTwilio: 4599,
  clamd: 3310,
}
export const ports = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v + portOffset])) as typeof base

/**
 * Ports that browsers and Node's fetch refuse to connect to (the WHATWG Fetch standard's "bad ports"): an offset
 * that moves an emulator onto one (8080 + 2000 = 10080) would fail every request in odd ways, so it is refused here.
 */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
])
const badPort = Object.entries(ports).find(([, port]) => BAD_PORTS.has(port))
if (badPort) {
  throw new Error(
    `EMULATOR_PORT_OFFSET=${portOffset} puts the ${badPort[0]} port on ${badPort[1]}, which browsers and fetch refuse; choose another multiple of 1000.`,
  )
}
export const emulatorPorts = { auth: ports.auth, firestore: ports.firestore, functions: ports.functions, hub: ports.hub }

/**
 * `--config` arguments for firebase-tools: firebase.json itself, or a copy with every port moved by the offset.
 * `hosting`: the copy also serves this run's emulator build on the Hosting emulator ({@link hostingForEmulators}).
 */
export function firebaseConfigArgs({ hosting = false }: { hosting?: boolean } = {}): string[] {
  if (!portOffset && !hosting) return []
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
    hosting: { host: '127.0.0.1', port: ports.hosting },
  }
  const config = { ...firebaseJson, emulators, ...(hosting ? { hosting: hostingForEmulators() } : {}) }
  writeFileSync(file, JSON.stringify(config, null, 2))
  return ['--config', file]
}

/**
 * firebase.json's `hosting` exactly as committed, but serving this run's emulator build, with the loopback origins
 * of the Auth, Firestore and Functions emulators added to the CSP's `connect-src` (the one difference from the
 * deployed policy: that build talks to http://127.0.0.1:<port>). Every other header is the deployed one.
 */
export function hostingForEmulators(): HostingConfig {
  const origins = emulatorOrigins(ports)
  return {
    ...firebaseJson.hosting,
    public: webDist(),
    headers: firebaseJson.hosting.headers.map((rule) => ({
      ...rule,
      headers: rule.headers.map((h) => (h.key === 'Content-Security-Policy' ? { ...h, value: withEmulatorOrigins(h.value, origins) } : h)),
    })),
  }
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
    // The e2e tests open the app where the Hosting emulator serves it (firebaseConfigArgs({ hosting: true })).
    HOSTING_URL: `http://127.0.0.1:${ports.hosting}`,
    WEB_DIST: webDist(),
    // firebase-tools gives up loading the functions after 10 s; a loaded machine (several suites at once) needs more.
    FUNCTIONS_DISCOVERY_TIMEOUT: process.env.FUNCTIONS_DISCOVERY_TIMEOUT ?? '60',
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
