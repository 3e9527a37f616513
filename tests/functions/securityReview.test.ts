/**
 * The attacks of the security review (issue 8) against the functions, each as a test that failed on the earlier
 * code: member onboarding takeover, a removed patient's presence, a cancelled appointment's live visit, ids used as
 * paths, hostile dates and prototype keys. SMS START/STOP is in reminders.test.ts; the fuzzing of every callable in
 * callableFuzz.test.ts; the rules side in tests/rules/securityReview.test.ts.
 */
import { randomUUID } from 'node:crypto'
import { FieldValue, Timestamp } from 'firebase-admin/firestore'
import { createUserWithEmailAndPassword, signInWithEmailAndPassword } from 'firebase/auth'
import { doc, getDoc } from 'firebase/firestore'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { patientUid } from '../../functions/src/domain/visit'
import { admin, closeClients, createAccount, customTokenClient, emulatorClient, eventually, expectCallableError, rawCall, signedInClient } from './support/emulators'
import { adjustCredits } from './support/credits'
import { seedVideoAppointment } from './support/videoAppointments'

// Each attack is a sequence of calls; on a loaded machine that takes longer than the project's default.
vi.setConfig({ testTimeout: 180_000 })

const practiceId = `fn-security-${randomUUID().slice(0, 8)}`
const MINUTE = 60_000
const practice = () => admin().db.doc(`practices/${practiceId}`)
type Account = Awaited<ReturnType<typeof createAccount>>
let owner: Account, drA: Account
let asOwner: Awaited<ReturnType<typeof signedInClient>>, asDrA: Awaited<ReturnType<typeof signedInClient>>

async function addMemberDirectly(account: Account, role: string) {
  await practice().collection('members').doc(account.uid).set({ uid: account.uid, email: account.email, displayName: role, role, createdAt: FieldValue.serverTimestamp() })
}

/** The link token in the invitation email the `mail` collection holds for `email`. */
async function invitationTokenFromMail(email: string): Promise<string> {
  return eventually(async () => {
    const mail = await admin().db.collection('mail').where('to', '==', email).where('kind', '==', 'member-invitation').get()
    const newest = mail.docs.map((d) => d.data()).sort((a, b) => (b.createdAt?.toMillis() ?? 0) - (a.createdAt?.toMillis() ?? 0))[0]
    const match = String(newest?.message?.text ?? '').match(/\/invitation\/([A-Za-z0-9_-]{22})/)
    return match?.[1]
  })
}

/** A scheduled video appointment of Dr A, in progress, with an active invite per patient. */
function videoAppointment(patients: string[] = ['p1']) {
  return seedVideoAppointment({
    practiceId,
    practitionerId: drA.uid,
    practitionerName: 'Dr A',
    start: new Date(Date.now() - 5 * MINUTE),
    patients,
    patientName: (id) => ({ firstName: id, lastName: id }),
  })
}

beforeAll(async () => {
  await practice().set({ name: 'Security Clinic', timeZone: 'Australia/Sydney', phone: '+61290000007', settings: { joinWindowMinutes: 10, reminderOffsetsHours: [24, 2], idleTimeoutMinutes: 15 } })
  ;[owner, drA] = await Promise.all([createAccount('Sec Owner'), createAccount('Sec Dr A')])
  await Promise.all([addMemberDirectly(owner, 'owner'), addMemberDirectly(drA, 'practitioner')])
  for (const p of ['p1', 'p2']) await practice().collection('patients').doc(p).set({ firstName: p, lastName: 'Patient' })
  asOwner = await signedInClient(owner.email, owner.password)
  asDrA = await signedInClient(drA.email, drA.password)
  // Start needs credit for the first block (issue 10).
  await adjustCredits(practiceId, 1_000)
})
afterAll(closeClients)

describe('finding 1: members join only by an emailed invitation that proves control of the address', () => {
  it('a stranger who registered the address first gets nothing, and loses the account to the invitee', async () => {
    const email = `victim.${randomUUID().slice(0, 8)}@test.example`
    // The stranger signs up with the member's address (self sign-up: an unverified account).
    const stranger = emulatorClient()
    const { user: strangerUser } = await createUserWithEmailAndPassword(stranger.auth, email, 'stranger-pass-1')

    await asOwner.call('inviteMember', { practiceId, email, displayName: 'Victim Person', role: 'staff' })
    const token = await invitationTokenFromMail(email)
    // The email carries the link and never a password.
    const mail = (await admin().db.collection('mail').where('to', '==', email).get()).docs[0]!.data()
    expect(mail.message.text).not.toMatch(/password/i)

    // Inviting attached nothing: the stranger's session opens nothing of the practice.
    await expect(getDoc(doc(stranger.db, `practices/${practiceId}`))).rejects.toMatchObject({ code: 'permission-denied' })
    // Nor can the stranger accept as themselves (unverified), even holding the link.
    await expectCallableError(stranger.call('acceptMemberInvitation', { token }), 'permission-denied')

    // The invitee sets their own password from the link: the unverified account is reclaimed for them.
    const accepted = await emulatorClient().call<{ practiceId: string; role: string }>('acceptMemberInvitation', { token, password: 'invitee-pass-1' })
    expect(accepted).toMatchObject({ practiceId, role: 'staff' })
    const member = await practice().collection('members').doc(strangerUser.uid).get()
    expect(member.get('role')).toBe('staff')
    expect((await admin().auth.getUser(strangerUser.uid)).emailVerified).toBe(true)
    // The stranger's password no longer opens it; the invitee's does.
    await expect(signInWithEmailAndPassword(emulatorClient().auth, email, 'stranger-pass-1')).rejects.toBeTruthy()
    const invitee = await signedInClient(email, 'invitee-pass-1')
    await invitee.user.getIdToken(true)
    await expect(getDoc(doc(invitee.db, `practices/${practiceId}`))).resolves.toBeTruthy()

    const actions = (await practice().collection('audit').where('target.type', 'in', ['member', 'memberInvitation']).get()).docs.map((d) => d.get('action'))
    expect(actions).toEqual(expect.arrayContaining(['member.invited', 'member.added']))
  })

  it('a link works once, can be withdrawn, and expires', async () => {
    const used = `once.${randomUUID().slice(0, 8)}@test.example`
    await asOwner.call('inviteMember', { practiceId, email: used, displayName: 'Once', role: 'staff' })
    const token = await invitationTokenFromMail(used)
    await emulatorClient().call('acceptMemberInvitation', { token, password: 'first-pass-1' })
    await expectCallableError(emulatorClient().call('acceptMemberInvitation', { token, password: 'second-pass-1' }), 'failed-precondition')
    await expect(signInWithEmailAndPassword(emulatorClient().auth, used, 'second-pass-1')).rejects.toBeTruthy()

    const withdrawn = `withdrawn.${randomUUID().slice(0, 8)}@test.example`
    const { invitationId } = await asOwner.call<{ invitationId: string }>('inviteMember', { practiceId, email: withdrawn, displayName: 'W', role: 'owner' })
    const withdrawnToken = await invitationTokenFromMail(withdrawn)
    await asOwner.call('revokeMemberInvitation', { practiceId, invitationId })
    await expectCallableError(emulatorClient().call('acceptMemberInvitation', { token: withdrawnToken, password: 'any-pass-12' }), 'failed-precondition')
    expect((await practice().collection('audit').where('action', '==', 'member.invitationRevoked').where('target.id', '==', invitationId).get()).size).toBe(1)

    const late = `late.${randomUUID().slice(0, 8)}@test.example`
    const expiring = await asOwner.call<{ invitationId: string }>('inviteMember', { practiceId, email: late, displayName: 'Late', role: 'staff' })
    const lateToken = await invitationTokenFromMail(late)
    await admin().db.doc(`memberInvitations/${expiring.invitationId}`).update({ expiresAt: Timestamp.fromMillis(Date.now() - 1000) })
    await expectCallableError(emulatorClient().call('acceptMemberInvitation', { token: lateToken, password: 'late-pass-12' }), 'failed-precondition')
    await expect(admin().auth.getUserByEmail(late)).rejects.toBeTruthy()
  })

  it('a verified account must sign in to accept, and only for its own address', async () => {
    const existing = await createAccount('Existing Person')
    await asOwner.call('inviteMember', { practiceId, email: existing.email, displayName: 'Existing', role: 'practitioner' })
    const token = await invitationTokenFromMail(existing.email)
    // Setting a password over a verified account is refused: that would take over a proven account.
    await expectCallableError(emulatorClient().call('acceptMemberInvitation', { token, password: 'takeover-pass-1' }), 'failed-precondition')
    // Another signed-in account cannot accept it.
    await expectCallableError(asDrA.call('acceptMemberInvitation', { token }), 'permission-denied')
    const self = await signedInClient(existing.email, existing.password)
    await self.call('acceptMemberInvitation', { token })
    expect((await practice().collection('members').doc(existing.uid).get()).get('role')).toBe('practitioner')
  })

  it('sign-up alone grants nothing, and only owners invite', async () => {
    const loner = emulatorClient()
    await createUserWithEmailAndPassword(loner.auth, `loner.${randomUUID().slice(0, 8)}@test.example`, 'loner-pass-1')
    await expectCallableError(loner.call('inviteMember', { practiceId, email: 'x@test.example', displayName: 'X', role: 'owner' }), 'permission-denied')
    await expectCallableError(asDrA.call('inviteMember', { practiceId, email: 'y@test.example', displayName: 'Y', role: 'owner' }), 'permission-denied')
    await expect(getDoc(doc(loner.db, `practices/${practiceId}`))).rejects.toMatchObject({ code: 'permission-denied' })
  })

  it('a member whose email is not verified is refused by the callables too', async () => {
    const unverified = await createAccount('Unverified Member', { emailVerified: false })
    await addMemberDirectly(unverified, 'owner')
    const client = await signedInClient(unverified.email, unverified.password)
    await expectCallableError(client.call('inviteMember', { practiceId, email: 'z@test.example', displayName: 'Z', role: 'staff' }), 'permission-denied')
  })
})

describe('finding 2: removing a patient stops their presence and media', () => {
  it('marks the removed patient as left in the visit, and their token reads nothing more', async () => {
    const { appointmentId, ref, claims } = await videoAppointment(['p1', 'p2'])
    const presence = practice().collection('visits').doc(appointmentId).collection('participants').doc(patientUid(claims.p2!.inviteId))
    await presence.set({ role: 'patient', patientId: 'p2', screenName: 'P2', state: 'in-visit', connection: 'good', media: { audio: true, video: true, screen: false }, joinedAt: new Date(), lastSeenAt: new Date() })
    await practice().collection('visits').doc(appointmentId).set({ status: 'live', practitionerId: drA.uid, patientIds: ['p1', 'p2'] })
    const patient = await customTokenClient(await admin().auth.createCustomToken(patientUid(claims.p2!.inviteId), { patient: claims.p2 }))
    await expect(getDoc(doc(patient.db, `practices/${practiceId}/visits/${appointmentId}`))).resolves.toBeTruthy()

    await asDrA.call('saveAppointment', { ...ref, practitionerId: drA.uid, start: new Date(Date.now() - 5 * MINUTE).toISOString(), durationMinutes: 30, location: 'video', patientIds: ['p1'], allowOverlap: true })
    expect((await presence.get()).get('state')).toBe('left')
    await expect(getDoc(doc(patient.db, `practices/${practiceId}/visits/${appointmentId}`))).rejects.toMatchObject({ code: 'permission-denied' })
    await expectCallableError(patient.call('getMediaAccess', ref), 'permission-denied')
  })
})

describe('finding 3: cancelling ends a live visit; ending works whatever the appointment’s state', () => {
  it('cancelling a live visit ends it with the clean-up: media key and signals deleted, presence left', async () => {
    const { appointmentId, ref } = await videoAppointment()
    await asDrA.call('startVisit', ref)
    const visit = practice().collection('visits').doc(appointmentId)
    await visit.collection('signals').doc(`${drA.uid}~0`).set({ from: drA.uid, to: 'x', type: 'offer', payload: '{}', slot: 0, createdAt: new Date() })
    await visit.collection('participants').doc(drA.uid).set({ role: 'practitioner', patientId: null, state: 'in-visit' })

    await asDrA.call('cancelAppointment', { ...ref, reason: 'Unwell' })
    const ended = (await visit.get()).data()!
    expect(ended).toMatchObject({ status: 'ended', endReason: 'appointment-cancelled', endedBy: drA.uid })
    expect((await visit.collection('private').doc('media').get()).exists).toBe(false)
    expect((await visit.collection('signals').get()).size).toBe(0)
    expect((await visit.collection('participants').doc(drA.uid).get()).get('state')).toBe('left')
    const audit = await practice().collection('audit').where('target.id', '==', appointmentId).where('action', '==', 'visit.ended').get()
    expect(audit.docs.map((d) => d.get('details.reason'))).toEqual(['appointment-cancelled'])
  })

  it('endVisit ends a visit whose appointment was cancelled (by an earlier version) and is still live', async () => {
    const { appointmentId, ref } = await videoAppointment()
    await asDrA.call('startVisit', ref)
    await practice().collection('appointments').doc(appointmentId).update({ status: 'cancelled' })
    const result = await asOwner.call<{ status: string }>('endVisit', ref)
    expect(result.status).toBe('ended')
    expect((await practice().collection('visits').doc(appointmentId).get()).get('status')).toBe('ended')
  })
})

describe('finding 4: an id is one document id, in every callable', () => {
  it('cancelAppointment with an id that points into a subcollection is invalid-argument and writes nothing', async () => {
    const { appointmentId } = await videoAppointment()
    const reminder = practice().collection('appointments').doc(appointmentId).collection('reminders').doc('r1')
    await reminder.set({ state: 'scheduled' })
    await expectCallableError(asOwner.call('cancelAppointment', { practiceId, appointmentId: `${appointmentId}/reminders/r1` }), 'invalid-argument')
    expect((await reminder.get()).data()).toEqual({ state: 'scheduled' })
    expect((await practice().collection('audit').where('action', '==', 'appointment.cancelled').where('target.id', '==', `${appointmentId}/reminders/r1`).get()).size).toBe(0)
  })

  it('reserved and dotted ids are invalid-argument, not internal, in the visit, invite and member callables', async () => {
    for (const bad of ['__x__', '.', '..', 'a/b']) {
      await expectCallableError(asOwner.call('endVisit', { practiceId, appointmentId: bad }), 'invalid-argument')
      await expectCallableError(asOwner.call('revealInvites', { practiceId, appointmentId: bad }), 'invalid-argument')
      await expectCallableError(asOwner.call('removeMember', { practiceId, uid: bad }), 'invalid-argument')
      await expectCallableError(asOwner.call('resendInvite', { practiceId, appointmentId: 'a', patientId: bad, channel: 'sms' }), 'invalid-argument')
      await expectCallableError(asOwner.call('saveAppointment', { practiceId, practitionerId: drA.uid, start: new Date().toISOString(), durationMinutes: 30, location: 'video', patientIds: [bad] }), 'invalid-argument')
    }
  })
})

describe('finding 6: dates are bounded', () => {
  it('an appointment ending after year 9999, or more than 5 years away, is invalid-argument', async () => {
    const base = { practiceId, practitionerId: drA.uid, durationMinutes: 60, location: 'video', patientIds: ['p1'] }
    await expectCallableError(asOwner.call('saveAppointment', { ...base, start: '9999-12-31T23:30:00Z' }), 'invalid-argument', 'Choose a date within 5 years of today.')
    const sixYears = new Date(Date.now() + 6 * 365 * 24 * 3600_000).toISOString()
    await expectCallableError(asOwner.call('saveAppointment', { ...base, start: sixYears }), 'invalid-argument', 'Choose a date within 5 years of today.')
    await expectCallableError(asOwner.call('saveAppointment', { ...base, start: '1900-01-01T00:00:00Z' }), 'invalid-argument', 'Choose a date within 5 years of today.')
  })
})

describe('finding 8: hostile keys never reach the code', () => {
  it('a __proto__ key or an unknown key is invalid-argument', async () => {
    const idToken = await asOwner.user.getIdToken()
    const proto = await rawCall('cancelAppointment', `{"data":{"__proto__":{"reason":"x"},"practiceId":"${practiceId}","appointmentId":"a"}}`, idToken)
    expect(proto.status).toBe('INVALID_ARGUMENT')
    const unknown = await rawCall('removeMember', `{"data":{"practiceId":"${practiceId}","uid":"u","isAdmin":true}}`, idToken)
    expect(unknown).toEqual({ status: 'INVALID_ARGUMENT', message: 'The request has fields this function does not take.' })
  })
})
