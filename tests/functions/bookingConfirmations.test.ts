/**
 * Booking confirmations against the emulators: saveAppointment (as reception) books a video visit, and each patient
 * gets one confirmation with their own link by every channel they consented to, through the reminders' outbox, the
 * dev mail collection and the fake Twilio the Functions emulator texts through (FAKE_TWILIO_URL). Once per patient
 * per booking; never on an edit; a patient added later gets theirs; none when the practice turned them off.
 */
import { randomInt } from 'node:crypto'
import { FieldValue } from 'firebase-admin/firestore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deriveInviteSecrets } from '../../functions/src/invites/inviteSecrets'
import { uniqueId } from '../factories/ids'
import { aPatient, aPractice, aPracticeSettings, type PatientDoc } from '../factories/practice'
import { admin, closeClients, createAccount, eventually, signedInClient } from './support/emulators'

const HOUR = 3_600_000
const inviteKey = process.env.INVITE_KEY ?? ''
const fakeTwilio = process.env.FAKE_TWILIO_URL ?? ''
const db = () => admin().db
type Client = Awaited<ReturnType<typeof signedInClient>>

interface Clinic {
  practiceId: string
  staff: Client
  practitionerId: string
}

async function newClinic(settings: Record<string, unknown> = {}): Promise<Clinic> {
  const practiceId = uniqueId('fn-booking')
  await db().doc(`practices/${practiceId}`).set(aPractice({ name: 'Harbourside Family Clinic', settings: { ...aPracticeSettings(), ...settings } as never }))
  const [staff, practitioner] = await Promise.all([createAccount('Reception'), createAccount('Dr Booking')])
  await db().doc(`practices/${practiceId}/members/${staff.uid}`).set({ uid: staff.uid, email: staff.email, displayName: 'Reception', role: 'staff', createdAt: FieldValue.serverTimestamp() })
  await db()
    .doc(`practices/${practiceId}/members/${practitioner.uid}`)
    .set({ uid: practitioner.uid, email: practitioner.email, displayName: 'Dr Sam Patel', role: 'practitioner', createdAt: FieldValue.serverTimestamp() })
  return { practiceId, staff: await signedInClient(staff.email, staff.password), practitionerId: practitioner.uid }
}

async function addPatient(practiceId: string, overrides: Partial<PatientDoc> = {}) {
  const patientId = uniqueId('patient')
  // Addresses of their own: the mail collection and the fake Twilio are shared with every other test file.
  const patient = aPatient({ email: `${patientId}@mail.example`, mobile: `+614${String(randomInt(10_000_000, 99_999_999))}`, ...overrides })
  await db().doc(`practices/${practiceId}/patients/${patientId}`).set(patient)
  return { id: patientId, ...patient }
}

function save(clinic: Clinic, patientIds: string[], extra: Record<string, unknown> = {}) {
  return clinic.staff.call<{ appointmentId: string }>('saveAppointment', {
    practiceId: clinic.practiceId,
    practitionerId: clinic.practitionerId,
    // Two hours ahead: every reminder time (24 h, 2 h) has already passed, so only the confirmation reaches them.
    start: new Date(Date.now() + 2 * HOUR - 60_000).toISOString(),
    durationMinutes: 30,
    location: 'video',
    patientIds,
    allowOverlap: true,
    ...extra,
  })
}

const outbox = async (clinic: Clinic, appointmentId: string) =>
  Object.fromEntries(
    (await db().collection(`practices/${clinic.practiceId}/appointments/${appointmentId}/reminders`).where('kind', '==', 'booking-confirmation').get()).docs.map(
      (d) => [d.id, d.data()],
    ),
  )
const mailTo = async (email: string) => (await db().collection('mail').where('to', '==', email).get()).docs.map((d) => d.data())
const textsTo = async (mobile: string) =>
  ((await (await fetch(`${fakeTwilio}/__messages`)).json()) as { to: string; body: string }[]).filter((m) => m.to === mobile)

async function linkOf(appointmentId: string, patientId: string) {
  const [invite] = (await db().collection('invites').where('appointmentId', '==', appointmentId).where('patientId', '==', patientId).where('status', '==', 'active').get()).docs
  return deriveInviteSecrets(inviteKey, invite!.get('nonce') as string)
}

beforeAll(() => {
  if (!inviteKey || !fakeTwilio) throw new Error('INVITE_KEY or FAKE_TWILIO_URL is not in the environment: run these tests through `npm test`.')
})
afterAll(closeClients)

describe('booking confirmations', () => {
  it('sends each patient their own link by email and SMS once, on booking, by first name only', async () => {
    const clinic = await newClinic()
    const [amelia, oliver] = [await addPatient(clinic.practiceId), await addPatient(clinic.practiceId)]
    const { appointmentId } = await save(clinic, [amelia!.id, oliver!.id])

    const states = await outbox(clinic, appointmentId)
    expect(Object.keys(states).sort()).toEqual([amelia!, oliver!].flatMap((p) => [`${p.id}_booking_email`, `${p.id}_booking_sms`]).sort())
    expect(Object.values(states).map((s) => s.state)).toEqual(['sent', 'sent', 'sent', 'sent'])

    for (const patient of [amelia!, oliver!]) {
      const { token, code } = await linkOf(appointmentId, patient.id)
      const [mail, ...moreMail] = await mailTo(patient.email!)
      expect(moreMail).toEqual([])
      expect(mail!.message.subject).toMatch(/^Booked: your video consultation with Dr Sam Patel on /)
      expect(mail!.message.text).toContain(`Hi ${patient.firstName},`)
      expect(mail!.message.text).toContain(`/join/${token}`)
      expect(mail!.message.text).toContain(code)
      const [text, ...moreTexts] = await textsTo(patient.mobile!)
      expect(moreTexts).toEqual([])
      expect(text!.body).toContain(`/join/${token}`)
      expect(text!.body).toContain('Reply STOP to opt out.')
      for (const message of [mail!.message.text as string, mail!.message.subject as string, text!.body]) {
        expect(message).not.toContain(patient.lastName)
        expect(message).not.toContain(patient.dateOfBirth)
      }
    }
    const sent = await db().collection(`practices/${clinic.practiceId}/audit`).where('action', '==', 'reminder.sent').where('details.appointmentId', '==', appointmentId).get()
    expect(sent.docs.map((d) => d.get('details.kind'))).toEqual(['booking-confirmation', 'booking-confirmation', 'booking-confirmation', 'booking-confirmation'])
  })

  it('sends nothing again on an edit, and confirms a patient added later', async () => {
    const clinic = await newClinic()
    const [amelia, oliver] = [await addPatient(clinic.practiceId), await addPatient(clinic.practiceId)]
    const { appointmentId } = await save(clinic, [amelia!.id])
    await save(clinic, [amelia!.id], { appointmentId, notes: 'Moved to the afternoon', durationMinutes: 45 })
    await save(clinic, [amelia!.id, oliver!.id], { appointmentId })

    expect(await mailTo(amelia!.email!)).toHaveLength(1)
    expect(await textsTo(amelia!.mobile!)).toHaveLength(1)
    expect(await mailTo(oliver!.email!)).toHaveLength(1)
    expect(await textsTo(oliver!.mobile!)).toHaveLength(1)
    expect(Object.keys(await outbox(clinic, appointmentId))).toHaveLength(4)
  })

  it('respects consent and opt-outs, saying why in the outbox', async () => {
    const clinic = await newClinic()
    const noSms = await addPatient(clinic.practiceId, {
      consent: { email: { granted: true, updatedAt: new Date(), source: 'intake-form' }, sms: { granted: false, updatedAt: new Date(), source: 'intake-form' } },
    } as Partial<PatientDoc>)
    const optedOut = await addPatient(clinic.practiceId, { optOut: { email: { at: new Date(), source: 'unsubscribe-link' } } } as Partial<PatientDoc>)
    const { appointmentId } = await save(clinic, [noSms.id, optedOut.id])

    const states = await outbox(clinic, appointmentId)
    expect(states[`${noSms.id}_booking_sms`]).toMatchObject({ state: 'skipped', reason: 'No SMS consent' })
    expect(states[`${noSms.id}_booking_email`]).toMatchObject({ state: 'sent' })
    expect(states[`${optedOut.id}_booking_email`]).toMatchObject({ state: 'skipped', reason: 'Opted out of email' })
    expect(states[`${optedOut.id}_booking_sms`]).toMatchObject({ state: 'sent' })
    expect(await textsTo(noSms.mobile!)).toEqual([])
    expect(await mailTo(optedOut.email!)).toEqual([])
  })

  it('sends none when the practice turned them off, and none later when it is turned back on', async () => {
    const clinic = await newClinic({ bookingConfirmation: false })
    const patient = await addPatient(clinic.practiceId)
    const { appointmentId } = await save(clinic, [patient.id])
    const states = await outbox(clinic, appointmentId)
    expect(Object.values(states).map((s) => [s.state, s.reason])).toEqual([
      ['skipped', 'Booking confirmations are turned off'],
      ['skipped', 'Booking confirmations are turned off'],
    ])

    await db().doc(`practices/${clinic.practiceId}`).update({ 'settings.bookingConfirmation': true })
    await save(clinic, [patient.id], { appointmentId, notes: 'Edited after the setting came back on' })
    expect(await mailTo(patient.email!)).toEqual([])
    expect(await textsTo(patient.mobile!)).toEqual([])
  })

  it('sends none for phone or in-person appointments', async () => {
    const clinic = await newClinic()
    const patient = await addPatient(clinic.practiceId)
    const { appointmentId } = await save(clinic, [patient.id], { location: 'phone' })
    // planReminders has answered the booking (its reminders are planned) and no confirmation was written.
    await eventually(async () => ((await db().collection(`practices/${clinic.practiceId}/appointments/${appointmentId}/reminders`).get()).empty ? undefined : true))
    expect(await outbox(clinic, appointmentId)).toEqual({})
    expect(await mailTo(patient.email!)).toEqual([])
  })
})
