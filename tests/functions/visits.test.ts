import { randomUUID } from 'node:crypto'
import { FieldValue, type Timestamp } from 'firebase-admin/firestore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { practiceDateOf } from '../../functions/src/domain/calendar'
import { formatPracticeDate, formatPracticeTime } from '../../functions/src/domain/schedule'
import { patientUid, type EndVisitResult, type MediaAccess, type PatientClaims, type StartVisitResult } from '../../functions/src/domain/visit'
import { adjustCredits, balanceOf } from './support/credits'
import { admin, closeClients, createAccount, customTokenClient, emulatorClient, expectCallableError, signedInClient } from './support/emulators'
import { seedVideoAppointment } from './support/videoAppointments'

const practiceId = `fn-visits-${randomUUID().slice(0, 8)}`
const TIME_ZONE = 'Australia/Sydney'
const MINUTE = 60_000
const practice = () => admin().db.doc(`practices/${practiceId}`)
const visitDoc = (appointmentId: string) => practice().collection('visits').doc(appointmentId)
type Account = Awaited<ReturnType<typeof createAccount>>
interface Caller {
  call: <T = unknown>(name: string, data: unknown) => Promise<T>
}
let owner: Account, staff: Account, drA: Account, drB: Account
let asOwner: Caller, asStaff: Caller, asDrA: Caller, asDrB: Caller

/**
 * A patient's browser after the code was accepted: signed in with a custom token carrying `{ patient }` claims,
 * minted here with the Admin SDK as redeemInvite will mint it.
 */
async function patientClient(claims: PatientClaims): Promise<Caller & { uid: string }> {
  const uid = patientUid(claims.inviteId)
  const client = await customTokenClient(await admin().auth.createCustomToken(uid, { patient: claims }))
  return { uid, call: client.call }
}

async function addMember(account: Account, role: string) {
  await practice().collection('members').doc(account.uid).set({ uid: account.uid, email: account.email, displayName: role, role, createdAt: FieldValue.serverTimestamp() })
}

/** A scheduled video appointment of Dr A starting `startsInMinutes` from now (negative: in the past), with an active invite per patient. */
function videoAppointment(startsInMinutes: number, options: { patients?: string[]; durationMinutes?: number } = {}) {
  return seedVideoAppointment({
    practiceId,
    practitionerId: drA.uid,
    practitionerName: 'Dr Alpha',
    start: new Date(Date.now() + startsInMinutes * MINUTE),
    durationMinutes: options.durationMinutes,
    patients: options.patients ?? ['p1'],
    patientName: (id) => ({ firstName: `First ${id}`, lastName: `Last ${id}` }),
  })
}

const auditOf = async (appointmentId: string, action: string) =>
  (await practice().collection('audit').where('target.id', '==', appointmentId).where('action', '==', action).get()).docs

beforeAll(async () => {
  await practice().set({ name: 'Visits Clinic', timeZone: TIME_ZONE, phone: '+61290000004', settings: { joinWindowMinutes: 10, reminderOffsetsHours: [24, 2], idleTimeoutMinutes: 15 } })
  // Enough credit for every Start in this file; Start with too little is tested in billing.test.ts.
  await adjustCredits(practiceId, 1_000)
  ;[owner, staff, drA, drB] = await Promise.all([createAccount('Owner'), createAccount('Staff'), createAccount('Dr A'), createAccount('Dr B')])
  await Promise.all([addMember(owner, 'owner'), addMember(staff, 'staff'), addMember(drA, 'practitioner'), addMember(drB, 'practitioner')])
  asOwner = await signedInClient(owner.email, owner.password)
  asStaff = await signedInClient(staff.email, staff.password)
  asDrA = await signedInClient(drA.email, drA.password)
  asDrB = await signedInClient(drB.email, drB.password)
})
afterAll(async () => {
  await closeClients()
})

describe('startVisit', () => {
  it('makes the visit live inside the join window, with a media key, and audits it', async () => {
    const { appointmentId, ref } = await videoAppointment(5, { patients: ['p1', 'p2'] })
    const result = await asDrA.call<StartVisitResult>('startVisit', ref)
    expect(result).toMatchObject({ status: 'live', mediaProvider: 'webrtc', creditsEstimate: { blocks: 2, patients: 2, credits: 8 } })

    const visit = (await visitDoc(appointmentId).get()).data()!
    expect(visit).toMatchObject({
      status: 'live',
      practitionerId: drA.uid,
      patientIds: ['p1', 'p2'],
      joinedPatientIds: [],
      mediaProvider: 'webrtc',
      endedAt: null,
      endedBy: null,
    })
    expect((visit.practitionerJoinedAt as Timestamp).toDate().toISOString()).toBe(result.practitionerJoinedAt)
    const key = (await visitDoc(appointmentId).collection('private').doc('media').get()).data()!
    expect(key.key).toMatch(/^[0-9a-f]{64}$/)
    expect(Buffer.from(key.salt as string, 'base64')).toHaveLength(32)
    const audit = await auditOf(appointmentId, 'visit.started')
    expect(audit.map((d) => d.get('actor'))).toEqual([{ uid: drA.uid, role: 'practitioner' }])
  })

  it('keeps the first start time and media key when the practitioner presses Start again', async () => {
    const { appointmentId, ref } = await videoAppointment(-5)
    const first = await asDrA.call<StartVisitResult>('startVisit', ref)
    const key = (await visitDoc(appointmentId).collection('private').doc('media').get()).get('key')
    await new Promise((r) => setTimeout(r, 20))
    const second = await asDrA.call<StartVisitResult>('startVisit', ref)
    expect(second.practitionerJoinedAt).toBe(first.practitionerJoinedAt)
    expect((await visitDoc(appointmentId).collection('private').doc('media').get()).get('key')).toBe(key)
    expect(await auditOf(appointmentId, 'visit.started')).toHaveLength(1)
  })

  it('refuses before the window opens, saying when it opens in the practice time zone', async () => {
    const { appointmentId, start, ref } = await videoAppointment(30)
    const opensAt = new Date(start.getTime() - 10 * MINUTE)
    const when =
      practiceDateOf(opensAt, TIME_ZONE) === practiceDateOf(new Date(), TIME_ZONE)
        ? formatPracticeTime(opensAt, TIME_ZONE)
        : `${formatPracticeTime(opensAt, TIME_ZONE)} on ${formatPracticeDate(opensAt, TIME_ZONE)}`
    await expectCallableError(asDrA.call('startVisit', ref), 'failed-precondition', `The visit can be started from ${when}.`)
    expect((await visitDoc(appointmentId).get()).exists).toBe(false)
  })

  it('refuses once the appointment and its overrun allowance are over', async () => {
    const { appointmentId, ref } = await videoAppointment(-120)
    await expectCallableError(asDrA.call('startVisit', ref), 'failed-precondition', 'This appointment is over: the visit can no longer be started.')
    expect((await visitDoc(appointmentId).get()).exists).toBe(false)
  })

  it('refuses another practitioner, staff, an owner who is not the practitioner, and a patient', async () => {
    const { appointmentId, ref, claims } = await videoAppointment(0)
    const refusal = "Only the appointment's practitioner can start the visit."
    await expectCallableError(asDrB.call('startVisit', ref), 'permission-denied', refusal)
    await expectCallableError(asStaff.call('startVisit', ref), 'permission-denied', refusal)
    await expectCallableError(asOwner.call('startVisit', ref), 'permission-denied', refusal)
    const patient = await patientClient(claims.p1!)
    await expectCallableError(patient.call('startVisit', ref), 'permission-denied', refusal)
    expect((await visitDoc(appointmentId).get()).exists).toBe(false)
  })

  it('refuses a cancelled appointment', async () => {
    const { appointmentId, ref } = await videoAppointment(0)
    await practice().collection('appointments').doc(appointmentId).update({ status: 'cancelled' })
    await expectCallableError(asDrA.call('startVisit', ref), 'failed-precondition', 'This appointment has been cancelled.')
  })
})

describe('getMediaAccess', () => {
  it('admits a patient only after Start, and records that they joined', async () => {
    const { appointmentId, ref, claims } = await videoAppointment(5, { patients: ['p1', 'p2'] })
    const patient = await patientClient(claims.p1!)
    await expectCallableError(patient.call('getMediaAccess', ref), 'failed-precondition', 'The visit has not started yet.')

    await asDrA.call('startVisit', ref)
    const before = Date.now()
    const access = await patient.call<MediaAccess>('getMediaAccess', ref)
    expect(access).toMatchObject({ provider: 'webrtc', uid: patient.uid, iceServers: [] })
    // An hour at most (the window closes 90 minutes after this start, later than that).
    const expiresAt = new Date(access.expiresAt).getTime()
    expect(expiresAt).toBeGreaterThanOrEqual(before + 60 * MINUTE)
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 60 * MINUTE)
    expect((await visitDoc(appointmentId).get()).get('joinedPatientIds')).toEqual(['p1'])

    // Renewing does not count the patient twice; the practitioner joins without being counted.
    await patient.call('getMediaAccess', ref)
    const practitionerAccess = await asDrA.call<MediaAccess>('getMediaAccess', ref)
    expect(practitionerAccess).toMatchObject({ provider: 'webrtc', uid: drA.uid })
    expect((await visitDoc(appointmentId).get()).get('joinedPatientIds')).toEqual(['p1'])
  })

  it('ends access with the join window when that comes before the hour is up', async () => {
    // Started 80 minutes ago, booked for 30: the window closes 10 minutes from now.
    const { ref } = await videoAppointment(-80)
    await asDrA.call('startVisit', ref)
    const access = await asDrA.call<MediaAccess>('getMediaAccess', ref)
    const closesIn = new Date(access.expiresAt).getTime() - Date.now()
    expect(closesIn).toBeGreaterThan(9 * MINUTE)
    expect(closesIn).toBeLessThanOrEqual(10 * MINUTE)
  })

  it('refuses a patient token for another appointment, and staff or another practitioner', async () => {
    const mine = await videoAppointment(0)
    const other = await videoAppointment(0)
    await asDrA.call('startVisit', mine.ref)
    const otherPatient = await patientClient(other.claims.p1!)
    await expectCallableError(otherPatient.call('getMediaAccess', mine.ref), 'permission-denied', 'Your visit link is for a different visit.')
    // Claims naming this appointment but an invite issued for the other one are no better.
    const forged = await patientClient({ ...other.claims.p1!, appointmentId: mine.appointmentId })
    await expectCallableError(forged.call('getMediaAccess', mine.ref), 'permission-denied', 'This visit link is no longer valid. Ask the practice for a new one.')
    const refusal = "Only the appointment's practitioner and its patients can join this visit."
    await expectCallableError(asStaff.call('getMediaAccess', mine.ref), 'permission-denied', refusal)
    await expectCallableError(asDrB.call('getMediaAccess', mine.ref), 'permission-denied', refusal)
    expect((await visitDoc(mine.appointmentId).get()).get('joinedPatientIds')).toEqual([])
  })

  it('refuses a patient whose link was revoked or who was taken off the appointment', async () => {
    const { appointmentId, ref, claims } = await videoAppointment(0, { patients: ['p1', 'p2'] })
    await asDrA.call('startVisit', ref)
    await admin().db.doc(`invites/${claims.p1!.inviteId}`).update({ status: 'revoked' })
    const revoked = await patientClient(claims.p1!)
    await expectCallableError(revoked.call('getMediaAccess', ref), 'permission-denied', 'This visit link has been cancelled. Ask the practice for a new one.')
    await practice().collection('appointments').doc(appointmentId).update({ patientIds: ['p1'] })
    const removed = await patientClient(claims.p2!)
    await expectCallableError(removed.call('getMediaAccess', ref), 'permission-denied', 'You are no longer booked for this visit. Call the practice if this is a mistake.')
  })
})

describe('getMediaAccess prefetch (while waiting, so Start needs no round trip)', () => {
  it('hands a waiting patient access before Start without recording a join, and the join after Start records it', async () => {
    const { appointmentId, ref, claims } = await videoAppointment(5, { patients: ['p1', 'p2'] })
    const patient = await patientClient(claims.p1!)
    const prefetched = await patient.call<MediaAccess>('getMediaAccess', { ...ref, purpose: 'prefetch' })
    expect(prefetched).toMatchObject({ provider: 'webrtc', uid: patient.uid, iceServers: [] })
    // No visit yet: a prefetch neither starts one nor counts anyone.
    expect((await visitDoc(appointmentId).get()).exists).toBe(false)

    await asDrA.call('startVisit', ref)
    await patient.call('getMediaAccess', { ...ref, purpose: 'prefetch' })
    expect((await visitDoc(appointmentId).get()).get('joinedPatientIds')).toEqual([])
    // The join (the default purpose, as before) is what billing counts.
    await patient.call('getMediaAccess', { ...ref, purpose: 'join' })
    expect((await visitDoc(appointmentId).get()).get('joinedPatientIds')).toEqual(['p1'])
  })

  it('charges nothing for a patient who only waited (prefetched) and never joined', async () => {
    const { appointmentId, ref, claims } = await videoAppointment(0)
    const patient = await patientClient(claims.p1!)
    await patient.call('getMediaAccess', { ...ref, purpose: 'prefetch' })
    await asDrA.call('startVisit', ref)
    await patient.call('getMediaAccess', { ...ref, purpose: 'prefetch' })
    const result = await asDrA.call<EndVisitResult>('endVisit', ref)
    expect(result).toMatchObject({ status: 'ended', creditsEstimate: { patients: 0, credits: 0 }, creditsCharged: 0 })
    expect((await visitDoc(appointmentId).get()).get('joinedPatientIds')).toEqual([])
    expect((await practice().collection('creditLedger').doc(`visit_${appointmentId}`).get()).exists).toBe(false)
  })

  it('refuses a prefetch outside the join window, after the visit ended, and to anyone the join refuses', async () => {
    const early = await videoAppointment(60)
    const earlyPatient = await patientClient(early.claims.p1!)
    await expect(earlyPatient.call('getMediaAccess', { ...early.ref, purpose: 'prefetch' })).rejects.toMatchObject({
      code: 'functions/failed-precondition',
      message: expect.stringMatching(/^The visit can be joined from /),
    })

    const { ref, claims } = await videoAppointment(0)
    const patient = await patientClient(claims.p1!)
    const refusal = "Only the appointment's practitioner and its patients can join this visit."
    await expectCallableError(asStaff.call('getMediaAccess', { ...ref, purpose: 'prefetch' }), 'permission-denied', refusal)
    await asDrA.call('startVisit', ref)
    await asDrA.call('endVisit', ref)
    await expectCallableError(patient.call('getMediaAccess', { ...ref, purpose: 'prefetch' }), 'failed-precondition', 'This visit has ended.')
    await expectCallableError(asDrA.call('getMediaAccess', { ...ref, purpose: 'prefetch' }), 'failed-precondition', 'This visit has ended.')
  })

  it('refuses a purpose it does not know', async () => {
    const { ref } = await videoAppointment(0)
    await expectCallableError(asDrA.call('getMediaAccess', { ...ref, purpose: 'spy' }), 'invalid-argument')
  })
})

describe('warm-up calls', () => {
  it('answers { warm: true } at once for the callables a visit uses, whoever asks, changing nothing', async () => {
    const { appointmentId } = await videoAppointment(0)
    for (const name of ['startVisit', 'getMediaAccess', 'endVisit']) {
      expect(await asStaff.call(name, { warm: true })).toEqual({ warm: true })
    }
    expect((await visitDoc(appointmentId).get()).exists).toBe(false)
    // Anything more than the warm-up flag is a real request, checked as ever.
    await expectCallableError(asStaff.call('startVisit', { warm: true, practiceId, appointmentId }), 'invalid-argument')
  })
})

describe('leaveVisit', () => {
  it("uses up the patient's link, shows them as left, and refuses them media access afterwards", async () => {
    const { appointmentId, ref, claims } = await videoAppointment(0)
    await asDrA.call('startVisit', ref)
    const patient = await patientClient(claims.p1!)
    await patient.call('getMediaAccess', ref)
    const participant = visitDoc(appointmentId).collection('participants').doc(patient.uid)
    await participant.set({ role: 'patient', patientId: 'p1', screenName: 'Amelia', state: 'in-visit', connection: 'good', media: { audio: true, video: true, screen: false }, joinedAt: new Date(), lastSeenAt: new Date() })

    expect(await patient.call('leaveVisit', ref)).toEqual({ state: 'left' })
    const invite = await admin().db.doc(`invites/${claims.p1!.inviteId}`).get()
    expect(invite.get('status')).toBe('used')
    expect(invite.get('usedAt')).toBeDefined()
    expect((await participant.get()).get('state')).toBe('left')
    await expectCallableError(
      patient.call('getMediaAccess', ref),
      'permission-denied',
      'You left this visit, so this link no longer admits you. Call the practice if you need to rejoin.',
    )
    // Clicking End call twice (or a retry) is harmless.
    expect(await patient.call('leaveVisit', ref)).toEqual({ state: 'left' })
    expect((await admin().db.doc(`invites/${claims.p1!.inviteId}`).get()).get('usedAt')).toEqual(invite.get('usedAt'))
  })

  it('is for patients only', async () => {
    const { ref } = await videoAppointment(0)
    await expectCallableError(asDrA.call('leaveVisit', ref), 'permission-denied', 'Only a patient leaves a visit this way; the practitioner ends it for everyone.')
  })
})

describe('endVisit', () => {
  it('ends the visit for everyone: access refused, presence left, signalling and media key deleted, credits charged', async () => {
    const { appointmentId, ref, claims } = await videoAppointment(0, { patients: ['p1', 'p2'] })
    await asDrA.call('startVisit', ref)
    const patient = await patientClient(claims.p1!)
    await patient.call('getMediaAccess', ref)
    const visit = visitDoc(appointmentId)
    const presence = { screenName: 'x', state: 'in-visit', connection: 'great', media: { audio: true, video: true, screen: false }, joinedAt: new Date(), lastSeenAt: new Date() }
    await visit.collection('participants').doc(patient.uid).set({ ...presence, role: 'patient', patientId: 'p1' })
    await visit.collection('participants').doc(drA.uid).set({ ...presence, role: 'practitioner', patientId: null })
    await Promise.all(
      ['offer', 'answer', 'candidate'].map((type) => visit.collection('signals').add({ from: drA.uid, to: patient.uid, type, payload: '{}', createdAt: new Date() })),
    )

    const result = await asDrA.call<EndVisitResult>('endVisit', ref)
    // Ended seconds after Start with one patient in: one started block.
    expect(result).toMatchObject({ status: 'ended', endedBy: drA.uid, creditsEstimate: { blocks: 1, patients: 1, credits: 2 }, creditsCharged: 2 })
    const ended = (await visit.get()).data()!
    expect(ended).toMatchObject({
      status: 'ended',
      endedBy: drA.uid,
      endReason: 'ended-by-practitioner',
      creditsEstimate: { blocks: 1, patients: 1, credits: 2 },
      creditsCharged: 2,
      ledgerEntryId: `visit_${appointmentId}`,
    })
    expect((await practice().collection('creditLedger').doc(`visit_${appointmentId}`).get()).get('delta')).toBe(-2)
    expect((ended.endedAt as Timestamp).toDate().toISOString()).toBe(result.endedAt)
    const states = (await visit.collection('participants').get()).docs.map((d) => d.get('state'))
    expect(states).toEqual(['left', 'left'])
    expect((await visit.collection('signals').get()).size).toBe(0)
    expect((await visit.collection('private').doc('media').get()).exists).toBe(false)
    const audit = await auditOf(appointmentId, 'visit.ended')
    expect(audit.map((d) => d.get('details'))).toEqual([{ blocks: 1, patients: 1, credits: 2, reason: 'ended-by-practitioner' }])

    await expectCallableError(patient.call('getMediaAccess', ref), 'failed-precondition', 'This visit has ended.')
    await expectCallableError(asDrA.call('getMediaAccess', ref), 'failed-precondition', 'This visit has ended.')
    await expectCallableError(asDrA.call('startVisit', ref), 'failed-precondition', 'This visit has ended and cannot be started again.')

    // Ending again changes nothing and says the same.
    const balance = await balanceOf(practiceId)
    expect(await asDrA.call<EndVisitResult>('endVisit', ref)).toEqual(result)
    expect(await balanceOf(practiceId)).toBe(balance)
    expect(await auditOf(appointmentId, 'visit.ended')).toHaveLength(1)
  })

  it('lets an owner end it, but not staff, another practitioner or a patient', async () => {
    const { appointmentId, ref, claims } = await videoAppointment(0)
    await asDrA.call('startVisit', ref)
    const refusal = "Only the appointment's practitioner or a practice owner can end the visit."
    await expectCallableError(asStaff.call('endVisit', ref), 'permission-denied', refusal)
    await expectCallableError(asDrB.call('endVisit', ref), 'permission-denied', refusal)
    const patient = await patientClient(claims.p1!)
    await expectCallableError(patient.call('endVisit', ref), 'permission-denied', refusal)
    expect((await visitDoc(appointmentId).get()).get('status')).toBe('live')

    const result = await asOwner.call<EndVisitResult>('endVisit', ref)
    expect(result).toMatchObject({ status: 'ended', endedBy: owner.uid, creditsEstimate: { blocks: 1, patients: 0, credits: 0 }, creditsCharged: 0 })
    // Nobody joined: nothing charged, no ledger entry.
    expect((await practice().collection('creditLedger').doc(`visit_${appointmentId}`).get()).exists).toBe(false)
    expect((await auditOf(appointmentId, 'visit.ended')).map((d) => d.get('actor'))).toEqual([{ uid: owner.uid, role: 'owner' }])
  })

  it('has nothing to end before Start', async () => {
    const { ref } = await videoAppointment(0)
    await expectCallableError(asDrA.call('endVisit', ref), 'failed-precondition', 'The visit has not started, so there is nothing to end.')
  })
})

describe('visit callables', () => {
  it('refuse callers who are not signed in and malformed references', async () => {
    const { ref } = await videoAppointment(0)
    const anonymous = emulatorClient()
    for (const name of ['startVisit', 'getMediaAccess', 'leaveVisit', 'endVisit']) {
      await expectCallableError(anonymous.call(name, ref), 'unauthenticated', 'Sign in, or open your visit link again, to continue.')
    }
    await expectCallableError(asDrA.call('startVisit', { practiceId, appointmentId: 'a/b' }), 'invalid-argument', 'The visit reference is malformed.')
  })
})
