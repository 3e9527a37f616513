import type { Response } from 'express'
import type { Request } from 'firebase-functions/v2/https'
import twilio from 'twilio'
import { PHONE_WEBHOOK_BASE_URL, REGION } from '../lib/config'
import { logs } from '../lib/logs'

/**
 * Public URLs of the phone's webhooks and the signature check against them. Twilio signs the exact URL it was
 * given, query string included, so the URL rebuilt here must match it character for character:
 * - PHONE_WEBHOOK_BASE_URL set (production): `${base}/${functionName}${query}`, e.g.
 *   https://us-central1-my-project.cloudfunctions.net/phoneVoice — the TwiML App's Voice URL is set to exactly that;
 * - Functions emulator: the emulator's own URL, http://host/project/region/functionName (the emulator hands the
 *   function only "/").
 */
const base = () => PHONE_WEBHOOK_BASE_URL.value().replace(/\/+$/, '')

function query(req: Request): string {
  const url = req.originalUrl || '/'
  return url.includes('?') ? url.slice(url.indexOf('?')) : ''
}

/** The base URL webhooks live under, as seen from Twilio. */
export function webhookBase(req: Request): string {
  const configured = base()
  if (configured) return configured
  const proto = String(req.get('x-forwarded-proto') ?? req.protocol).split(',')[0]!.trim()
  if (process.env.FUNCTIONS_EMULATOR === 'true') return `${proto}://${req.get('host')}/${process.env.GCLOUD_PROJECT ?? ''}/${REGION}`
  return `${proto}://${req.get('host')}`
}

export function signedUrl(req: Request, functionName: string): string {
  return `${webhookBase(req)}/${functionName}${query(req)}`
}

/** The form parameters Twilio posted. */
export function formParams(req: Request): Record<string, string> {
  if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) return req.body as Record<string, string>
  return Object.fromEntries(new URLSearchParams(req.rawBody?.toString('utf8') ?? ''))
}

/** The request's query parameters (plain ids only, by design). */
export function queryParams(req: Request): Record<string, string> {
  return Object.fromEntries(new URL(req.originalUrl || '/', 'http://x').searchParams)
}

/** Whether the request carries a valid X-Twilio-Signature for `functionName`'s public URL. */
export function isSignedByTwilio(req: Request, functionName: string, authToken: string): boolean {
  const signature = req.get('x-twilio-signature')
  if (!signature || !authToken) return false
  return twilio.validateRequest(authToken, signature, signedUrl(req, functionName), formParams(req))
}

/**
 * The gate every phone webhook opens with: only a POST signed by Twilio for `functionName`'s URL gets through.
 * Anything else is answered here (405, or 403 with the rejection logged) and `false` returned: the webhook stops.
 */
export function admitTwilioWebhook(req: Request, res: Response, functionName: string, authToken: string): boolean {
  if (req.method !== 'POST') {
    res.status(405).set('Allow', 'POST').send('Method Not Allowed')
    return false
  }
  if (!isSignedByTwilio(req, functionName, authToken)) {
    logs.webhookRejected(req.get('x-twilio-signature') ? 'bad-signature' : 'unsigned')
    res.status(403).send('Forbidden')
    return false
  }
  return true
}
