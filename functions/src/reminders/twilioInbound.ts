import { FieldValue, type DocumentSnapshot } from 'firebase-admin/firestore'
import { onRequest, type Request } from 'firebase-functions/v2/https'
import twilio from 'twilio'
import { REGION, TWILIO_AUTH_TOKEN, WEBHOOK_BASE_URL } from '../lib/config'
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
 * The patients a message from `from` to `to` speaks for: those of the practices that text from `to`, since Twilio
 * blocks a sender number per phone. A practice with its own number (`smsFrom == to`) owns the conversation. Any other
 * `to` is the shared default number (or a messaging service's pool number), which every practice without its own
 * number sends from; practices with their own number never text from it, so a STOP there does not concern them.
 */
async function patientsFor(from: string, to: string): Promise<DocumentSnapshot[]> {
  const owning = to ? await db().collection(paths.practices()).where('smsFrom', '==', to).limit(1).get() : null
  const practice = owning?.docs[0]
  if (practice) return (await practice.ref.collection('patients').where('mobile', '==', from).get()).docs
  const snap = await db().collectionGroup(collectionGroups.patients).where('mobile', '==', from).get()
  const practiceRefs = [...new Map(snap.docs.flatMap((d) => (d.ref.parent.parent ? [[d.ref.parent.parent.path, d.ref.parent.parent]] : []))).values()]
  const practices = practiceRefs.length ? await db().getAll(...practiceRefs) : []
  const shared = new Set(practices.filter((p) => p.exists && !p.get('smsFrom')).map((p) => p.ref.path))
  return snap.docs.filter((d) => d.ref.parent.parent?.parent.id === 'practices' && shared.has(d.ref.parent.parent.path))
}

/**
 * What a keyword does to one patient, or null for nothing. STOP records an SMS opt-out (reminders check it before
 * sending); START lifts only an opt-out that STOP recorded. Neither touches consent: START restores whatever the
 * patient had agreed to before, and never grants SMS to someone who declined it or to an opt-out the practice
 * recorded another way (console, link).
 */
function keywordUpdate(patient: DocumentSnapshot, stop: boolean): Record<string, unknown> | null {
  const optOut = patient.get('optOut.sms') as { source?: unknown } | null | undefined
  if (stop) {
    if (optOut) return null
    return { 'optOut.sms': { at: FieldValue.serverTimestamp(), source: 'sms-stop' }, updatedAt: FieldValue.serverTimestamp() }
  }
  if (optOut?.source !== 'sms-stop') return null
  return { 'optOut.sms': null, updatedAt: FieldValue.serverTimestamp() }
}

function twiml(text: string | null): string {
  const response = new twilio.twiml.MessagingResponse()
  if (text) response.message(text)
  return response.toString()
}

/**
 * Inbound SMS webhook: STOP and friends record an SMS opt-out, START lifts one that STOP recorded (keywordUpdate). Every request
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
    const updates = patients.flatMap((patient) => {
      const update = keywordUpdate(patient, stop)
      return update ? [patient.ref.update(update)] : []
    })
    await Promise.all(updates)
    logs.smsKeyword(stop ? 'stop' : 'start', updates.length)
    reply = stop
      ? "You won't get text reminders from us any more. Reply START to get them again."
      : "Your opt-out is lifted: if you agreed to text reminders, you'll get them again. Reply STOP to opt out."
  }
  res.status(200).type('text/xml').send(twiml(reply))
})
