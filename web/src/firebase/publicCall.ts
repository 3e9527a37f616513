/**
 * Calls a callable Cloud Function with `fetch`, without the Firebase SDK, for the patient's join page: a patient
 * opening a link on a phone should download a few kilobytes, not the SDK, before the code is accepted. The wire
 * format is the callable protocol (POST `{ data }`, answer `{ result }` or `{ error: { status, message, details } }`).
 */
import { emulatorAddress, useEmulators } from './emulators'

const region = import.meta.env.VITE_FUNCTIONS_REGION || 'us-central1'
const projectId = import.meta.env.VITE_FIREBASE_PROJECT_ID

function functionUrl(name: string): string {
  if (useEmulators) {
    const { host, port } = emulatorAddress(import.meta.env.VITE_FUNCTIONS_EMULATOR_HOST, '127.0.0.1:5001')
    return `http://${host}:${port}/${projectId}/${region}/${name}`
  }
  return `https://${region}-${projectId}.cloudfunctions.net/${name}`
}

/** A callable's refusal: `code` is the HttpsError code ('permission-denied', …), `details` what the function sent. */
export class PublicCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
  ) {
    super(message)
    this.name = 'PublicCallError'
  }
}

const UNREACHABLE = "Can't reach the clinic's server. Check your internet connection and try again."

/** Calls the function `name` with `data`; resolves with its result or rejects with a {@link PublicCallError}. */
export async function callPublicFunction<Result>(name: string, data: unknown): Promise<Result> {
  let response: Response
  try {
    response = await fetch(functionUrl(name), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data }),
    })
  } catch {
    throw new PublicCallError('unavailable', UNREACHABLE)
  }
  const body = (await response.json().catch(() => null)) as
    | { result?: Result; error?: { status?: string; message?: string; details?: unknown } }
    | null
  if (response.ok && body && 'result' in body) return body.result as Result
  const error = body?.error
  const code = (error?.status ?? 'INTERNAL').toLowerCase().replace(/_/g, '-')
  if (code === 'internal' || !error?.message || error.message.toUpperCase() === error.status) {
    throw new PublicCallError(code, 'Something went wrong on our side. Try again in a moment.')
  }
  throw new PublicCallError(code, error.message, error.details)
}
