/**
 * Clients for functions integration tests: the Admin SDK to arrange and inspect, and the web SDK to act as a
 * signed-in person calling callables, both pointed at the emulators `firebase emulators:exec` started.
 */
import { randomUUID } from 'node:crypto'
import { getApps as getAdminApps, initializeApp as initializeAdminApp } from 'firebase-admin/app'
import { getAuth as getAdminAuth } from 'firebase-admin/auth'
import { getFirestore as getAdminFirestore } from 'firebase-admin/firestore'
import { deleteApp, initializeApp, type FirebaseApp } from 'firebase/app'
import { connectAuthEmulator, getAuth, signInWithCustomToken, signInWithEmailAndPassword } from 'firebase/auth'
import { connectFirestoreEmulator, getFirestore } from 'firebase/firestore'
import { connectFunctionsEmulator, getFunctions, httpsCallable } from 'firebase/functions'

export const PROJECT_ID = process.env.GCLOUD_PROJECT ?? 'demo-telehealth'
const hostOf = (env: string | undefined, fallback: string) => (env ?? fallback).split(':') as [string, string]

export function admin() {
  if (!getAdminApps().length) initializeAdminApp({ projectId: PROJECT_ID })
  return { auth: getAdminAuth(), db: getAdminFirestore() }
}

/** An account as a member has it: its email verified (members join by emailed invitation; the rules require it). */
export async function createAccount(displayName: string, { emailVerified = true } = {}): Promise<{ uid: string; email: string; password: string }> {
  const email = `${displayName.toLowerCase().replace(/\W+/g, '.')}.${randomUUID().slice(0, 8)}@test.example`
  const password = 'test-password-1'
  const user = await admin().auth.createUser({ email, password, displayName, emailVerified })
  return { uid: user.uid, email, password }
}

const apps: FirebaseApp[] = []

/**
 * A fresh web SDK app (a separate browser, in effect) connected to the emulators, not signed in yet. Closed by
 * {@link closeClients}.
 */
export function emulatorClient() {
  const app = initializeApp({ projectId: PROJECT_ID, apiKey: 'demo-api-key' }, `client-${randomUUID()}`)
  apps.push(app)
  const auth = getAuth(app)
  const [authHost, authPort] = hostOf(process.env.FIREBASE_AUTH_EMULATOR_HOST, '127.0.0.1:9099')
  connectAuthEmulator(auth, `http://${authHost}:${authPort}`, { disableWarnings: true })
  const functions = getFunctions(app, 'us-central1')
  const [fnHost, fnPort] = hostOf(process.env.FUNCTIONS_EMULATOR_HOST, '127.0.0.1:5001')
  connectFunctionsEmulator(functions, fnHost, Number(fnPort))
  const db = getFirestore(app)
  const [dbHost, dbPort] = hostOf(process.env.FIRESTORE_EMULATOR_HOST, '127.0.0.1:8080')
  connectFirestoreEmulator(db, dbHost, Number(dbPort))
  return {
    auth,
    db,
    call: async <T = unknown>(name: string, data: unknown) => (await httpsCallable<unknown, T>(functions, name)(data)).data,
  }
}

/** Signs in as `email` in a fresh web SDK app and returns a caller for the callables. */
export async function signedInClient(email: string, password: string) {
  const client = emulatorClient()
  const credential = await signInWithEmailAndPassword(client.auth, email, password)
  return { user: credential.user, db: client.db, call: client.call }
}

/** Signs in with a custom token (a patient's, after redeemInvite) in a fresh web SDK app. */
export async function customTokenClient(customToken: string) {
  const client = emulatorClient()
  const credential = await signInWithCustomToken(client.auth, customToken)
  return { user: credential.user, db: client.db, call: client.call }
}

/** The callable endpoint of `name` on the functions emulator, for raw requests (hostile JSON, no SDK encoding). */
export function callableUrl(name: string): string {
  const [host, port] = hostOf(process.env.FUNCTIONS_EMULATOR_HOST, '127.0.0.1:5001')
  return `http://${host}:${port}/${PROJECT_ID}/us-central1/${name}`
}

/**
 * Posts a raw callable request body (a JSON text, so keys such as `__proto__` arrive as sent) and returns the
 * error status (`INVALID_ARGUMENT`, …) or `OK`.
 */
export async function rawCall(name: string, body: string, idToken?: string): Promise<{ status: string; message: string }> {
  const response = await fetch(callableUrl(name), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(idToken ? { Authorization: `Bearer ${idToken}` } : {}) },
    body,
  })
  const json = (await response.json().catch(() => ({}))) as { error?: { status?: string; message?: string } }
  return json.error ? { status: json.error.status ?? 'UNKNOWN', message: json.error.message ?? '' } : { status: 'OK', message: '' }
}

export async function closeClients(): Promise<void> {
  await Promise.all(apps.splice(0).map((a) => deleteApp(a)))
}

/** Polls `probe` until it returns a value other than undefined (functions triggers run asynchronously). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('Condition not met in time.')
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** Asserts that a callable failed with `code` and, when given, exactly the message a person will read. */
export async function expectCallableError(call: Promise<unknown>, code: string, message?: string): Promise<void> {
  const err = await call.then(
    () => {
      throw new Error(`Expected the call to fail with ${code}, but it succeeded.`)
    },
    (e: unknown) => e as { code?: string; message?: string },
  )
  if (err.code !== `functions/${code}`) throw new Error(`Expected functions/${code}, got ${err.code}: ${err.message}`)
  // The web SDK appends the HTTP status (" [400]"); the app strips it before showing the message.
  const shown = err.message?.replace(/ \[\d{3}\]$/, '')
  if (message !== undefined && shown !== message) throw new Error(`Expected message "${message}", got "${err.message}"`)
}
