/**
 * The voice half of the local Twilio (tests/support/fakeTwilio.ts): a small stand-in for the parts of Twilio's Voice
 * platform the browser phone uses, so that development and tests place calls offline through the real functions.
 *
 * - The development line (web/src/phone/dev/) connects here instead of to Twilio's cloud: POST /__voice/connect with
 *   the access token from `getPhoneAccess` and the connect params. The stand-in verifies the token as Twilio would
 *   (signed with the API key secret, VoiceGrant), then calls the real voice webhook (the TwiML App's Voice URL) with
 *   a valid X-Twilio-Signature, and follows the TwiML it gets back: <Conference> puts the browser leg in the room,
 *   <Say>/<Hangup> ends the call with what was said.
 * - It answers the REST calls the functions make: conference participants (create, update hold/holdUrl).
 * - The callee is simulated: it rings, then answers after N ms, is busy, doesn't answer, fails, or hangs up after M ms
 *   (POST /__voice/callee to choose, per number or for all). Every step of the callee's leg is posted to the
 *   participant's statusCallback, signed, with SequenceNumber and CallDuration, as Twilio does.
 * - The browser reads its call with GET /__voice/calls/{sid} and hangs up with POST /__voice/calls/{sid}/hangup.
 *   GET /__voice shows a small control page for a person (`npm run dev`).
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import jwt from 'jsonwebtoken'
import twilio from 'twilio'

export interface VoiceOptions {
  /** The TwiML App's Voice URL: the `phoneVoice` function. */
  voiceUrl: string
  /** The account's auth token: signs webhook requests. */
  authToken: string
  /** The API key secret: access tokens must be signed with it. */
  apiKeySecret: string
  accountSid?: string
}

export type CalleeMode = 'answer' | 'busy' | 'no-answer' | 'fail'

export interface CalleeBehaviour {
  mode: CalleeMode
  /** How long the phone rings before the callee answers, is busy, or gives up (no-answer). */
  ringMs: number
  /** With mode 'answer': the callee hangs up this long after answering; null = waits for the caller. */
  hangUpAfterMs: number | null
}

const DEFAULT_BEHAVIOUR: CalleeBehaviour = { mode: 'answer', ringMs: 800, hangUpAfterMs: null }

type LegStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled'
const FINAL: LegStatus[] = ['completed', 'busy', 'no-answer', 'failed', 'canceled']

interface CalleeLeg {
  sid: string
  room: string
  from: string
  to: string
  statusCallback: string
  events: string[]
  status: LegStatus
  sequence: number
  answeredAt: number | null
  held: boolean
  holdUrl: string | null
  timers: NodeJS.Timeout[]
  /** Callbacks go out one after another, in order, like Twilio's. */
  chain: Promise<void>
}

export interface BrowserCall {
  sid: string
  identity: string
  params: Record<string, string>
  state: 'connecting' | 'ringing' | 'in-progress' | 'ended'
  endReason: LegStatus | 'refused' | null
  /** What the TwiML said before hanging up (a refusal's reason). */
  message: string | null
  callee: CalleeLeg | null
  createdAt: number
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...cors })
  res.end(JSON.stringify(body))
}

/** The development line runs in the browser on another origin (the console). */
const cors = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const newCallSid = () => `CA${randomBytes(16).toString('hex')}`

function unescapeXml(text: string) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
}

export function createVoiceStandIn(options: VoiceOptions) {
  const accountSid = options.accountSid ?? 'AC00000000000000000000000000000000'
  const calls = new Map<string, BrowserCall>()
  const callees = new Map<string, CalleeLeg>()
  const behaviours = new Map<string, CalleeBehaviour>()
  let defaultBehaviour = { ...DEFAULT_BEHAVIOUR }
  /** Requests the functions made to the REST API, for tests to inspect. */
  const requests: { method: string; path: string; form: Record<string, string | string[]> }[] = []

  async function signedPost(url: string, params: Record<string, string>): Promise<Response> {
    const signature = twilio.getExpectedTwilioSignature(options.authToken, url, params)
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
      body: new URLSearchParams(params).toString(),
    })
  }

  function browserCallOf(leg: CalleeLeg) {
    return calls.get(leg.room)
  }

  /** Moves the callee's leg and posts the callback (if subscribed), strictly in order. */
  function setLegStatus(leg: CalleeLeg, status: LegStatus) {
    if (FINAL.includes(leg.status)) return
    const now = Date.now()
    if (status === 'in-progress') leg.answeredAt = now
    const duration = leg.answeredAt && status === 'completed' ? Math.max(1, Math.ceil((now - leg.answeredAt) / 1000)) : 0
    leg.status = status
    const call = browserCallOf(leg)
    if (call && call.state !== 'ended') {
      if (status === 'ringing') call.state = 'ringing'
      if (status === 'in-progress') call.state = 'in-progress'
      if (FINAL.includes(status)) {
        call.state = 'ended'
        call.endReason = status
      }
    }
    if (FINAL.includes(status)) leg.timers.splice(0).forEach(clearTimeout)
    const event = status === 'queued' ? 'initiated' : status === 'in-progress' ? 'answered' : FINAL.includes(status) ? 'completed' : status
    if (!leg.events.includes(event)) return
    const params: Record<string, string> = {
      AccountSid: accountSid,
      CallSid: leg.sid,
      CallStatus: status === 'queued' ? 'initiated' : status,
      SequenceNumber: String(leg.sequence++),
      Timestamp: new Date(now).toUTCString(),
      From: leg.from,
      To: leg.to,
      Direction: 'outbound-api',
      CallbackSource: 'call-progress-events',
      ApiVersion: '2010-04-01',
      ...(FINAL.includes(status) ? { CallDuration: String(duration), Duration: String(Math.ceil(duration / 60)) } : {}),
    }
    leg.chain = leg.chain.then(async () => {
      await signedPost(leg.statusCallback, params).catch(() => undefined)
    })
  }

  function later(leg: CalleeLeg, ms: number, fn: () => void) {
    leg.timers.push(setTimeout(fn, ms))
  }

  function startCallee(leg: CalleeLeg) {
    const behaviour = behaviours.get(leg.to) ?? defaultBehaviour
    setLegStatus(leg, 'queued')
    later(leg, 50, () => setLegStatus(leg, 'ringing'))
    const after = 50 + behaviour.ringMs
    if (behaviour.mode === 'busy') later(leg, after, () => setLegStatus(leg, 'busy'))
    else if (behaviour.mode === 'no-answer') later(leg, after, () => setLegStatus(leg, 'no-answer'))
    else if (behaviour.mode === 'fail') later(leg, after, () => setLegStatus(leg, 'failed'))
    else {
      later(leg, after, () => {
        setLegStatus(leg, 'in-progress')
        if (behaviour.hangUpAfterMs !== null) later(leg, behaviour.hangUpAfterMs, () => setLegStatus(leg, 'completed'))
      })
    }
  }

  /** The browser leg left: the conference ends (endConferenceOnExit), and with it the callee's leg. */
  function hangUp(call: BrowserCall) {
    const leg = call.callee
    if (leg && !FINAL.includes(leg.status)) setLegStatus(leg, leg.status === 'in-progress' ? 'completed' : 'canceled')
    if (call.state !== 'ended') {
      call.state = 'ended'
      call.endReason ??= 'completed'
    }
  }

  async function connect(body: { token?: string; params?: Record<string, string> }): Promise<{ status: number; body: unknown }> {
    let identity: string
    try {
      const claims = jwt.verify(body.token ?? '', options.apiKeySecret, { algorithms: ['HS256'] }) as {
        grants?: { identity?: string; voice?: { outgoing?: { application_sid?: string } } }
      }
      identity = claims.grants?.identity ?? ''
      if (!identity || !claims.grants?.voice?.outgoing?.application_sid) throw new Error('no voice grant')
    } catch {
      // Twilio's AccessTokenInvalid.
      return { status: 401, body: { code: 20101, message: 'Invalid Access Token' } }
    }
    const sid = newCallSid()
    const params = Object.fromEntries(Object.entries(body.params ?? {}).map(([k, v]) => [k, String(v)]))
    const call: BrowserCall = { sid, identity, params, state: 'connecting', endReason: null, message: null, callee: null, createdAt: Date.now() }
    calls.set(sid, call)
    const webhookParams: Record<string, string> = {
      ...params,
      AccountSid: accountSid,
      ApplicationSid: 'AP00000000000000000000000000000000',
      ApiVersion: '2010-04-01',
      CallSid: sid,
      CallStatus: 'ringing',
      Direction: 'inbound',
      Caller: `client:${identity}`,
      From: `client:${identity}`,
      To: '',
    }
    const response = await signedPost(options.voiceUrl, webhookParams).catch(() => null)
    const twiml = response?.ok ? await response.text() : ''
    const room = /<Conference[^>]*>([^<]+)<\/Conference>/.exec(twiml)?.[1]
    if (room) {
      if (call.state === 'connecting') call.state = 'ringing'
    } else {
      call.state = 'ended'
      call.endReason = response?.ok ? 'refused' : 'failed'
      const said = /<Say[^>]*>([^<]*)<\/Say>/.exec(twiml)?.[1]
      call.message = said ? unescapeXml(said) : 'An application error has occurred.'
      if (call.callee) hangUp(call)
    }
    return { status: 200, body: view(call) }
  }

  function view(call: BrowserCall) {
    return {
      callSid: call.sid,
      state: call.state,
      endReason: call.endReason,
      message: call.message,
      held: call.callee?.held ?? false,
      to: call.callee?.to ?? null,
    }
  }

  function participantJson(leg: CalleeLeg) {
    return {
      account_sid: accountSid,
      call_sid: leg.sid,
      conference_sid: `CF${leg.room.slice(2)}`,
      label: null,
      status: leg.status === 'in-progress' ? 'connected' : 'queued',
      hold: leg.held,
      muted: false,
      end_conference_on_exit: true,
      start_conference_on_enter: true,
      coaching: false,
      call_sid_to_coach: null,
      date_created: new Date().toUTCString(),
      date_updated: new Date().toUTCString(),
      uri: `/2010-04-01/Accounts/${accountSid}/Conferences/${leg.room}/Participants/${leg.sid}.json`,
    }
  }

  const PARTICIPANTS = /^\/2010-04-01\/Accounts\/(AC[A-Za-z0-9]+)\/Conferences\/([^/]+)\/Participants(?:\/([^/]+))?\.json$/

  /** Handles the request when it is for the voice stand-in; false otherwise. */
  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    if (path.startsWith('/__voice') && req.method === 'OPTIONS') {
      res.writeHead(204, cors)
      res.end()
      return true
    }
    if (path === '/__voice' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(CONTROL_PAGE)
      return true
    }
    if (path === '/__voice/connect' && req.method === 'POST') {
      const answer = await connect(JSON.parse((await readBody(req)) || '{}'))
      json(res, answer.status, answer.body)
      return true
    }
    if (path === '/__voice/calls' && req.method === 'GET') {
      json(res, 200, [...calls.values()].sort((a, b) => b.createdAt - a.createdAt).slice(0, 20).map(view))
      return true
    }
    if (path === '/__voice/callee' && req.method === 'GET') {
      json(res, 200, { default: defaultBehaviour, numbers: Object.fromEntries(behaviours) })
      return true
    }
    if (path === '/__voice/callee' && req.method === 'POST') {
      const body = JSON.parse((await readBody(req)) || '{}') as Partial<CalleeBehaviour> & { to?: string }
      const base = (body.to ? behaviours.get(body.to) : undefined) ?? defaultBehaviour
      const next: CalleeBehaviour = {
        mode: body.mode ?? base.mode,
        ringMs: Number(body.ringMs ?? base.ringMs),
        hangUpAfterMs: body.hangUpAfterMs === undefined ? base.hangUpAfterMs : body.hangUpAfterMs,
      }
      if (body.to) behaviours.set(body.to, next)
      else defaultBehaviour = next
      json(res, 200, next)
      return true
    }
    const callMatch = /^\/__voice\/calls\/(CA[0-9a-f]{32})(?:\/(hangup|calleeHangUp|answer))?$/.exec(path)
    if (callMatch) {
      const call = calls.get(callMatch[1]!)
      if (!call) {
        json(res, 404, { message: 'No such call' })
        return true
      }
      if (req.method === 'POST' && callMatch[2] === 'hangup') hangUp(call)
      if (req.method === 'POST' && callMatch[2] === 'calleeHangUp' && call.callee) setLegStatus(call.callee, call.callee.status === 'in-progress' ? 'completed' : 'canceled')
      if (req.method === 'POST' && callMatch[2] === 'answer' && call.callee && ['queued', 'ringing'].includes(call.callee.status)) {
        call.callee.timers.splice(0).forEach(clearTimeout)
        setLegStatus(call.callee, 'in-progress')
      }
      json(res, 200, view(call))
      return true
    }

    const match = PARTICIPANTS.exec(path)
    if (!match) return false
    const form = new URLSearchParams(await readBody(req))
    const formObject: Record<string, string | string[]> = {}
    for (const key of new Set(form.keys())) formObject[key] = form.getAll(key).length > 1 ? form.getAll(key) : form.get(key)!
    requests.push({ method: req.method ?? '', path, form: formObject })
    const room = decodeURIComponent(match[2]!)
    if (req.method === 'POST' && !match[3]) {
      const to = form.get('To') ?? ''
      const from = form.get('From') ?? ''
      if (!to || !from) {
        json(res, 400, { code: 21604, message: "A 'To' and 'From' are required.", status: 400 })
        return true
      }
      const leg: CalleeLeg = {
        sid: newCallSid(),
        room,
        from,
        to,
        statusCallback: form.get('StatusCallback') ?? '',
        events: form.getAll('StatusCallbackEvent').flatMap((e) => e.split(' ')),
        status: 'queued',
        sequence: 0,
        answeredAt: null,
        held: false,
        holdUrl: null,
        timers: [],
        chain: Promise.resolve(),
      }
      if (!leg.events.length) leg.events = ['completed']
      callees.set(leg.sid, leg)
      const call = calls.get(room)
      if (call) call.callee = leg
      // The participant is created (and answered with) before its first callback, as Twilio does.
      setImmediate(() => startCallee(leg))
      json(res, 201, participantJson(leg))
      return true
    }
    if (req.method === 'POST' && match[3]) {
      const leg = callees.get(match[3])
      if (!leg || leg.room !== room || FINAL.includes(leg.status)) {
        json(res, 404, { code: 20404, message: 'The requested resource was not found', status: 404 })
        return true
      }
      if (form.has('Hold')) {
        leg.held = form.get('Hold') === 'true'
        leg.holdUrl = leg.held ? (form.get('HoldUrl') ?? null) : null
      }
      json(res, 200, participantJson(leg))
      return true
    }
    json(res, 405, { code: 20004, message: 'Method not allowed', status: 405 })
    return true
  }

  return {
    handle,
    calls,
    requests,
    setCallee(behaviour: Partial<CalleeBehaviour> & { to?: string }) {
      const base = (behaviour.to ? behaviours.get(behaviour.to) : undefined) ?? defaultBehaviour
      const next = { ...base, ...behaviour }
      delete (next as { to?: string }).to
      if (behaviour.to) behaviours.set(behaviour.to, next)
      else defaultBehaviour = next
    },
    close() {
      for (const leg of callees.values()) leg.timers.splice(0).forEach(clearTimeout)
    },
  }
}

export type VoiceStandIn = ReturnType<typeof createVoiceStandIn>

/** The simulated callee's controls for a person under `npm run dev` (GET /__voice). */
const CONTROL_PAGE = `<!doctype html><meta charset="utf-8"><title>Development phone: simulated callee</title>
<style>body{font:15px system-ui;margin:2rem;max-width:44rem}button{margin:.2rem}td,th{padding:.3rem .6rem;text-align:left}</style>
<h1>Development phone — simulated callee</h1>
<p>Calls placed on the development line ring here instead of a real phone.</p>
<fieldset><legend>The next calls</legend>
<label>Callee <select id="mode"><option value="answer">answers</option><option value="busy">is busy</option>
<option value="no-answer">doesn't answer</option><option value="fail">fails</option></select></label>
<label>after <input id="ring" type="number" value="800" min="0" step="100" style="width:6rem"> ms</label>
<label><input id="manual" type="checkbox"> answer by hand</label>
<button id="save">Apply</button></fieldset>
<h2>Calls</h2><table><thead><tr><th>Call</th><th>To</th><th>State</th><th></th></tr></thead><tbody id="calls"></tbody></table>
<script>
const $ = (id) => document.getElementById(id)
$('save').onclick = () => fetch('/__voice/callee', { method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ mode: $('mode').value, ringMs: $('manual').checked ? 3600000 : Number($('ring').value) }) })
async function refresh() {
  const calls = await (await fetch('/__voice/calls')).json()
  $('calls').innerHTML = calls.map((c) => '<tr><td>' + c.callSid.slice(0, 10) + '…</td><td>' + (c.to ?? '') + '</td><td>' + c.state +
    (c.held ? ' (on hold: hearing music)' : '') + (c.endReason ? ' — ' + c.endReason : '') + '</td><td>' +
    (c.state === 'ringing' ? '<button data-a="answer" data-s="' + c.callSid + '">Answer</button>' : '') +
    (c.state !== 'ended' ? '<button data-a="calleeHangUp" data-s="' + c.callSid + '">Hang up</button>' : '') + '</td></tr>').join('')
}
$('calls').onclick = (e) => { const b = e.target.closest('button'); if (b) fetch('/__voice/calls/' + b.dataset.s + '/' + b.dataset.a, { method: 'POST' }).then(refresh) }
setInterval(refresh, 1000); refresh()
</script>`
