/**
 * The browser phone against the emulators and the local Twilio (tests/support/fakeTwilio.ts, started by `npm test`
 * with the voice stand-in): the development line's connect goes to the stand-in, which calls the real phoneVoice
 * webhook with a valid signature, answers the functions' REST calls, and posts signed callbacks to phoneStatus.
 * Callbacks out of order and twice are posted here directly, signed as Twilio signs them.
 */
import { randomInt } from 'node:crypto'
import twilio from 'twilio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uniqueId } from '../factories/ids'
import { aCall, aCallSid, aContact, aPhoneNumber } from '../factories/phone'
import { aMember, aPatient, aPractice, anAppointment } from '../factories/practice'
import { admin, closeClients, createAccount, eventually, expectCallableError, PROJECT_ID, signedInClient } from './support/emulators'

const functionsHost = process.env.FUNCTIONS_EMULATOR_HOST ?? '127.0.0.1:5001'
const functionUrl = (name: string) => `http://${functionsHost}/${PROJECT_ID}/us-central1/${name}`
const fakeTwilio = process.env.FAKE_TWILIO_URL ?? ''
const authToken = process.env.TWILIO_AUTH_TOKEN ?? ''
const db = () => admin().db
const uniqueMobile = () => `+614${String(randomInt(10_000_000, 99_999_999))}`

interface DevCall {
  callSid: string
  state: 'connecting' | 'ringing' | 'in-progress' | 'ended'
  endReason: string | null
  message: string | null
  held: boolean
}

async function voice<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${fakeTwilio}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  return (await response.json()) as T
}

async function signedPost(url: string, params: Record<string, string>, token = authToken) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(token, url, params) },
    body: new URLSearchParams(params).toString(),
  })
}

type Client = Awaited<ReturnType<typeof signedInClient>>
interface PhoneAccess {
  token: string
  numbers: { e164: string }[]
  line: string
  developmentUrl: string | null
}

interface Setup {
  practiceId: string
  number: string
  patientId: string
  patientMobile: string
  contactId: string
  staffUid: string
  practitionerUid: string
  asStaff: Client
  asPractitioner: Client
}

let base: { staff: Awaited<ReturnType<typeof createAccount>>; practitioner: Awaited<ReturnType<typeof createAccount>>; asStaff: Client; asPractitioner: Client }

beforeAll(async () => {
  admin()
  const [staff, practitioner] = await Promise.all([createAccount('Sam Reception'), createAccount('Dr Isla Patel')])
  base = { staff, practitioner, asStaff: await signedInClient(staff.email, staff.password), asPractitioner: await signedInClient(practitioner.email, practitioner.password) }
  // The emulator loads the functions on first use; pay that here rather than inside the first test's timeout.
  await base.asStaff.call('getPhoneAccess', { practiceId: uniqueId('warm-up') }).catch(() => undefined)
})

afterAll(async () => {
  await closeClients()
})

/** A practice with a number the staff member may call from, one patient, one contact and `credits` of balance. */
async function practiceWithPhone({ credits = 10 } = {}): Promise<Setup> {
  const practiceId = uniqueId('fn-phone')
  const number = uniqueMobile()
  const patientMobile = uniqueMobile()
  const patientId = uniqueId('patient')
  const p = `practices/${practiceId}`
  await db().doc(p).set(aPractice())
  await Promise.all([
    db().doc(`${p}/members/${base.staff.uid}`).set(aMember({ uid: base.staff.uid, role: 'staff', displayName: 'Sam Reception' })),
    db().doc(`${p}/members/${base.practitioner.uid}`).set(aMember({ uid: base.practitioner.uid, role: 'practitioner', displayName: 'Dr Isla Patel' })),
  ])
  await Promise.all([
    db().doc(`${p}/phoneNumbers/${number}`).set(aPhoneNumber({ allowedMemberIds: [base.staff.uid] })),
    db().doc(`${p}/patients/${patientId}`).set(aPatient({ mobile: patientMobile })),
    db().doc(`${p}/contacts/contact-1`).set(aContact({ phone: uniqueMobile() })),
    db().doc(`${p}/billing/credits`).set({ balance: credits }),
  ])
  return {
    practiceId,
    number,
    patientId,
    patientMobile,
    contactId: 'contact-1',
    staffUid: base.staff.uid,
    practitionerUid: base.practitioner.uid,
    asStaff: base.asStaff,
    asPractitioner: base.asPractitioner,
  }
}

function connectParams(s: Setup, overrides: Record<string, string> = {}) {
  return { practiceId: s.practiceId, fromNumber: s.number, recipientKind: 'patient', recipientId: s.patientId, onBehalfOf: s.practitionerUid, ...overrides }
}

async function placeCall(s: Setup, overrides: Record<string, string> = {}): Promise<DevCall> {
  const access = await s.asStaff.call<PhoneAccess>('getPhoneAccess', { practiceId: s.practiceId })
  return voice<DevCall>('/__voice/connect', { token: access.token, params: connectParams(s, overrides) })
}

const callDoc = (s: Setup, callSid: string) => db().doc(`practices/${s.practiceId}/calls/${callSid}`)
const ledgerEntries = async (s: Setup) => (await db().collection(`practices/${s.practiceId}/creditLedger`).get()).docs
const balance = async (s: Setup) => (await db().doc(`practices/${s.practiceId}/billing/credits`).get()).get('balance') as number
const callsOf = async (s: Setup) => (await db().collection(`practices/${s.practiceId}/calls`).get()).docs

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  return eventually(async () => {
    const value = await read()
    return done(value) ? value : undefined
  })
}

describe('getPhoneAccess', () => {
  it('gives a member allowed a number a Voice token for the development line', async () => {
    const s = await practiceWithPhone()
    const access = await s.asStaff.call<PhoneAccess>('getPhoneAccess', { practiceId: s.practiceId })
    expect(access.numbers.map((n) => n.e164)).toEqual([s.number])
    expect(access.line).toBe('development')
    expect(access.developmentUrl).toBe(fakeTwilio)
  })

  it('refuses a member allowed no number', async () => {
    const s = await practiceWithPhone()
    await expectCallableError(
      s.asPractitioner.call('getPhoneAccess', { practiceId: s.practiceId }),
      'failed-precondition',
      'You have no practice phone number to call from. Ask an owner to add you to one.',
    )
  })

  it('refuses a practice with no credit', async () => {
    const s = await practiceWithPhone({ credits: 0 })
    await expectCallableError(
      s.asStaff.call('getPhoneAccess', { practiceId: s.practiceId }),
      'failed-precondition',
      'The practice has too few credits to place a call. An owner can buy more under Billing.',
    )
  })

  it('refuses a malformed practice id and unknown keys as invalid-argument', async () => {
    await expectCallableError(base.asStaff.call('getPhoneAccess', { practiceId: 'a/b' }), 'invalid-argument', 'The practice is malformed.')
    const s = await practiceWithPhone()
    await expectCallableError(base.asStaff.call('getPhoneAccess', { practiceId: s.practiceId, extra: 1 }), 'invalid-argument')
  })
})

describe('phoneVoice and phoneStatus: only Twilio', () => {
  it('answers an unsigned or forged voice webhook with 403 and writes nothing', async () => {
    const s = await practiceWithPhone()
    const params = { ...connectParams(s), CallSid: aCallSid(), From: `client:${s.staffUid}`, AccountSid: 'AC00000000000000000000000000000000' }
    const unsigned = await fetch(functionUrl('phoneVoice'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    })
    expect(unsigned.status).toBe(403)
    expect((await signedPost(functionUrl('phoneVoice'), params, 'not-the-auth-token')).status).toBe(403)
    // Signed for another URL (another function) does not carry over.
    const elsewhere = twilio.getExpectedTwilioSignature(authToken, functionUrl('phoneStatus'), params)
    const moved = await fetch(functionUrl('phoneVoice'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': elsewhere },
      body: new URLSearchParams(params).toString(),
    })
    expect(moved.status).toBe(403)
    expect(await callsOf(s)).toHaveLength(0)
    expect((await fetch(`${fakeTwilio}/__voice/calls`).then((r) => r.json()) as DevCall[]).map((c) => c.callSid)).not.toContain(params.CallSid)
  })

  it('answers a forged status callback with 403 and changes nothing', async () => {
    const s = await practiceWithPhone()
    const call = aCall({ placedBy: s.staffUid, onBehalfOf: s.practitionerUid, status: 'ringing', lastSequence: 1, answeredAt: null, endedAt: null, durationSeconds: 0, credits: 0, charged: false })
    await callDoc(s, call.callSid).set(call)
    const url = `${functionUrl('phoneStatus')}?practiceId=${s.practiceId}&callSid=${call.callSid}`
    const params = { CallSid: call.calleeCallSid!, CallStatus: 'completed', SequenceNumber: '5', CallDuration: '600' }
    expect((await signedPost(url, params, 'forged')).status).toBe(403)
    const unsigned = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() })
    expect(unsigned.status).toBe(403)
    expect((await callDoc(s, call.callSid).get()).get('status')).toBe('ringing')
    expect(await ledgerEntries(s)).toHaveLength(0)
  })

  it('refuses malformed ids in a signed request with 400, not 500, and writes nothing', async () => {
    const s = await practiceWithPhone()
    const voiceParams = { ...connectParams(s, { practiceId: 'a/b' }), CallSid: aCallSid(), From: `client:${s.staffUid}` }
    expect((await signedPost(functionUrl('phoneVoice'), voiceParams)).status).toBe(400)
    const statusUrl = `${functionUrl('phoneStatus')}?practiceId=__bad__&callSid=x`
    expect((await signedPost(statusUrl, { CallSid: aCallSid(), CallStatus: 'completed', SequenceNumber: '1' })).status).toBe(400)
    expect(await callsOf(s)).toHaveLength(0)
  })
})

describe('placing a call through the local Twilio', () => {
  it('connects, logs one call, and charges its connected time once when the caller hangs up', async () => {
    const s = await practiceWithPhone()
    await voice('/__voice/callee', { to: s.patientMobile, mode: 'answer', ringMs: 200, hangUpAfterMs: null })
    const placed = await placeCall(s)
    expect(placed.state).not.toBe('ended')
    await until(() => voice<DevCall>(`/__voice/calls/${placed.callSid}`), (c) => c.state === 'in-progress')
    await until(async () => (await callDoc(s, placed.callSid).get()).get('status'), (status) => status === 'in-progress')
    await new Promise((r) => setTimeout(r, 1200))
    await voice(`/__voice/calls/${placed.callSid}/hangup`, {})
    const ended = await until(async () => (await callDoc(s, placed.callSid).get()).data()!, (d) => d.status === 'completed')
    expect(ended).toMatchObject({
      placedBy: s.staffUid,
      onBehalfOf: s.practitionerUid,
      visibleTo: [s.staffUid, s.practitionerUid],
      from: s.number,
      to: s.patientMobile,
      recipient: { kind: 'patient', id: s.patientId },
      charged: true,
    })
    expect(ended.durationSeconds).toBeGreaterThanOrEqual(1)
    expect(ended.credits).toBe(Math.ceil(ended.durationSeconds / 60))
    const entries = await ledgerEntries(s)
    expect(entries.map((e) => e.id)).toEqual([`call_${placed.callSid}`])
    expect(entries[0]!.data()).toMatchObject({ kind: 'call', delta: -ended.credits, balanceAfter: 10 - ended.credits })
    expect(await balance(s)).toBe(10 - ended.credits)
    expect(await callsOf(s)).toHaveLength(1)
    const audit = (await db().collection(`practices/${s.practiceId}/audit`).get()).docs.map((d) => d.get('action')).sort()
    expect(audit).toEqual(['call.ended', 'call.placed', 'credits.charged'])
  })

  it('puts the callee on hold with music and takes them off again', async () => {
    const s = await practiceWithPhone()
    await voice('/__voice/callee', { to: s.patientMobile, mode: 'answer', ringMs: 100, hangUpAfterMs: null })
    const placed = await placeCall(s)
    await until(async () => (await callDoc(s, placed.callSid).get()).get('status'), (status) => status === 'in-progress')
    await s.asStaff.call('holdCall', { practiceId: s.practiceId, callSid: placed.callSid, hold: true })
    expect((await voice<DevCall>(`/__voice/calls/${placed.callSid}`)).held).toBe(true)
    await s.asStaff.call('holdCall', { practiceId: s.practiceId, callSid: placed.callSid, hold: false })
    expect((await voice<DevCall>(`/__voice/calls/${placed.callSid}`)).held).toBe(false)
    await expectCallableError(
      s.asPractitioner.call('holdCall', { practiceId: s.practiceId, callSid: placed.callSid, hold: true }),
      'permission-denied',
      'Only the member who placed the call can hold it.',
    )
    await voice(`/__voice/calls/${placed.callSid}/hangup`, {})
  })

  it.each([
    ['busy', 'busy'],
    ['no-answer', 'no-answer'],
  ] as const)('logs a %s callee at no cost', async (mode, status) => {
    const s = await practiceWithPhone()
    await voice('/__voice/callee', { to: s.patientMobile, mode, ringMs: 200 })
    const placed = await placeCall(s)
    const ended = await until(async () => (await callDoc(s, placed.callSid).get()).data(), (d) => d?.status === status)
    expect(ended).toMatchObject({ credits: 0, durationSeconds: 0, answeredAt: null })
    expect((await voice<DevCall>(`/__voice/calls/${placed.callSid}`)).endReason).toBe(status)
    expect(await ledgerEntries(s)).toHaveLength(0)
    expect(await balance(s)).toBe(10)
  })

  it('calls a professional contact of the practice', async () => {
    const s = await practiceWithPhone()
    const placed = await placeCall(s, { recipientKind: 'contact', recipientId: s.contactId })
    const logged = await until(async () => (await callDoc(s, placed.callSid).get()).data(), (d) => d !== undefined)
    expect(logged!.recipient).toMatchObject({ kind: 'contact', id: s.contactId, name: 'Dr Mei Chen' })
    await voice(`/__voice/calls/${placed.callSid}/hangup`, {})
  })
})

describe('placing a call: what the webhook refuses', () => {
  it('refuses a recipient who is not a patient or contact of the practice, dialling no one', async () => {
    const s = await practiceWithPhone()
    const placed = await placeCall(s, { recipientId: 'someone-else' })
    expect(placed).toMatchObject({ state: 'ended', endReason: 'refused', message: 'This number is not a patient or contact of the practice.' })
    expect(await callsOf(s)).toHaveLength(0)
  })

  it('refuses a patient of another practice', async () => {
    const s = await practiceWithPhone()
    const other = await practiceWithPhone()
    const placed = await placeCall(s, { recipientId: other.patientId })
    expect(placed.endReason).toBe('refused')
    expect(await callsOf(s)).toHaveLength(0)
  })

  it('refuses a From number the member may not use', async () => {
    const s = await practiceWithPhone()
    const notTheirs = uniqueMobile()
    await db().doc(`practices/${s.practiceId}/phoneNumbers/${notTheirs}`).set(aPhoneNumber({ allowedMemberIds: [s.practitionerUid] }))
    const placed = await placeCall(s, { fromNumber: notTheirs })
    expect(placed).toMatchObject({ endReason: 'refused', message: 'You may not call from this number.' })
    expect(await callsOf(s)).toHaveLength(0)
  })

  it('refuses a call once the credit has run out, even with a token minted before', async () => {
    const s = await practiceWithPhone({ credits: 1 })
    const access = await s.asStaff.call<PhoneAccess>('getPhoneAccess', { practiceId: s.practiceId })
    await db().doc(`practices/${s.practiceId}/billing/credits`).set({ balance: 0 })
    const placed = await voice<DevCall>('/__voice/connect', { token: access.token, params: connectParams(s) })
    expect(placed).toMatchObject({ endReason: 'refused', message: 'The practice has too few credits to place a call.' })
    expect(await callsOf(s)).toHaveLength(0)
  })

  it('refuses an appointment that is not with this patient', async () => {
    const s = await practiceWithPhone()
    await db().doc(`practices/${s.practiceId}/appointments/appt-1`).set(anAppointment({ patientIds: ['another-patient'] }))
    const placed = await placeCall(s, { appointmentId: 'appt-1' })
    expect(placed).toMatchObject({ endReason: 'refused', message: 'This appointment is not with this patient.' })
  })
})

describe('phoneStatus: callbacks in any order, any number of times', () => {
  it('makes one log entry and one charge from duplicated and reordered callbacks, matching the connected time', async () => {
    const s = await practiceWithPhone()
    const call = aCall({ placedBy: s.staffUid, onBehalfOf: s.practitionerUid, status: 'queued', lastSequence: -1, answeredAt: null, endedAt: null, durationSeconds: 0, credits: 0, charged: false })
    await callDoc(s, call.callSid).set(call)
    const url = `${functionUrl('phoneStatus')}?practiceId=${s.practiceId}&callSid=${call.callSid}`
    const leg = call.calleeCallSid!
    const initiated = { CallSid: leg, CallStatus: 'initiated', SequenceNumber: '0' }
    const ringing = { CallSid: leg, CallStatus: 'ringing', SequenceNumber: '1' }
    const answered = { CallSid: leg, CallStatus: 'in-progress', SequenceNumber: '2' }
    const completed = { CallSid: leg, CallStatus: 'completed', SequenceNumber: '3', CallDuration: '61' }
    for (const params of [ringing, completed, answered, completed, initiated, ringing]) {
      expect([200, 204]).toContain((await signedPost(url, params)).status)
    }
    await Promise.all([signedPost(url, completed), signedPost(url, completed), signedPost(url, answered)])
    const logged = (await callDoc(s, call.callSid).get()).data()!
    expect(logged).toMatchObject({ status: 'completed', durationSeconds: 61, credits: 2, charged: true, lastSequence: 3 })
    const entries = await ledgerEntries(s)
    expect(entries).toHaveLength(1)
    expect(entries[0]!.data()).toMatchObject({ delta: -2, kind: 'call' })
    expect(await balance(s)).toBe(8)
    expect(await callsOf(s)).toHaveLength(1)
  })
})
