import { setGlobalOptions } from 'firebase-functions/v2'
import { defineSecret, defineString } from 'firebase-functions/params'

/** Region for every function; the web app reads the same value from VITE_FUNCTIONS_REGION. */
export const REGION = 'us-central1'

export function applyGlobalOptions(): void {
  // maxInstances bounds cost if a client misbehaves; callables are small and fast.
  setGlobalOptions({ region: REGION, maxInstances: 10 })
}

/**
 * Derives patients' join-link tokens and access codes from the nonce stored on each invite, so Firestore holds
 * only hashes yet an owner can be shown a link again. Rotating it invalidates every outstanding link.
 */
export const INVITE_KEY = defineSecret('INVITE_KEY')

/** The web app's public origin, for links in reminders (e.g. https://clinic.example.com). */
export const APP_URL = defineString('APP_URL', { description: 'Public origin of the web app, for links in messages' })

// ---- Reminders: SMS through Twilio, unsubscribe links (see functions/src/reminders/)

/** Twilio account for reminder SMS (ACxxxxxxxx…). */
export const TWILIO_ACCOUNT_SID = defineString('TWILIO_ACCOUNT_SID', { description: 'Twilio Account SID for reminder SMS' })

/** Authenticates calls to Twilio and verifies the X-Twilio-Signature of inbound webhooks. */
export const TWILIO_AUTH_TOKEN = defineSecret('TWILIO_AUTH_TOKEN')

/**
 * Optional settings read straight from the environment rather than declared as params: the Functions emulator
 * prompts (and waits forever under `emulators:exec`) for any declared param missing from the dotenv files, even one
 * with a default. Set them in functions/.env.<project> for a deployment, or in the environment of the emulators.
 */
const optionalEnv = (name: string) => ({ name, value: (): string => (process.env[name] ?? '').trim() })

/**
 * Where the Twilio client sends API requests instead of https://api.twilio.com. Unset in production; the emulator
 * harness points it at the fake Twilio server on 127.0.0.1 so that tests and dev never reach the network.
 */
export const TWILIO_API_BASE_URL = optionalEnv('TWILIO_API_BASE_URL')

/** Sender for practices without their own `smsFrom`: an E.164 number or a messaging service SID (MG…). */
export const TWILIO_DEFAULT_FROM = defineString('TWILIO_DEFAULT_FROM', {
  description: 'Default SMS sender: E.164 Twilio number or messaging service SID (MG…)',
})

/**
 * The exact webhook URL configured in Twilio for inbound SMS, when it differs from the URL the function sees (a
 * custom domain or a Hosting rewrite). Twilio signs that URL, so the signature check must use it. Unset: the
 * request's own URL.
 */
export const WEBHOOK_BASE_URL = optionalEnv('WEBHOOK_BASE_URL')

/** Signs the tokens in email unsubscribe links. Rotating it invalidates every link already sent. */
export const UNSUBSCRIBE_KEY = defineSecret('UNSUBSCRIBE_KEY')

// ---- Video visits: Agora media (see functions/src/visits/)

/**
 * The Agora project's App ID. Empty (local development, tests): visits use the WebRTC mesh with Firestore
 * signalling instead, and the app shows a "development media" badge.
 */
export const AGORA_APP_ID = optionalEnv('AGORA_APP_ID')

/** Signs Agora RTC tokens, and keys the per-visit channel names so they cannot be guessed from ids. */
export const AGORA_APP_CERTIFICATE = defineSecret('AGORA_APP_CERTIFICATE')

// ---- Chat files: virus scan with clamd (see functions/src/chat/)

/**
 * Where clamd listens (INSTREAM over TCP). Locally `npm run dev` and `npm test` start one on 127.0.0.1 with the
 * project's test signatures; in production, a clamd kept current by freshclam (README, "Deploying").
 */
export const CLAMD_HOST = optionalEnv('CLAMD_HOST')
export const CLAMD_PORT = optionalEnv('CLAMD_PORT')

/** clamd's address, with clamd's own defaults when unset. */
export function clamdAddress(): { host: string; port: number } {
  return { host: CLAMD_HOST.value() || '127.0.0.1', port: Number(CLAMD_PORT.value()) || 3310 }
}

// ---- Browser phone: Twilio Voice (see functions/src/phone/ and docs/phone.md)

/** The TwiML App whose Voice URL is the `phoneVoice` function; the access tokens' VoiceGrant points at it (AP…). */
export const TWILIO_TWIML_APP_SID = defineString('TWILIO_TWIML_APP_SID', { description: 'TwiML App SID (AP…) for browser calls' })

/** An API key (SK…) of the Twilio account: access tokens for the Voice SDK are signed with it. */
export const TWILIO_API_KEY_SID = defineString('TWILIO_API_KEY_SID', { description: 'Twilio API key SID (SK…) for Voice tokens' })

/** The API key's secret: signs the Voice SDK access tokens. */
export const TWILIO_API_KEY_SECRET = defineSecret('TWILIO_API_KEY_SECRET')

/**
 * The base URL the phone's webhooks are reached at from Twilio, e.g. https://us-central1-my-project.cloudfunctions.net
 * (the TwiML App's Voice URL is `${base}/phoneVoice`; status callbacks go to `${base}/phoneStatus`). Signatures are
 * checked against these exact URLs. Unset in the emulator, which rebuilds its own URLs.
 */
export const PHONE_WEBHOOK_BASE_URL = optionalEnv('PHONE_WEBHOOK_BASE_URL')
