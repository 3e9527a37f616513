/**
 * Emulator-only values for the functions' params and secrets, generated on this machine and never committed:
 * - functions/.secret.local: random keys (kept once made, so demo links stay valid across restarts) and a fake
 *   Twilio auth token that the tests also use to sign webhook requests;
 * - functions/.env.local: fixed, non-secret emulator values for the string params.
 * Values that differ between two runs side by side (the fake Twilio URL) travel in the process environment
 * instead, which the functions emulator passes on to the functions.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'

const SECRET_FILE = 'functions/.secret.local'
const ENV_FILE = 'functions/.env.local'

export const localEnv: Record<string, string> = {
  APP_URL: 'http://127.0.0.1:5173',
  TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
  TWILIO_DEFAULT_FROM: '+61491570999',
  // The local Twilio (tests/support/fakeTwilio.ts) accepts any AP…/SK… ids; these only have to look right.
  TWILIO_TWIML_APP_SID: 'AP00000000000000000000000000000000',
  TWILIO_API_KEY_SID: 'SK00000000000000000000000000000000',
  // Empty: verify Twilio signatures against the URL the request arrived at (right for the emulator).
  WEBHOOK_BASE_URL: '',
}

function parse(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.match(/^([A-Z0-9_]+)=(.*)$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  )
}

function writeAtomically(file: string, values: Record<string, string>) {
  const text = Object.entries(values).map(([k, v]) => `${k}=${v}`).join('\n') + '\n'
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, text)
  renameSync(tmp, file)
}

/** Reads the emulator secrets, creating any that are missing. */
export function localSecrets(): {
  INVITE_KEY: string
  UNSUBSCRIBE_KEY: string
  TWILIO_AUTH_TOKEN: string
  AGORA_APP_CERTIFICATE: string
  TWILIO_API_KEY_SECRET: string
} {
  const existing = existsSync(SECRET_FILE) ? parse(readFileSync(SECRET_FILE, 'utf8')) : {}
  const secrets = {
    INVITE_KEY: existing.INVITE_KEY || randomBytes(32).toString('base64url'),
    UNSUBSCRIBE_KEY: existing.UNSUBSCRIBE_KEY || randomBytes(32).toString('base64url'),
    TWILIO_AUTH_TOKEN: existing.TWILIO_AUTH_TOKEN || randomBytes(16).toString('hex'),
    // Unused while AGORA_APP_ID is empty, but declared by the visit functions, so the emulator would prompt for it.
    AGORA_APP_CERTIFICATE: existing.AGORA_APP_CERTIFICATE || randomBytes(16).toString('hex'),
    // Signs the Voice access tokens; the local Twilio verifies them with the same value.
    TWILIO_API_KEY_SECRET: existing.TWILIO_API_KEY_SECRET || randomBytes(16).toString('hex'),
  }
  writeAtomically(SECRET_FILE, secrets)
  return secrets
}

export function writeLocalFunctionsConfig(): void {
  localSecrets()
  writeAtomically(ENV_FILE, localEnv)
}
