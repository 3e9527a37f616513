import { FieldValue, type DocumentReference } from 'firebase-admin/firestore'
import { onRequest, type Request } from 'firebase-functions/v2/https'
import twilio from 'twilio'
import { REGION, TWILIO_AUTH_TOKEN, TWILIO_DEFAULT_FROM, WEBHOOK_BASE_URL } from '../lib/config'
import { db } from '../lib/db'
import { collectionGroups, paths } from '../lib/paths'
import { logs } from '../lib/logs'

/** Twilio's standard opt-out and opt-in keywords (the whole message, any case). */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'])
const START_WORDS = new Set(['START', 'UNSTOP'])

/**
 * The URL Twilio signed: the webhook URL configured in Twilio. WEBHOOK_BASE_URL, when set, is that URL (a custom
 * domain, a Hosting rewrite, or the cloudfunctions.net address, whose path the function doesn't see); otherwise
 * the URL this request arrived on, which is right for the function's own run.app URL. The Functions emulator hands
 * the function only "/", so there the emulator's public URL is rebuilt.
 */
export function signedUrl(req: Request, override: string): string {
  const url = req.originalUrl || '/'
  const query = url.includes('?') ? url.slice(url.indexOf('?')) : ''
  if (override) return `${override.replace(/\?.*$/, '')}${query}`
  const proto = String(req.get('x-forwarded-proto') ?? req.protocol).split(',')[0]!.trim()
  if (process.env.FUNCTIONS_EMULATOR === 'true') {
    const project = process.env.GCLOUD_PROJECT ?? ''
    const rest = url === '/' || url.startsWith('/?') ? url.slice(1) : url
    return `${proto}://${req.get('host')}/${project}/${REGION}/twilioInbound${rest}`
  }
  return `${proto}://${req.get('host')}${url}`
}

function formParams(req: Request): Record<string, string> {
  if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) return req.body as Record<string, string>
  return Object.fromEntries(new URLSearchParams(req.rawBody?.toString('utf8') ?? ''))
}

/**
 * The patients a message from `from` to `to` speaks for. A practice with its own number (`smsFrom == to`) owns the
 * conversation. Messages to the shared default number, or to a messaging service's pool number, can't be told apart
 * by practice; Twilio itself stops every message from that sender to this phone after STOP, so the opt-out is
 * recorded on every patient with that mobile number, in every practice.
 */
async function patientsFor(from: string, to: string): Promise<DocumentReference[]> {
  const owning = to && to !== TWILIO_DEFAULT_FROM.value() ? await db().collection(paths.practices()).where('smsFrom', '==', to).limit(1).get() : null
  const practice = owning?.docs[0]
  const query = practice
    ? practice.ref.collection('patients').where('mobile', '==', from)
    : db().collectionGroup(collectionGroups.patients).where('mobile', '==', from)
  const snap = await query.get()
  return snap.docs.map((d) => d.ref).filter((ref) => ref.parent.parent?.parent.id === 'practices')
}

function twiml(text: string | null): string {
  const response = new twilio.twiml.MessagingResponse()
  if (text) response.message(text)
  return response.toString()
}

/**
 * Inbound SMS webhook: STOP and friends opt the sender out of SMS reminders, START opts them back in. Every request
 * must carry a valid X-Twilio-Signature for the configured auth token; anything else gets 403 and changes nothing.
 */
export const twilioInbound = onRequest({ secrets: [TWILIO_AUTH_TOKEN] }, async (req, res) => {
  if (req.method !== 'POST') {
    res.status(405).set('Allow', 'POST').send('Method Not Allowed')
    return
  }
  const signature = req.get('x-twilio-signature')
  const params = formParams(req)
  const authToken = TWILIO_AUTH_TOKEN.value()
  if (!signature || !authToken || !twilio.validateRequest(authToken, signature, signedUrl(req, WEBHOOK_BASE_URL.value()), params)) {
    logs.webhookRejected(signature ? 'bad-signature' : 'unsigned')
    res.status(403).send('Forbidden')
    return
  }

  const keyword = String(params.Body ?? '').trim().toUpperCase()
  const from = String(params.From ?? '')
  const to = String(params.To ?? '')
  const stop = STOP_WORDS.has(keyword)
  const start = START_WORDS.has(keyword)
  let reply: string | null = null
  if ((stop || start) && from) {
    const patients = await patientsFor(from, to)
    const source = stop ? 'sms-stop' : 'sms-start'
    const writes = patients.map((ref) =>
      ref.update({
        'optOut.sms': stop ? { at: FieldValue.serverTimestamp(), source } : null,
        'consent.sms.granted': start,
        'consent.sms.updatedAt': FieldValue.serverTimestamp(),
        'consent.sms.source': source,
        updatedAt: FieldValue.serverTimestamp(),
      }),
    )
    await Promise.all(writes)
    logs.smsKeyword(stop ? 'stop' : 'start', patients.length)
    reply = stop
      ? "You won't get text reminders from us any more. Reply START to get them again."
      : "You'll get text reminders from us again. Reply STOP to opt out."
  }
  res.status(200).type('text/xml').send(twiml(reply))
})
