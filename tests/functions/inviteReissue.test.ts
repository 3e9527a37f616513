/**
 * reissueInvite against the emulators: who may give a patient a new link and code (reception, the appointment's
 * practitioner, an owner; never another practitioner, another practice or a patient), that the old link stops
 * working at once and the new one admits the patient, and that no new link is issued once the visit is over.
 * Appointments are booked through saveAppointment, so every invite is a real one.
 */
import { FieldValue, Timestamp } from 'firebase-admin/firestore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedeemInviteResult } from '../../functions/src/domain/visit'
import { deriveInviteSecrets } from '../../functions/src/invites/inviteSecrets'
import { uniqueId } from '../factories/ids'
import { admin, closeClients, createAccount, customTokenClient, expectCallableError, signedInClient } from './support/emulators'
import { publicCall, publicCallError, uniqueCallerAddress } from './support/publicCall'

const HOUR = 3_600_000
const practiceId = uniqueId('fn-reissue')
const otherPracticeId = uniqueId('fn-reissue-other')
const practice = () => admin().db.doc(`practices/${practiceId}`)
const inviteKey = process.env.INVITE_KEY ?? ''
type Account = Awaited<ReturnType<typeof createAccount>>
type Client = Awaited<ReturnType<typeof signedInClient>>
let drA: Account
const as = {} as Record<'owner' | 'staff' | 'drA' | 'drB' | 'otherOwner', Client>

interface Reissued {
  invite: { patientId: string; firstName: string; token: string; code: string }
  visibleUntil: string
}

async function join(practicePath: string, account: Account, role: string, name: string) {
  await admin().db.doc(`${practicePath}/members/${account.uid}`).set({ uid: account.uid, email: account.email, displayName: name, role, createdAt: FieldValue.serverTimestamp() })
}

beforeAll(async () => {
  if (!inviteKey) throw new Error('INVITE_KEY is not in the environment: run these tests through `npm test`.')
  const settings = { joinWindowMinutes: 10, reminderOffsetsHours: [24, 2], idleTimeoutMinutes: 15 }
  await practice().set({ name: 'Reissue Clinic', timeZone: 'Australia/Sydney', phone: '+61290000031', settings })
  await admin().db.doc(`practices/${otherPracticeId}`).set({ name: 'Other Clinic', timeZone: 'Australia/Sydney', phone: '+61290000032', settings })
  const [owner, staff, a, drB, otherOwner] = await Promise.all(['Owner', 'Staff', 'Dr A', 'Dr B', 'Other owner'].map((name) => createAccount(name)))
  drA = a!
  await Promise.all([
    join(practice().path, owner!, 'owner', 'Owner'),
    join(practice().path, staff!, 'staff', 'Reception'),
    join(practice().path, drA, 'practitioner', 'Dr Alpha'),
    join(practice().path, drB!, 'practitioner', 'Dr Beta'),
    join(`practices/${otherPracticeId}`, otherOwner!, 'owner', 'Other owner'),
  ])
  await Promise.all(
    ['p1', 'p2'].map((id, i) =>
      practice().collection('patients').doc(id).set({ firstName: `Pat${i + 1}`, lastName: 'Reissue', dateOfBirth: '1980-01-01', email: null, mobile: null }),
    ),
  )
  const accounts = { owner: owner!, staff: staff!, drA, drB: drB!, otherOwner: otherOwner! }
  for (const [key, account] of Object.entries(accounts)) as[key as keyof typeof as] = await signedInClient(account.email, account.password)
})
afterAll(closeClients)

/** Books a video visit of Dr A starting in `startsInMs` (as reception) and returns it with p1's link. */
async function book(startsInMs = 24 * HOUR) {
  const { appointmentId } = await as.staff.call<{ appointmentId: string }>('saveAppointment', {
    practiceId,
    practitionerId: drA.uid,
    start: new Date(Date.now() + startsInMs).toISOString(),
    durationMinutes: 30,
    location: 'video',
    patientIds: ['p1', 'p2'],
    allowOverlap: true,
  })
  const [invite] = (await admin().db.collection('invites').where('appointmentId', '==', appointmentId).where('patientId', '==', 'p1').get()).docs
  return { appointmentId, link: { inviteId: invite!.id, ...deriveInviteSecrets(inviteKey, invite!.get('nonce') as string) } }
}

const redeem = (link: { token: string; code: string }) =>
  publicCall<RedeemInviteResult>('redeemInvite', { token: link.token, code: link.code }, { from: uniqueCallerAddress() })
const invitesOf = async (appointmentId: string) =>
  (await admin().db.collection('invites').where('appointmentId', '==', appointmentId).get()).docs.map((d) => ({
    id: d.id,
    patientId: d.get('patientId') as string,
    status: d.get('status') as string,
    revokedReason: (d.get('revokedReason') as string | undefined) ?? null,
  }))

describe('reissueInvite', () => {
  it('lets reception, the practitioner and an owner issue a new link; the old one is refused at once, the new one admits', async () => {
    for (const who of ['staff', 'drA', 'owner'] as const) {
      const { appointmentId, link } = await book()
      const issued = await as[who].call<Reissued>('reissueInvite', { practiceId, appointmentId, patientId: 'p1' })
      expect(issued.invite).toMatchObject({ patientId: 'p1', firstName: 'Pat1' })
      expect(issued.invite.token).not.toBe(link.token)
      expect(issued.invite.code).toMatch(/^\d{6}$/)

      const refused = await publicCallError('redeemInvite', { token: link.token, code: link.code }, { from: uniqueCallerAddress() })
      expect({ code: refused.code, reason: (refused.details as { reason: string }).reason }).toEqual({ code: 'failed-precondition', reason: 'replaced' })
      expect(refused.message).toContain('issued you a new link')
      expect((await redeem(issued.invite)).visit).toMatchObject({ appointmentId, patientId: 'p1' })
      // p2's link is untouched.
      const invites = await invitesOf(appointmentId)
      expect(invites.filter((i) => i.patientId === 'p2').map((i) => i.status)).toEqual(['active'])
      expect(invites.filter((i) => i.patientId === 'p1').map((i) => i.status).sort()).toEqual(['active', 'revoked'])
    }
  })

  it('gives a patient who left with End call a way back in, and audits it with ids only', async () => {
    const { appointmentId, link } = await book(5 * 60_000)
    const { customToken } = await redeem(link)
    const patient = await customTokenClient(customToken)
    await patient.call('leaveVisit', { practiceId, appointmentId })
    expect((await admin().db.doc(`invites/${link.inviteId}`).get()).get('status')).toBe('used')

    const issued = await as.staff.call<Reissued>('reissueInvite', { practiceId, appointmentId, patientId: 'p1' })
    expect((await admin().db.doc(`invites/${link.inviteId}`).get()).data()).toMatchObject({ status: 'revoked', revokedReason: 'reissued' })
    expect((await redeem(issued.invite)).visit.patientId).toBe('p1')

    const audit = (await practice().collection('audit').where('action', '==', 'invite.reissued').where('target.id', '==', appointmentId).get()).docs
    expect(audit).toHaveLength(1)
    const entry = audit[0]!.data()
    expect(entry.actor).toMatchObject({ role: 'staff' })
    expect(Object.keys(entry.details).sort()).toEqual(['inviteId', 'patientId', 'replaced'])
    expect(entry.details).toMatchObject({ patientId: 'p1', replaced: 1 })
    expect(JSON.stringify(entry)).not.toContain(issued.invite.token)
    expect(JSON.stringify(entry)).not.toContain(issued.invite.code)
    expect(JSON.stringify(entry)).not.toContain('Pat1')
  })

  it('refuses another practitioner, another practice and a patient, and changes nothing', async () => {
    const { appointmentId, link } = await book()
    const before = await invitesOf(appointmentId)
    await expectCallableError(
      as.drB.call('reissueInvite', { practiceId, appointmentId, patientId: 'p1' }),
      'permission-denied',
      "Only reception, the appointment's practitioner or a practice owner can issue new visit links.",
    )
    await expectCallableError(as.otherOwner.call('reissueInvite', { practiceId, appointmentId, patientId: 'p1' }), 'permission-denied')
    const patient = await customTokenClient((await redeem(link)).customToken)
    await expectCallableError(patient.call('reissueInvite', { practiceId, appointmentId, patientId: 'p1' }), 'permission-denied')
    expect(await invitesOf(appointmentId)).toEqual(before)
  })

  it('refuses once the visit has ended, the appointment is past or cancelled, or for someone not booked', async () => {
    const ended = await book(5 * 60_000)
    await practice().collection('visits').doc(ended.appointmentId).set({ status: 'ended', endedAt: FieldValue.serverTimestamp() })
    await expectCallableError(
      as.drA.call('reissueInvite', { practiceId, appointmentId: ended.appointmentId, patientId: 'p1' }),
      'failed-precondition',
      'This visit has ended, so no new link can be issued.',
    )

    const past = await book()
    await practice().collection('appointments').doc(past.appointmentId).update({ start: Timestamp.fromMillis(Date.now() - 2 * HOUR), end: Timestamp.fromMillis(Date.now() - HOUR) })
    await expectCallableError(
      as.staff.call('reissueInvite', { practiceId, appointmentId: past.appointmentId, patientId: 'p1' }),
      'failed-precondition',
      'This visit has ended, so no new link can be issued.',
    )

    const cancelled = await book()
    await as.staff.call('cancelAppointment', { practiceId, appointmentId: cancelled.appointmentId })
    await expectCallableError(
      as.owner.call('reissueInvite', { practiceId, appointmentId: cancelled.appointmentId, patientId: 'p1' }),
      'failed-precondition',
      'This appointment was cancelled, so no new link can be issued.',
    )

    const open = await book()
    await expectCallableError(
      as.owner.call('reissueInvite', { practiceId, appointmentId: open.appointmentId, patientId: 'p3' }),
      'not-found',
      'That patient is not part of this appointment.',
    )
    // Nothing was issued for any of them.
    for (const { appointmentId } of [ended, past, cancelled, open]) {
      const invites = await invitesOf(appointmentId)
      expect(invites.map((i) => i.patientId).sort()).toEqual(['p1', 'p2'])
      expect(invites.some((i) => i.revokedReason === 'reissued')).toBe(false)
    }
  })
})
