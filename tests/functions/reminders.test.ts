/**
 * Reminders against the emulators: planning (the planReminders trigger, deployed in the Functions emulator), the
 * sweep (runReminderSweep, run in this process with the Admin SDK on the emulator and the real Twilio SDK pointed at
 * a fake Twilio on 127.0.0.1), the STOP webhook and the unsubscribe callable (both over HTTP to the emulator).
 *
 * The emulator is shared with other test files: every practice here is new, sweeps are scoped to it, and phone
 * numbers are unique, so nothing here touches anyone else's data.
 */
import { randomInt } from 'node:crypto'
import { Timestamp } from 'firebase-admin/firestore'
import twilio from 'twilio'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issueInvite } from '../../functions/src/invites/inviteStore'
import { newSweepStats, type SendConfig } from '../../functions/src/reminders/sendContext'
import { runReminderSweep } from '../../functions/src/reminders/runReminderSweep'
import { twilioClient, twilioSmsSender } from '../../functions/src/lib/twilioClient'
import { signUnsubscribeToken } from '../../functions/src/reminders/unsubscribeToken'
import { uniqueId } from '../factories/ids'
import { aPatient, aPractice, anAppointment, type PatientDoc } from '../factories/practice'
import { startFakeTwilio, type FakeTwilio } from '../support/fakeTwilio'
import { FieldValue } from 'firebase-admin/firestore'
import { admin, closeClients, createAccount, eventually, PROJECT_ID, signedInClient } from './support/emulators'

const HOUR = 3_600_000
const DEFAULT_FROM = '+61491570999'
const functionsHost = process.env.FUNCTIONS_EMULATOR_HOST ?? '127.0.0.1:5001'
const functionUrl = (name: string) => `http://${functionsHost}/${PROJECT_ID}/us-central1/${name}`

// The emulator's secrets (functions/.secret.local): `npm test` puts them in this process's environment too.
const unsubscribeKey = process.env.UNSUBSCRIBE_KEY ?? ''
const twilioAuthToken = process.env.TWILIO_AUTH_TOKEN ?? ''
process.env.APP_URL ||= 'http://127.0.0.1:5173'

let fake: FakeTwilio
let config: SendConfig
let sender: ReturnType<typeof twilioSmsSender>

const db = () => admin().db
const uniqueMobile = () => `+614${String(randomInt(10_000_000, 99_999_999))}`

beforeAll(async () => {
  admin()
  fake = await startFakeTwilio({ port: 0 })
  sender = twilioSmsSender(
    twilioClient({ accountSid: 'AC00000000000000000000000000000000', authToken: 'fake-token', apiBaseUrl: fake.url }),
  )
  config = { appUrl: 'http://127.0.0.1:5173', unsubscribeKey: unsubscribeKey || 'test-key', defaultFrom: DEFAULT_FROM }
})

afterAll(async () => {
  await fake?.close()
  await closeClients()
})

async function newPractice(overrides: Record<string, unknown> = {}): Promise<string> {
  const practiceId = uniqueId('fn-reminders')
  await db().doc(`practices/${practiceId}`).set({ ...aPractice({ name: 'Harbourside Family Clinic' }), ...overrides })
  return practiceId
}

async function addPatient(practiceId: string, overrides: Partial<PatientDoc> = {}) {
  const patientId = uniqueId('patient')
  const patient = aPatient({ mobile: uniqueMobile(), ...overrides })
  await db().doc(`practices/${practiceId}/patients/${patientId}`).set(patient)
  return { id: patientId, ...patient }
}

type Patient = Awaited<ReturnType<typeof addPatient>>

/** Books an appointment the way the callables store it, with invites for a video visit; returns its id. */
async function book(practiceId: string, patients: Patient[], input: { start: Date; location?: 'video' | 'phone' | 'in-person' }) {
  const appointmentId = uniqueId('appointment')
  const appointment = anAppointment({
    start: input.start,
    location: input.location ?? 'video',
    practitionerName: 'Dr Sam Patel',
    patients: patients.map((p) => ({ id: p.id, firstName: p.firstName, lastName: p.lastName })),
  })
  if (appointment.location === 'video') {
    await db().runTransaction(async (tx) => {
      for (const p of patients) issueInvite(tx, { practiceId, appointmentId, patientId: p.id, key: process.env.INVITE_KEY ?? '' })
    })
  }
  await db().doc(`practices/${practiceId}/appointments/${appointmentId}`).set(appointment)
  return appointmentId
}

const remindersOf = (practiceId: string, appointmentId: string) =>
  db().collection(`practices/${practiceId}/appointments/${appointmentId}/reminders`)

async function reminderStates(practiceId: string, appointmentId: string) {
  const snap = await remindersOf(practiceId, appointmentId).get()
  return Object.fromEntries(snap.docs.map((d) => [d.id, d.data()]))
}

/** Waits until planReminders has written `count` outbox documents for the appointment. */
async function planned(practiceId: string, appointmentId: string, count: number) {
  return eventually(async () => {
    const states = await reminderStates(practiceId, appointmentId)
    return Object.keys(states).length === count ? states : undefined
  })
}

const mailFor = (appointmentId: string, reminderId: string) => db().doc(`mail/${appointmentId}_${reminderId}`).get()
const smsTo = (mobile: string) => fake.messages.filter((m) => m.to === mobile)

describe('planReminders', () => {
  it('plans one reminder per patient, offset and channel, due offset hours before the start', async () => {
    const practiceId = await newPractice()
    const [amelia, oliver] = [await addPatient(practiceId), await addPatient(practiceId)]
    const start = new Date(Date.now() + 72 * HOUR)
    const appointmentId = await book(practiceId, [amelia!, oliver!], { start })
    const states = await planned(practiceId, appointmentId, 8)
    expect(Object.keys(states).sort()).toEqual(
      [amelia!, oliver!].flatMap((p) => [`${p.id}_24h_email`, `${p.id}_24h_sms`, `${p.id}_2h_email`, `${p.id}_2h_sms`]).sort(),
    )
    const dayBefore = states[`${amelia!.id}_24h_sms`]!
    expect(dayBefore).toMatchObject({ state: 'scheduled', channel: 'sms', kind: 'reminder', offsetHours: 24, patientId: amelia!.id })
    expect((dayBefore.dueAt as Timestamp).toMillis()).toBe(start.getTime() - 24 * HOUR)
  })

  it('moves unsent reminders on reschedule, cancels a removed patient’s, and cancels all on cancellation', async () => {
    const practiceId = await newPractice()
    const [amelia, oliver] = [await addPatient(practiceId), await addPatient(practiceId)]
    const appointmentId = await book(practiceId, [amelia!, oliver!], { start: new Date(Date.now() + 72 * HOUR) })
    await planned(practiceId, appointmentId, 8)
    const ref = db().doc(`practices/${practiceId}/appointments/${appointmentId}`)

    const later = new Date(Date.now() + 96 * HOUR)
    await ref.update({ start: later, end: new Date(later.getTime() + 30 * 60_000) })
    await eventually(async () => {
      const due = (await reminderStates(practiceId, appointmentId))[`${amelia!.id}_2h_email`]?.dueAt as Timestamp | undefined
      return due?.toMillis() === later.getTime() - 2 * HOUR ? true : undefined
    })

    await ref.update({ patientIds: [amelia!.id], patients: [{ id: amelia!.id, firstName: amelia!.firstName, lastName: amelia!.lastName }] })
    const afterRemoval = await eventually(async () => {
      const states = await reminderStates(practiceId, appointmentId)
      return states[`${oliver!.id}_24h_sms`]?.state === 'cancelled' ? states : undefined
    })
    for (const [id, reminder] of Object.entries(afterRemoval)) {
      if (id.startsWith(oliver!.id)) expect(reminder).toMatchObject({ state: 'cancelled', reason: 'Patient removed from the appointment' })
      else expect(reminder.state).toBe('scheduled')
    }

    await ref.update({ status: 'cancelled', cancelledAt: new Date() })
    await eventually(async () => {
      const states = Object.values(await reminderStates(practiceId, appointmentId))
      return states.every((r) => r.state === 'cancelled') ? true : undefined
    })
  })

  it('skips reminders whose time had already passed when the appointment was booked', async () => {
    const practiceId = await newPractice()
    const patient = await addPatient(practiceId)
    const appointmentId = await book(practiceId, [patient], { start: new Date(Date.now() + 5 * HOUR), location: 'phone' })
    const states = await planned(practiceId, appointmentId, 4)
    expect(states[`${patient.id}_24h_email`]).toMatchObject({ state: 'skipped', reason: 'Booked after the reminder time' })
    expect(states[`${patient.id}_24h_sms`]).toMatchObject({ state: 'skipped', reason: 'Booked after the reminder time' })
    expect(states[`${patient.id}_2h_sms`]).toMatchObject({ state: 'scheduled', reason: null })
  })
})

describe('runReminderSweep', () => {
  /** A video appointment 3 days out with its reminders planned; sweeps run "23 hours before". */
  async function dueVideoAppointment(patients: Patient[], practice: Record<string, unknown> = {}) {
    const practiceId = await newPractice(practice)
    for (const p of patients) await db().doc(`practices/${practiceId}/patients/${p.id}`).set(p)
    const start = new Date(Date.now() + 72 * HOUR)
    start.setUTCSeconds(0, 0)
    const appointmentId = await book(practiceId, patients, { start })
    await planned(practiceId, appointmentId, patients.length * 4)
    return { practiceId, appointmentId, start, now: new Date(start.getTime() - 23 * HOUR) }
  }

  const aConsentingPatient = (overrides: Partial<PatientDoc> = {}) => ({
    id: uniqueId('patient'),
    ...aPatient({ firstName: 'Amelia', lastName: 'Nguyen', dateOfBirth: '1986-07-14', mobile: uniqueMobile(), ...overrides }),
  })

  it('sends each due reminder once by email and SMS, with the first name and never the last name or birth date', async () => {
    const amelia = aConsentingPatient({ email: `amelia.${randomInt(1e6)}@mail.example` })
    const { practiceId, appointmentId, now } = await dueVideoAppointment([amelia])

    const stats = await runReminderSweep({ now, sender, config, practiceId })
    expect(stats).toMatchObject({ sent: 2, failed: 0, skipped: 0 })

    const states = await reminderStates(practiceId, appointmentId)
    expect(states[`${amelia.id}_24h_email`]).toMatchObject({ state: 'sent', reason: null, attempts: 1 })
    expect(states[`${amelia.id}_24h_sms`]).toMatchObject({ state: 'sent', reason: null, attempts: 1 })
    expect(states[`${amelia.id}_2h_sms`]?.state).toBe('scheduled')

    const sms = smsTo(amelia.mobile)
    expect(sms).toHaveLength(1)
    expect(sms[0]).toMatchObject({ from: DEFAULT_FROM })
    expect(states[`${amelia.id}_24h_sms`]?.providerId).toBe(sms[0]!.sid)
    expect(sms[0]!.body).toMatch(/^Hi Amelia, your video consult with Dr Sam Patel is on \w+ \d+ \w+ at \d+:\d\d [AP]M\. Join: http:\/\/127\.0\.0\.1:5173\/join\/\S+ Code: \d{6}\./)
    expect(sms[0]!.body.endsWith('Reply STOP to opt out.')).toBe(true)

    const mail = (await mailFor(appointmentId, `${amelia.id}_24h_email`)).data()!
    expect(mail.to).toBe(amelia.email)
    expect(mail.message.subject).toMatch(/^Your video consultation with Dr Sam Patel on /)
    expect(mail.message.text).toMatch(/^Hi Amelia,/)
    expect(mail.message.text).toContain('http://127.0.0.1:5173/unsubscribe?token=')
    expect(mail.message.html).toContain('Unsubscribe from email reminders')

    for (const text of [sms[0]!.body, mail.message.text, mail.message.html]) expect(text).toContain('Amelia')
    for (const text of [sms[0]!.body, mail.message.subject, mail.message.text, mail.message.html]) {
      expect(text).not.toContain('Nguyen')
      expect(text).not.toContain('1986')
      expect(text).not.toContain('14/07')
    }

    const audit = await db().collection(`practices/${practiceId}/audit`).where('action', '==', 'reminder.sent').get()
    expect(audit.docs.map((d) => d.get('target.id')).sort()).toEqual([`${amelia.id}_24h_email`, `${amelia.id}_24h_sms`])
  })

  it('sends nothing more when the same sweep runs again', async () => {
    const patient = aConsentingPatient()
    const { practiceId, appointmentId, now } = await dueVideoAppointment([patient])
    await runReminderSweep({ now, sender, config, practiceId })
    const again = await runReminderSweep({ now, sender, config, practiceId })
    expect(again.sent).toBe(0)
    expect(smsTo(patient.mobile)).toHaveLength(1)
    expect((await reminderStates(practiceId, appointmentId))[`${patient.id}_24h_sms`]?.attempts).toBe(1)
  })

  it('sends once when two sweeps run at the same time', async () => {
    const patients = [aConsentingPatient(), aConsentingPatient(), aConsentingPatient()]
    const { practiceId, appointmentId, now } = await dueVideoAppointment(patients)
    const [first, second] = await Promise.all([
      runReminderSweep({ now, sender, config, practiceId }),
      runReminderSweep({ now, sender, config, practiceId }),
    ])
    expect(first.sent + second.sent).toBe(6)
    for (const p of patients) {
      expect(smsTo(p.mobile)).toHaveLength(1)
      expect((await mailFor(appointmentId, `${p.id}_24h_email`)).exists).toBe(true)
    }
    const audit = await db().collection(`practices/${practiceId}/audit`).where('action', '==', 'reminder.sent').get()
    expect(audit.size).toBe(6)
  })

  it('skips patients without consent or who opted out, saying why, and sends them nothing', async () => {
    const noConsent = aConsentingPatient({
      consent: {
        email: { granted: false, updatedAt: new Date(), source: 'intake-form' },
        sms: { granted: false, updatedAt: new Date(), source: 'intake-form' },
      },
    })
    const optedOut = aConsentingPatient({ optOut: { sms: { at: new Date(), source: 'sms-stop' }, email: { at: new Date(), source: 'email-link' } } })
    const { practiceId, appointmentId, now } = await dueVideoAppointment([noConsent, optedOut])
    const stats = await runReminderSweep({ now, sender, config, practiceId })
    expect(stats).toMatchObject({ sent: 0, skipped: 4 })
    const states = await reminderStates(practiceId, appointmentId)
    expect(states[`${noConsent.id}_24h_email`]).toMatchObject({ state: 'skipped', reason: 'No email consent' })
    expect(states[`${noConsent.id}_24h_sms`]).toMatchObject({ state: 'skipped', reason: 'No SMS consent' })
    expect(states[`${optedOut.id}_24h_email`]).toMatchObject({ state: 'skipped', reason: 'Opted out of email' })
    expect(states[`${optedOut.id}_24h_sms`]).toMatchObject({ state: 'skipped', reason: 'Opted out of SMS' })
    expect(smsTo(noConsent.mobile)).toHaveLength(0)
    expect(smsTo(optedOut.mobile)).toHaveLength(0)
    expect((await mailFor(appointmentId, `${optedOut.id}_24h_email`)).exists).toBe(false)
  })

  it("records Twilio's error as the reason when a text is refused, and uses the practice's messaging service", async () => {
    const patient = aConsentingPatient()
    const { practiceId, appointmentId, now } = await dueVideoAppointment([patient], { smsFrom: 'MG0123456789abcdef0123456789abcdef' })
    fake.failNext(21211, "The 'To' number is not a valid phone number.")
    await runReminderSweep({ now, sender, config, practiceId })
    expect((await reminderStates(practiceId, appointmentId))[`${patient.id}_24h_sms`]).toMatchObject({
      state: 'failed',
      reason: "The 'To' number is not a valid phone number.",
    })

    // The 2-hour reminder goes through the practice's messaging service.
    await runReminderSweep({ now: new Date(now.getTime() + 22 * HOUR), sender, config, practiceId })
    expect(smsTo(patient.mobile)).toEqual([expect.objectContaining({ messagingServiceSid: 'MG0123456789abcdef0123456789abcdef', from: '' })])
  })

  it("uses the practice's own template and renders the appointment time in the practice's time zone", async () => {
    const patient = aConsentingPatient()
    const practiceId = await newPractice({ timeZone: 'America/New_York', name: 'Riverside Health' })
    await db().doc(`practices/${practiceId}/patients/${patient.id}`).set(patient)
    await db().doc(`practices/${practiceId}/templates/phone_sms`).set({ body: '[First Name]: [Practitioner] calls [Date] [Time]. [Practice Name]', updatedAt: new Date() })
    const start = new Date(Date.now() + 72 * HOUR)
    start.setUTCHours(15, 30, 0, 0)
    const appointmentId = await book(practiceId, [patient], { start, location: 'phone' })
    await planned(practiceId, appointmentId, 4)
    await runReminderSweep({ now: new Date(start.getTime() - 23 * HOUR), sender, config, practiceId })
    const [sms] = smsTo(patient.mobile)
    // 15:30 UTC is 10:30 or 11:30 in New York depending on daylight saving.
    expect(sms?.body).toMatch(/^Amelia: Dr Sam Patel calls \w+ \d+ \w+ 1[01]:30 AM\. Riverside Health Reply STOP to opt out\.$/)
  })

  it('reads documents in proportion to the reminders due, counting them', async () => {
    const patient = aConsentingPatient()
    const { practiceId, now } = await dueVideoAppointment([patient])
    const stats = newSweepStats()
    await runReminderSweep({ now, sender, config, practiceId, stats })
    // 2 due (email and SMS, one patient): the 2 query results and the empty abandoned-claims query; then once for
    // both reminders the appointment, the patient, the invite and the practice; each channel's template.
    expect(stats.sent).toBe(2)
    expect(stats.documentsRead).toBe(3 + 4 + 2)
  })
})

describe('twilioInbound', () => {
  const url = functionUrl('twilioInbound')

  async function post(params: Record<string, string>, signature?: string) {
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(signature ? { 'X-Twilio-Signature': signature } : {}) },
      body: new URLSearchParams(params).toString(),
    })
  }

  const inbound = (from: string, to: string, body: string) => ({
    MessageSid: `SM${'0'.repeat(32)}`,
    AccountSid: 'AC00000000000000000000000000000000',
    From: from,
    To: to,
    Body: body,
  })

  async function patientWithOwnNumber() {
    const smsFrom = uniqueMobile()
    const practiceId = await newPractice({ smsFrom })
    const patient = await addPatient(practiceId)
    return { practiceId, smsFrom, patient, ref: db().doc(`practices/${practiceId}/patients/${patient.id}`) }
  }

  it('rejects an unsigned request with 403 and changes nothing', async () => {
    const { smsFrom, patient, ref } = await patientWithOwnNumber()
    const before = (await ref.get()).data()
    const response = await post(inbound(patient.mobile, smsFrom, 'STOP'))
    expect(response.status).toBe(403)
    expect((await ref.get()).data()).toEqual(before)
  })

  it('rejects a forged signature with 403 and changes nothing', async () => {
    const { smsFrom, patient, ref } = await patientWithOwnNumber()
    const before = (await ref.get()).data()
    const params = inbound(patient.mobile, smsFrom, 'STOP')
    const forged = twilio.getExpectedTwilioSignature('not-the-auth-token', url, params)
    expect((await post(params, forged)).status).toBe(403)
    // A genuine signature for other parameters doesn't carry over either.
    const other = twilio.getExpectedTwilioSignature(twilioAuthToken, url, { ...params, Body: 'hello' })
    expect((await post(params, other)).status).toBe(403)
    expect((await ref.get()).data()).toEqual(before)
  })

  const send = async (from: string, to: string, body: string) => {
    const params = inbound(from, to, body)
    const response = await post(params, twilio.getExpectedTwilioSignature(twilioAuthToken, url, params))
    expect(response.status).toBe(200)
    return response
  }
  const smsOf = async (practiceId: string, patientId: string) => {
    const data = (await db().doc(`practices/${practiceId}/patients/${patientId}`).get()).data()!
    return { optOut: data.optOut?.sms ?? null, consent: data.consent.sms as { granted: boolean; source: string } }
  }

  it('records an opt-out on a signed STOP and lifts it on START, leaving the consent the patient gave as it was', async () => {
    const { smsFrom, patient, ref } = await patientWithOwnNumber()
    const consentBefore = (await ref.get()).get('consent')
    const response = await send(patient.mobile!, smsFrom, ' stop ')
    expect(response.headers.get('content-type')).toMatch(/xml/)
    expect(await response.text()).toContain('<Response><Message>')
    const stopped = (await ref.get()).data()!
    expect(stopped.optOut.sms).toMatchObject({ source: 'sms-stop' })
    expect(stopped.consent).toEqual(consentBefore)

    await send(patient.mobile!, smsFrom, 'START')
    const restarted = (await ref.get()).data()!
    expect(restarted.optOut.sms).toBeNull()
    expect(restarted.consent).toEqual(consentBefore)
  })

  // Security review finding 5: START used to set consent.sms.granted = true for everyone with that mobile.
  it('never grants SMS consent on START to a patient who declined SMS', async () => {
    const smsFrom = uniqueMobile()
    const practiceId = await newPractice({ smsFrom })
    const declined = await addPatient(practiceId, { consent: { email: { granted: true, updatedAt: new Date(), source: 'staff' }, sms: { granted: false, updatedAt: new Date(), source: 'staff' } } })
    await send(declined.mobile!, smsFrom, 'START')
    expect(await smsOf(practiceId, declined.id)).toMatchObject({ optOut: null, consent: { granted: false, source: 'staff' } })
    // Nor by a STOP then START: the START only lifts the STOP's opt-out.
    await send(declined.mobile!, smsFrom, 'STOP')
    await send(declined.mobile!, smsFrom, 'START')
    expect(await smsOf(practiceId, declined.id)).toMatchObject({ optOut: null, consent: { granted: false, source: 'staff' } })
  })

  it('does not lift on START an opt-out the practice recorded another way', async () => {
    const { practiceId, smsFrom, patient, ref } = await patientWithOwnNumber()
    await ref.update({ 'optOut.sms': { at: new Date(), source: 'staff' } })
    await send(patient.mobile!, smsFrom, 'START')
    expect((await smsOf(practiceId, patient.id)).optOut).toMatchObject({ source: 'staff' })
  })

  it('on the shared number, opts that mobile out in every practice that texts from it, and no other', async () => {
    const mobile = uniqueMobile()
    const [first, second, ownNumber] = [await newPractice(), await newPractice(), await newPractice({ smsFrom: uniqueMobile() })]
    const a = await addPatient(first, { mobile })
    const b = await addPatient(second, { mobile })
    const c = await addPatient(ownNumber, { mobile })
    const bystander = await addPatient(first)
    await send(mobile, DEFAULT_FROM, 'UNSUBSCRIBE')
    expect((await smsOf(first, a.id)).optOut).toMatchObject({ source: 'sms-stop' })
    expect((await smsOf(second, b.id)).optOut).toMatchObject({ source: 'sms-stop' })
    // A practice with its own number never texts from the shared one: a STOP there is not about it.
    expect((await smsOf(ownNumber, c.id)).optOut).toBeNull()
    expect((await db().doc(`practices/${first}/patients/${bystander.id}`).get()).get('optOut.sms')).toBeUndefined()
  })
})

describe('unsubscribe', () => {
  async function callUnsubscribe(token: string) {
    const response = await fetch(functionUrl('unsubscribe'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { token } }),
    })
    return (await response.json()) as { result?: { channel: string; practiceName: string }; error?: { status: string; message: string } }
  }

  it('opts out exactly the patient the link names, without signing in', async () => {
    const practiceId = await newPractice()
    const [patient, sibling] = [await addPatient(practiceId), await addPatient(practiceId)]
    const token = signUnsubscribeToken({ practiceId, patientId: patient.id, channel: 'email' }, unsubscribeKey)
    const { result } = await callUnsubscribe(token)
    expect(result).toEqual({ channel: 'email', channelName: 'email', practiceName: 'Harbourside Family Clinic' })
    const after = (await db().doc(`practices/${practiceId}/patients/${patient.id}`).get()).data()!
    expect(after.optOut.email).toMatchObject({ source: 'email-link' })
    expect(after.consent.email).toMatchObject({ granted: false, source: 'email-link' })
    expect(after.consent.sms.granted).toBe(true)
    const untouched = (await db().doc(`practices/${practiceId}/patients/${sibling.id}`).get()).data()!
    expect(untouched.optOut.email).toBeUndefined()
    expect(untouched.consent.email.granted).toBe(true)
  })

  it('refuses a token altered to name someone else, and changes nothing', async () => {
    const practiceId = await newPractice()
    const [patient, victim] = [await addPatient(practiceId), await addPatient(practiceId)]
    const token = signUnsubscribeToken({ practiceId, patientId: patient.id, channel: 'email' }, unsubscribeKey)
    const [payload, signature] = token.split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>
    const tampered = `${Buffer.from(JSON.stringify({ ...claims, patientId: victim.id })).toString('base64url')}.${signature}`
    const { error } = await callUnsubscribe(tampered)
    expect(error).toMatchObject({ status: 'INVALID_ARGUMENT', message: "This unsubscribe link isn't valid. Check that you opened the whole link from the email." })
    expect((await db().doc(`practices/${practiceId}/patients/${victim.id}`).get()).get('optOut.email')).toBeUndefined()
    expect((await db().doc(`practices/${practiceId}/patients/${patient.id}`).get()).get('optOut.email')).toBeUndefined()
  })
})

describe('resendInvite', () => {
  async function member(practiceId: string, role: 'owner' | 'staff') {
    const account = await createAccount(`Resend ${role}`)
    await db().doc(`practices/${practiceId}/members/${account.uid}`).set({ uid: account.uid, email: account.email, displayName: role, role, createdAt: FieldValue.serverTimestamp() })
    return signedInClient(account.email, account.password)
  }

  it('sends the invite again by email now, through the outbox, and audits it; reception may too', async () => {
    const practiceId = await newPractice()
    const patient = await addPatient(practiceId)
    const appointmentId = await book(practiceId, [patient], { start: new Date(Date.now() + 48 * HOUR) })
    const owner = await member(practiceId, 'owner')
    const result = await owner.call<{ reminderId: string; state: string }>('resendInvite', { practiceId, appointmentId, patientId: patient.id, channel: 'email' })
    expect(result).toMatchObject({ state: 'sent' })
    expect(result.reminderId).toMatch(new RegExp(`^${patient.id}_resend-\\d+_email$`))
    const mail = (await mailFor(appointmentId, result.reminderId)).data()!
    expect(mail.to).toBe(patient.email)
    expect(mail.message.text).toMatch(/\/join\/\S+/)
    const resent = () => db().collection(`practices/${practiceId}/audit`).where('action', '==', 'invite.resent').get()
    expect((await resent()).docs.map((d) => d.get('details.patientId'))).toEqual([patient.id])

    // Reception, who books most visits, sends links too.
    const staff = await member(practiceId, 'staff')
    expect(await staff.call('resendInvite', { practiceId, appointmentId, patientId: patient.id, channel: 'email' })).toMatchObject({ state: 'sent' })
    expect((await resent()).docs.map((d) => d.get('actor.role')).sort()).toEqual(['owner', 'staff'])
  })
})
