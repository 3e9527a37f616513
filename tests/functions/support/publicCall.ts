/**
 * Calls a callable over plain `fetch`, as someone with no Firebase session: the way the patient's join page calls
 * `checkInvite` and `redeemInvite` (no SDK before the code is accepted). The wire format is the callable protocol:
 * POST `{ data }`, answered with `{ result }` or `{ error: { status, message, details } }`.
 *
 * `from` sets X-Forwarded-For, so a test can act as a caller at another address. The functions trust the last
 * entry of that header (lib/callerAddress.ts): safe in production only because Google's front end adds it; in the
 * emulator nothing does, so whatever the test sends is the caller's address.
 */
import { randomBytes } from 'node:crypto'
import { PROJECT_ID } from './emulators'

const functionsHost = process.env.FUNCTIONS_EMULATOR_HOST ?? '127.0.0.1:5001'

export function functionUrl(name: string): string {
  return `http://${functionsHost}/${PROJECT_ID}/us-central1/${name}`
}

/** A callable's refusal: `code` as the SDKs name it ('invalid-argument', …), the message a person reads, `details`. */
export class PublicCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly httpStatus: number,
  ) {
    super(message)
    this.name = 'PublicCallError'
  }
}

export interface PublicCallOptions {
  /** The caller's address, sent as X-Forwarded-For. Without it the emulator sees 127.0.0.1, shared by every test. */
  from?: string
}

/** Calls `name` with `data`; resolves with the result or rejects with a {@link PublicCallError}. */
export async function publicCall<T = unknown>(name: string, data: unknown, { from }: PublicCallOptions = {}): Promise<T> {
  const response = await fetch(functionUrl(name), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(from ? { 'X-Forwarded-For': from } : {}) },
    body: JSON.stringify({ data }),
  })
  const body = (await response.json()) as { result?: T; error?: { status: string; message: string; details?: unknown } }
  if (response.ok && 'result' in body) return body.result as T
  const error = body.error ?? { status: 'INTERNAL', message: `HTTP ${response.status} without an error body` }
  throw new PublicCallError(error.status.toLowerCase().replace(/_/g, '-'), error.message, error.details, response.status)
}

/** Calls `name` expecting a refusal, and returns it; fails the test if the call succeeds. */
export async function publicCallError(name: string, data: unknown, options: PublicCallOptions = {}): Promise<PublicCallError> {
  const outcome = await publicCall(name, data, options).then(
    (result) => new Error(`Expected ${name} to fail, but it returned ${JSON.stringify(result)}`),
    (err: unknown) => err,
  )
  if (outcome instanceof PublicCallError) return outcome
  throw outcome
}

/**
 * A caller address no other test (or test file) uses: a random /64 in the IPv6 documentation prefix, so tests never
 * share a rate-limit bucket (the functions key IPv6 callers by /64).
 */
export function uniqueCallerAddress(): string {
  const hex = randomBytes(4).toString('hex')
  return `2001:db8:${hex.slice(0, 4)}:${hex.slice(4, 8)}::1`
}
