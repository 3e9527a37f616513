import { randomUUID } from 'node:crypto'
import { FieldValue } from 'firebase-admin/firestore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accessCodeMatches, inviteIdForToken } from '../../functions/src/invites/inviteSecrets'
import { admin, closeClients, createAccount, eventually, expectCallableError, signedInClient } from './support/emulators'

const practiceId = `fn-appts-${randomUUID().slice(0, 8)}`
const practice = () => admin().db.doc(`practices/${practiceId}`)
type Account = Awaited<ReturnType<typeof createAccount>>
type Client = Awaited<ReturnType<typeof signedInClient>>
let owner: Account, staff: Account, drA: Account, drB: Account
let asOwner: Client, asStaff: Client, asDrA: Client, asDrB: Client
const patientIds = ['p1', 'p2', 'p3', 'p4']

interface Revealed {
  invites: { patientId: string; firstName: string; token: string; code: string }[]
  visibleUntil: string
}

async function join(account: Account, role: string, name: string) {
  await practice().collection('members').doc(account.uid).set({ uid: account.uid, email: account.email, displayName: name, role, createdAt: FieldValue.serverTimestamp() })
}

const inFuture = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString()
const invitesOf = async (appointmentId: string) =>
  (await admin().db.collection('invites').where('appointmentId', '==', appointmentId).where('practiceId', '==', practiceId).get()).docs

beforeAll(async () => {
  await practice().set({ name: 'Appointments Clinic', timeZone: 'Australia/Sydney', phone: '+61290000002', settings: { joinWindowMinutes: 10, reminderOffsetsHours: [24, 2], idleTimeoutMinutes: 15 } })
  ;[owner, staff, drA, drB] = await Promise.all([createAccount('Owner'), createAccount('Staff'), createAccount('Dr A'), createAccount('Dr B')])
  await Promise.all([join(owner, 'owner', 'Owner'), join(staff, 'staff', 'Staff'), join(drA, 'practitioner', 'Dr Alpha'), join(drB, 'practitioner', 'Dr Beta')])
  await Promise.all(
    patientIds.map((id, i) =>
      practice().collection('patients').doc(id).set({ firstName: `First${i + 1}`, lastName: `Last${i + 1}`, dateOfBirth: '1980-01-01', email: null, mobile: null }),
    ),
  )
  asOwner = await signedInClient(owner.email, owner.password)
  asStaff = await signedInClient(staff.email, staff.password)
  asDrA = await signedInClient(drA.email, drA.password)
  asDrB = await signedInClient(drB.email, drB.password)
})
afterAll(closeClients)

const book = (client: Client, overrides: Record<string, unknown> = {}) =>
  client.call<{ appointmentId: string }>('saveAppointment', {
    practiceId,
    practitionerId: drA.uid,
    start: inFuture(24),
    durationMinutes: 30,
    location: 'video',
    patientIds: ['p1', 'p2'],
    // These tests book drA at the same time again and again; the double-booking check has tests of its own.
    allowOverlap: true,
    ...overrides,
  })

describe('saveAppointment', () => {
  it('books a video appointment with one invite per patient and audits it', async () => {
    const { appointmentId } = await book(asStaff)
    const appointment = (await practice().collection('appointments').doc(appointmentId).get()).data()!
    expect(appointment).toMatchObject({ practitionerId: drA.uid, practitionerName: 'Dr Alpha', location: 'video', status: 'scheduled', patientIds: ['p1', 'p2'] })
    expect(appointment.patients).toEqual([
      { id: 'p1', firstName: 'First1', lastName: 'Last1' },
      { id: 'p2', firstName: 'First2', lastName: 'Last2' },
    ])
    expect(appointment.end.toMillis() - appointment.start.toMillis()).toBe(30 * 60_000)
    const invites = await invitesOf(appointmentId)
    expect(invites.map((i) => i.get('patientId')).sort()).toEqual(['p1', 'p2'])
    for (const invite of invites) {
      expect(invite.data()).not.toHaveProperty('token')
      expect(invite.data()).not.toHaveProperty('code')
    }
    const audit = await practice().collection('audit').where('target.id', '==', appointmentId).get()
    expect(audit.docs.map((d) => d.get('action'))).toEqual(['appointment.created'])
  })

  it('refuses a fourth patient on video and a second one on the phone, with the reason', async () => {
    await expectCallableError(book(asStaff, { patientIds: patientIds }), 'invalid-argument', 'A video consultation can have at most 3 patients.')
    await expectCallableError(book(asStaff, { location: 'phone', patientIds: ['p1', 'p2'] }), 'invalid-argument', 'A phone consultation has exactly one patient.')
    await expectCallableError(book(asStaff, { patientIds: ['p1', 'missing'] }), 'not-found')
    await expectCallableError(book(asStaff, { practitionerId: staff.uid }), 'invalid-argument', 'Choose a practitioner of this practice.')
    await expectCallableError(book(asStaff, { start: 'tomorrow at nine' }), 'invalid-argument', 'Choose a valid start date and time.')
  })

  it('lets a practitioner book and change only their own appointments', async () => {
    await expectCallableError(book(asDrB), 'permission-denied', 'Practitioners can book only their own appointments.')
    const { appointmentId } = await book(asDrA, { location: 'in-person', patientIds: ['p3'] })
    await expectCallableError(
      book(asDrB, { appointmentId, practitionerId: drB.uid, location: 'in-person', patientIds: ['p3'] }),
      'permission-denied',
      'Practitioners can change only their own appointments.',
    )
    expect((await invitesOf(appointmentId)).length).toBe(0)
  })

  it('keeps links valid across a reschedule and revokes the invite of a removed patient', async () => {
    const { appointmentId } = await book(asStaff, { patientIds: ['p1', 'p2'] })
    const before = await asDrA.call<Revealed>('revealInvites', { practiceId, appointmentId })
    await book(asStaff, { appointmentId, start: inFuture(48), patientIds: ['p1', 'p3'] })
    const after = await asDrA.call<Revealed>('revealInvites', { practiceId, appointmentId })
    const tokenOf = (r: Revealed, id: string) => r.invites.find((i) => i.patientId === id)?.token
    expect(tokenOf(after, 'p1')).toBe(tokenOf(before, 'p1'))
    expect(tokenOf(after, 'p2')).toBeUndefined()
    expect(tokenOf(after, 'p3')).toBeDefined()
    const removed = await admin().db.doc(`invites/${inviteIdForToken(tokenOf(before, 'p2')!)}`).get()
    expect(removed.get('status')).toBe('revoked')
    expect(removed.get('revokedReason')).toBe('patient-removed')
  })
})

describe('revealInvites', () => {
  it('shows each patient a different link and code that match what is stored', async () => {
    const { appointmentId } = await book(asStaff, { patientIds: ['p1', 'p2', 'p3'] })
    const { invites, visibleUntil } = await asOwner.call<Revealed>('revealInvites', { practiceId, appointmentId })
    expect(invites.map((i) => [i.patientId, i.firstName])).toEqual([
      ['p1', 'First1'],
      ['p2', 'First2'],
      ['p3', 'First3'],
    ])
    expect(new Set(invites.map((i) => i.token)).size).toBe(3)
    expect(new Date(visibleUntil).getTime()).toBeGreaterThan(Date.now())
    for (const invite of invites) {
      expect(invite.code).toMatch(/^\d{6}$/)
      const stored = await admin().db.doc(`invites/${inviteIdForToken(invite.token)}`).get()
      expect(stored.get('patientId')).toBe(invite.patientId)
      expect(accessCodeMatches(invite.code, stored.get('codeHash'))).toBe(true)
    }
    const audit = await practice().collection('audit').where('target.id', '==', appointmentId).where('action', '==', 'invite.revealed').get()
    expect(audit.size).toBe(1)
    expect(audit.docs[0]!.get('actor')).toEqual({ uid: owner.uid, role: 'owner' })
  })

  it('shows links to reception (who books and sends them), never to another practitioner', async () => {
    const { appointmentId } = await book(asStaff)
    const shown = await asStaff.call<{ invites: { patientId: string }[] }>('revealInvites', { practiceId, appointmentId })
    expect(shown.invites.map((i) => i.patientId).sort()).toEqual(['p1', 'p2'])
    const audit = await practice().collection('audit').where('target.id', '==', appointmentId).where('action', '==', 'invite.revealed').get()
    expect(audit.docs.map((d) => d.get('actor'))).toEqual([{ uid: staff.uid, role: 'staff' }])
    await expectCallableError(
      asDrB.call('revealInvites', { practiceId, appointmentId }),
      'permission-denied',
      "Only reception, the appointment's practitioner or a practice owner can see visit links.",
    )
  })

  it('stops showing links once the appointment has ended', async () => {
    const { appointmentId } = await book(asStaff, { start: new Date(Date.now() - 2 * 3_600_000).toISOString() })
    await expectCallableError(asDrA.call('revealInvites', { practiceId, appointmentId }), 'failed-precondition', 'Links are shown only until the appointment ends.')
  })
})

describe('cancelAppointment', () => {
  it('revokes every invite, refuses to reveal them afterwards, and can be repeated', async () => {
    const { appointmentId } = await book(asStaff)
    await asStaff.call('cancelAppointment', { practiceId, appointmentId, reason: 'Patient unwell' })
    const appointment = await practice().collection('appointments').doc(appointmentId).get()
    expect(appointment.get('status')).toBe('cancelled')
    const invites = await invitesOf(appointmentId)
    expect(invites.map((i) => [i.get('status'), i.get('revokedReason')])).toEqual([
      ['revoked', 'appointment-cancelled'],
      ['revoked', 'appointment-cancelled'],
    ])
    await expectCallableError(asDrA.call('revealInvites', { practiceId, appointmentId }), 'failed-precondition')
    await expectCallableError(book(asStaff, { appointmentId }), 'failed-precondition', 'A cancelled appointment can’t be changed.')
    await asStaff.call('cancelAppointment', { practiceId, appointmentId })
    const audit = await eventually(async () => {
      const snap = await practice().collection('audit').where('target.id', '==', appointmentId).where('action', '==', 'appointment.cancelled').get()
      return snap.size ? snap : undefined
    })
    expect(audit.size).toBe(1)
  })

  it("refuses another practitioner's appointment", async () => {
    const { appointmentId } = await book(asStaff)
    await expectCallableError(asDrB.call('cancelAppointment', { practiceId, appointmentId }), 'permission-denied')
    expect((await practice().collection('appointments').doc(appointmentId).get()).get('status')).toBe('scheduled')
  })
})

describe('double booking', () => {
  it('refuses to book a practitioner twice at once unless told "Book anyway", naming each clash', async () => {
    // A day no other test books.
    const start = new Date(Date.now() + 40 * 24 * 3_600_000)
    start.setUTCHours(9, 0, 0, 0)
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString()
    const first = await book(asStaff, { start: at(0), patientIds: ['p1'], allowOverlap: false })

    const refused = await book(asStaff, { start: at(15), patientIds: ['p2'], allowOverlap: false }).catch((e: unknown) => e as { code: string; message: string; details: unknown })
    expect(refused).toMatchObject({ code: 'functions/failed-precondition' })
    // The web SDK appends the HTTP status to the message.
    expect((refused as { message: string }).message.replace(/ \[\d{3}\]$/, '')).toBe('The practitioner already has another appointment at this time.')
    const first0 = await admin().db.doc(`practices/${practiceId}/appointments/${first.appointmentId}`).get()
    expect((refused as { details: unknown }).details).toEqual({
      reason: 'overlap',
      clashes: [{ appointmentId: first.appointmentId, start: at(0), end: at(30), patientNames: `${first0.get('patients')[0].firstName} ${first0.get('patients')[0].lastName}` }],
    })
    expect((await admin().db.collection(`practices/${practiceId}/appointments`).where('start', '==', new Date(at(15))).get()).size).toBe(0)

    // Back to back is not a clash, and an appointment never clashes with itself.
    await book(asStaff, { start: at(30), patientIds: ['p3'], allowOverlap: false })
    await book(asStaff, { appointmentId: first.appointmentId, start: at(0), patientIds: ['p1'], allowOverlap: false })
    // Another practitioner is free at that time.
    await book(asStaff, { start: at(15), practitionerId: drB.uid, patientIds: ['p2'], allowOverlap: false })

    // "Book anyway".
    const anyway = await book(asStaff, { start: at(15), patientIds: ['p2'], allowOverlap: true })
    expect((await admin().db.doc(`practices/${practiceId}/appointments/${anyway.appointmentId}`).get()).get('start').toDate().toISOString()).toBe(at(15))
  })
})
