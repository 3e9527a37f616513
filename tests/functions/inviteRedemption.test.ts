/**
 * Patient link redemption against the emulators: `checkInvite` and `redeemInvite` called over plain fetch with no
 * sign-in, as the patient's join page calls them. Appointments are booked through `saveAppointment` as their
 * practitioner, so every invite is a real one; the link and code are derived from its nonce with the emulator's
 * INVITE_KEY, as the reminders and revealInvites do. Each test calls from its own address (X-Forwarded-For), so tests
 * never share a per-caller rate-limit bucket.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { FieldValue, Timestamp } from 'firebase-admin/firestore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatPracticeTime } from '../../functions/src/domain/schedule'
import { patientUid, type CheckInviteResult, type InviteProblem, type RedeemInviteResult } from '../../functions/src/domain/visit'
import { CALLER_LIMITS } from '../../functions/src/invites/callerRateLimit'
import { deriveInviteSecrets, inviteIdForToken } from '../../functions/src/invites/inviteSecrets'
import { callerAddress } from '../../functions/src/lib/callerAddress'
import { uniqueId } from '../factories/ids'
import { admin, closeClients, createAccount, customTokenClient, signedInClient } from './support/emulators'
import { publicCall, publicCallError, uniqueCallerAddress } from './support/publicCall'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const TIME_ZONE = 'Australia/Sydney'
const practiceId = uniqueId('fn-join')
const practice = () => admin().db.doc(`practices/${practiceId}`)
const inviteKey = process.env.INVITE_KEY ?? ''

type Client = Awaited<ReturnType<typeof signedInClient>>
let practitioner: Client
let practitionerUid: string

interface Link {
  patientId: string
  inviteId: string
  token: string
  code: string
}

beforeAll(async () => {
  if (!inviteKey) throw new Error('INVITE_KEY is not in the environment: run these tests through `npm test`.')
  await practice().set({
    name: 'Harbourside Join Clinic',
    timeZone: TIME_ZONE,
    phone: '+61290000009',
    settings: { joinWindowMinutes: 10, reminderOffsetsHours: [24, 2], idleTimeoutMinutes: 15 },
  })
  const account = await createAccount('Dr Join')
  practitionerUid = account.uid
  await practice().collection('members').doc(account.uid).set({
    uid: account.uid,
    email: account.email,
    displayName: 'Dr Joan Redfern',
    role: 'practitioner',
    createdAt: FieldValue.serverTimestamp(),
  })
  await Promise.all(
    ['p1', 'p2', 'p3'].map((id, i) =>
      practice().collection('patients').doc(id).set({ firstName: `Pat${i + 1}`, lastName: 'Join', dateOfBirth: '1980-01-01', email: null, mobile: null }),
    ),
  )
  practitioner = await signedInClient(account.email, account.password)
})
afterAll(closeClients)

/** Books a video appointment as its practitioner and returns each patient's link and code. */
async function bookVideo(patientIds = ['p1'], startsInMs = 24 * HOUR): Promise<{ appointmentId: string; links: Link[] }> {
  const { appointmentId } = await practitioner.call<{ appointmentId: string }>('saveAppointment', {
    practiceId,
    practitionerId: practitionerUid,
    start: new Date(Date.now() + startsInMs).toISOString(),
    durationMinutes: 30,
    location: 'video',
    patientIds,
    allowOverlap: true,
  })
  const invites = await admin().db.collection('invites').where('practiceId', '==', practiceId).where('appointmentId', '==', appointmentId).get()
  const links = invites.docs.map((invite) => ({
    patientId: invite.get('patientId') as string,
    inviteId: invite.id,
    ...deriveInviteSecrets(inviteKey, invite.get('nonce') as string),
  }))
  links.sort((a, b) => patientIds.indexOf(a.patientId) - patientIds.indexOf(b.patientId))
  return { appointmentId, links }
}

async function bookOne(): Promise<Link & { appointmentId: string }> {
  const { appointmentId, links } = await bookVideo()
  return { appointmentId, ...links[0]! }
}

/** A well-formed code that is not this one. */
const wrongCodeFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

const redeem = (link: Pick<Link, 'token'>, code: string, from: string) => publicCall<RedeemInviteResult>('redeemInvite', { token: link.token, code }, { from })
const redeemError = (link: Pick<Link, 'token'>, code: string, from: string) => publicCallError('redeemInvite', { token: link.token, code }, { from })
const check = (link: Pick<Link, 'token'>, from: string) => publicCall<CheckInviteResult>('checkInvite', { token: link.token }, { from })
const inviteDoc = async (link: Link) => (await admin().db.doc(`invites/${link.inviteId}`).get()).data()!

/** Signs in with a custom token through the Auth emulator, as the patient's page does, and returns the ID token's claims. */
async function signInAsPatient(customToken: string) {
  const { user } = await customTokenClient(customToken)
  return { uid: user.uid, claims: (await user.getIdTokenResult()).claims }
}

// Claims every Firebase ID token carries; anything else on a patient's token came from redeemInvite.
const STANDARD_CLAIMS = ['iss', 'aud', 'auth_time', 'user_id', 'sub', 'iat', 'exp', 'firebase']

describe('redeemInvite with the right code', () => {
  it('returns a custom token whose claims are exactly the four ids, and the visit, even before the join window opens', async () => {
    const link = await bookOne()
    const from = uniqueCallerAddress()
    const { customToken, visit } = await redeem(link, link.code, from)

    const appointment = (await practice().collection('appointments').doc(link.appointmentId).get()).data()!
    const start = (appointment.start as Timestamp).toDate()
    const end = (appointment.end as Timestamp).toDate()
    expect(visit).toEqual({
      practiceId,
      appointmentId: link.appointmentId,
      patientId: 'p1',
      practiceName: 'Harbourside Join Clinic',
      practitionerName: 'Dr Joan Redfern',
      start: start.toISOString(),
      end: end.toISOString(),
      joinOpensAt: new Date(start.getTime() - 10 * MINUTE).toISOString(),
      joinClosesAt: new Date(end.getTime() + 60 * MINUTE).toISOString(),
      mediaProvider: 'webrtc',
      timeZone: TIME_ZONE,
    })

    const { uid, claims } = await signInAsPatient(customToken)
    expect(uid).toBe(patientUid(link.inviteId))
    expect(claims.patient).toEqual({ practiceId, appointmentId: link.appointmentId, inviteId: link.inviteId, patientId: 'p1' })
    expect(Object.keys(claims).filter((k) => !STANDARD_CLAIMS.includes(k))).toEqual(['patient'])
  })

  it('audits the redemption with ids only, and the same link admits the patient again (rejoin)', async () => {
    const link = await bookOne()
    const from = uniqueCallerAddress()
    await redeem(link, link.code, from)
    await redeem(link, link.code, from)
    const audit = await practice().collection('audit').where('target.id', '==', link.appointmentId).where('action', '==', 'invite.redeemed').get()
    expect(audit.size).toBe(2)
    const entry = audit.docs[0]!.data()
    expect(entry.actor).toEqual({ uid: patientUid(link.inviteId), role: 'patient' })
    expect(entry.details).toEqual({ inviteId: link.inviteId, patientId: 'p1' })
    expect(JSON.stringify(entry)).not.toMatch(/Pat1|Join|Redfern|Harbourside/)
  })
})

describe('redeemInvite with wrong codes', () => {
  it('counts wrong codes down and says how many attempts are left', async () => {
    const link = await bookOne()
    const from = uniqueCallerAddress()
    for (const left of [4, 3, 2, 1]) {
      const err = await redeemError(link, wrongCodeFor(link.code), from)
      expect(err.code).toBe('permission-denied')
      expect(err.message).toBe(`That code is not right. ${left} ${left === 1 ? 'attempt' : 'attempts'} left.`)
      expect(err.details).toEqual({ reason: 'wrong-code', attemptsLeft: left })
    }
    expect(await inviteDoc(link)).toMatchObject({ failedAttempts: 4, status: 'active' })
  })

  it('locks the invite after five wrong codes for 15 minutes, naming the time it reopens, and refuses even the right code', async () => {
    const link = await bookOne()
    const from = uniqueCallerAddress()
    for (let i = 0; i < 4; i++) await redeemError(link, wrongCodeFor(link.code), from)

    const before = Date.now()
    const fifth = await redeemError(link, wrongCodeFor(link.code), from)
    expect(fifth.code).toBe('resource-exhausted')
    const { reason, lockedUntil } = fifth.details as { reason: string; lockedUntil: string }
    expect(reason).toBe('locked')
    const lockedUntilMs = Date.parse(lockedUntil)
    expect(lockedUntilMs).toBeGreaterThanOrEqual(before + 15 * MINUTE - 1_000)
    expect(lockedUntilMs).toBeLessThanOrEqual(Date.now() + 15 * MINUTE)
    const reopens = formatPracticeTime(new Date(Math.ceil(lockedUntilMs / MINUTE) * MINUTE), TIME_ZONE)
    expect(fifth.message).toBe(`Too many wrong codes. Try again after ${reopens}.`)

    const withRightCode = await redeemError(link, link.code, from)
    expect(withRightCode.code).toBe('resource-exhausted')
    expect(withRightCode.details).toEqual({ reason: 'locked', lockedUntil })
    expect(await check(link, from)).toMatchObject({ state: 'locked', lockedUntil })

    const stored = await inviteDoc(link)
    expect(stored.failedAttempts).toBe(0)
    expect((stored.lockedUntil as Timestamp).toDate().toISOString()).toBe(lockedUntil)
    const audit = await practice().collection('audit').where('target.id', '==', link.appointmentId).where('action', '==', 'invite.locked').get()
    expect(audit.docs.map((d) => d.data().actor)).toEqual([{ kind: 'system' }])
  })

  it('admits the right code once the lock has passed, and starts the count again', async () => {
    const link = await bookOne()
    const from = uniqueCallerAddress()
    for (let i = 0; i < 5; i++) await redeemError(link, wrongCodeFor(link.code), from)
    // The lock's 15 minutes, passed: rewrite lockedUntil to a minute ago rather than wait.
    await admin().db.doc(`invites/${link.inviteId}`).update({ lockedUntil: Timestamp.fromMillis(Date.now() - MINUTE) })
    expect(await check(link, from)).toMatchObject({ state: 'ready' })

    await redeem(link, wrongCodeFor(link.code), from).catch(() => undefined)
    expect(await inviteDoc(link)).toMatchObject({ failedAttempts: 1 })
    const { customToken } = await redeem(link, link.code, from)
    expect(customToken).toEqual(expect.any(String))
    expect(await inviteDoc(link)).toMatchObject({ failedAttempts: 0, lockedUntil: null })
    expect((await redeemError(link, wrongCodeFor(link.code), from)).details).toEqual({ reason: 'wrong-code', attemptsLeft: 4 })
  })
})

describe('the per-caller limit', () => {
  it('refuses further attempts from one address across many invites, while another address still gets in', async () => {
    const limit = CALLER_LIMITS.redeemInvite.limit
    // Four wrong codes per invite: no invite ever locks, so only the per-caller limit can stop this caller.
    const invitesNeeded = Math.ceil(limit / 4) + 1
    const booked = await Promise.all(Array.from({ length: Math.ceil(invitesNeeded / 3) }, () => bookVideo(['p1', 'p2', 'p3'])))
    const links = booked.flatMap((b) => b.links)
    const attacker = uniqueCallerAddress()

    for (let attempt = 0; attempt < limit; attempt++) {
      const link = links[Math.floor(attempt / 4)]!
      expect((await redeemError(link, wrongCodeFor(link.code), attacker)).code).toBe('permission-denied')
    }
    const fresh = links[links.length - 1]!
    const refused = await redeemError(fresh, fresh.code, attacker)
    expect(refused.code).toBe('resource-exhausted')
    expect(refused.message).toMatch(/^Too many attempts from your network\. Please try again in \d+ minutes?\.$/)
    const { reason, retryAfter } = refused.details as { reason: string; retryAfter: string }
    expect(reason).toBe('rate-limited')
    expect(Date.parse(retryAfter)).toBeGreaterThan(Date.now())
    expect(Date.parse(retryAfter)).toBeLessThanOrEqual(Date.now() + HOUR)
    // The refused attempt never reached the invite.
    expect(await inviteDoc(fresh)).toMatchObject({ failedAttempts: 0 })

    const { visit } = await redeem(fresh, fresh.code, uniqueCallerAddress())
    expect(visit.patientId).toBe(fresh.patientId)
    // Opening links is limited separately, so the patient's page still loads.
    expect(await check(fresh, attacker)).toMatchObject({ state: 'ready' })
  })

  it('keeps only a hash of the address and a counter in rateLimits', async () => {
    const link = await bookOne()
    const from = uniqueCallerAddress()
    await redeem(link, link.code, from)
    const key = callerAddress({ headers: { 'x-forwarded-for': from } })
    const id = createHmac('sha256', inviteKey).update(`redeemInvite:${key}`).digest('hex')
    const bucket = await admin().db.doc(`rateLimits/${id}`).get()
    expect(Object.keys(bucket.data()!).sort()).toEqual(['count', 'expireAt', 'kind', 'windowStart'])
    expect(bucket.data()).toMatchObject({ kind: 'redeemInvite', count: 1 })

    const all = await admin().db.collection('rateLimits').get()
    expect(all.size).toBeGreaterThan(0)
    for (const doc of all.docs) {
      const text = JSON.stringify(doc.data())
      expect(text).not.toMatch(/2001:db8|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|::/)
      expect(doc.id).toMatch(/^[0-9a-f]{64}$/)
    }
  })
})

describe('links that no longer admit anyone', () => {
  const messages: Record<InviteProblem, { code: string; message: string }> = {
    'not-found': {
      code: 'not-found',
      message: "We can't find this visit link. Check that you opened the whole link from your message, or contact the clinic.",
    },
    revoked: { code: 'failed-precondition', message: 'This link no longer works. Please contact the clinic for a new one.' },
    replaced: {
      code: 'failed-precondition',
      message: 'The clinic has issued you a new link for this visit, so this one no longer works. Use the link in their latest message.',
    },
    cancelled: { code: 'failed-precondition', message: 'This link has been cancelled by the clinic. Please contact them.' },
    finished: { code: 'failed-precondition', message: 'This visit has ended.' },
    left: {
      code: 'failed-precondition',
      message: 'You have left this visit, so this link no longer lets you in. Please contact the clinic if you need to rejoin.',
    },
  }

  async function expectRefused(link: Pick<Link, 'token' | 'code'>, reason: InviteProblem) {
    const from = uniqueCallerAddress()
    expect(await check(link, from)).toEqual({ state: reason })
    const err = await redeemError(link, link.code, from)
    expect({ code: err.code, message: err.message, details: err.details }).toEqual({ ...messages[reason], details: { reason } })
  }

  it('an unknown link is not-found', async () => {
    await expectRefused({ token: randomBytes(16).toString('base64url'), code: '123456' }, 'not-found')
  })

  it('a removed patient’s link is revoked', async () => {
    const { appointmentId, links } = await bookVideo(['p1', 'p2'])
    await practitioner.call('saveAppointment', {
      practiceId,
      appointmentId,
      practitionerId: practitionerUid,
      start: new Date(Date.now() + 24 * HOUR).toISOString(),
      durationMinutes: 30,
      location: 'video',
      patientIds: ['p1'],
      allowOverlap: true,
    })
    await expectRefused(links[1]!, 'revoked')
    expect((await redeem(links[0]!, links[0]!.code, uniqueCallerAddress())).visit.patientId).toBe('p1')
  })

  it('a cancelled appointment’s link is cancelled', async () => {
    const link = await bookOne()
    await practitioner.call('cancelAppointment', { practiceId, appointmentId: link.appointmentId })
    await expectRefused(link, 'cancelled')
  })

  it('a patient who clicked End call has left, for good', async () => {
    const link = await bookOne()
    await redeem(link, link.code, uniqueCallerAddress())
    // What leaveVisit does to the invite when the patient clicks End call.
    await admin().db.doc(`invites/${link.inviteId}`).update({ status: 'used' })
    await expectRefused(link, 'left')
  })

  it('a link the clinic replaced with a new one says so, and the new one admits the patient', async () => {
    const link = await bookOne()
    await practitioner.call('reissueInvite', { practiceId, appointmentId: link.appointmentId, patientId: link.patientId })
    await expectRefused(link, 'replaced')
    const [fresh] = (await admin().db.collection('invites').where('appointmentId', '==', link.appointmentId).where('status', '==', 'active').get()).docs
    const secrets = deriveInviteSecrets(inviteKey, fresh!.get('nonce') as string)
    expect((await redeem(secrets, secrets.code, uniqueCallerAddress())).visit.patientId).toBe(link.patientId)
  })

  it('a visit the practitioner ended is finished', async () => {
    const link = await bookOne()
    await practice().collection('visits').doc(link.appointmentId).set({ status: 'ended', endedAt: FieldValue.serverTimestamp() })
    await expectRefused(link, 'finished')
  })

  it('a visit past its booked end and the overrun allowance is finished, but not before', async () => {
    const link = await bookOne()
    const appointment = practice().collection('appointments').doc(link.appointmentId)
    const endedAgo = async (ms: number) =>
      appointment.update({ start: Timestamp.fromMillis(Date.now() - ms - 30 * MINUTE), end: Timestamp.fromMillis(Date.now() - ms) })
    await endedAgo(55 * MINUTE)
    expect(await check(link, uniqueCallerAddress())).toMatchObject({ state: 'ready' })
    await endedAgo(61 * MINUTE)
    await expectRefused(link, 'finished')
  })
})

describe('checkInvite', () => {
  it('shows a valid link the practice, the booked times and the time zone, and nothing about the people', async () => {
    const link = await bookOne()
    const appointment = (await practice().collection('appointments').doc(link.appointmentId).get()).data()!
    expect(await check(link, uniqueCallerAddress())).toEqual({
      state: 'ready',
      practiceName: 'Harbourside Join Clinic',
      start: (appointment.start as Timestamp).toDate().toISOString(),
      end: (appointment.end as Timestamp).toDate().toISOString(),
      timeZone: TIME_ZONE,
    })
  })
})

describe('malformed input', () => {
  it('is refused as invalid-argument with a message, and counts neither against the invite nor the caller', async () => {
    const link = await bookOne()
    const from = uniqueCallerAddress()
    const cases: [unknown, string][] = [
      [{ token: link.token, code: '12345' }, 'Enter the 6-digit code from your message.'],
      [{ token: link.token, code: '12345a' }, 'Enter the 6-digit code from your message.'],
      [{ token: link.token, code: 123456 }, 'Enter the 6-digit code from your message.'],
      [{ token: link.token }, 'Enter the 6-digit code from your message.'],
      [{ token: link.token.slice(1), code: link.code }, 'This link is incomplete. Open it again from your message, or copy the whole link into your browser.'],
      [{ token: `${link.token.slice(1)}/`, code: link.code }, 'This link is incomplete. Open it again from your message, or copy the whole link into your browser.'],
      ['just a string', 'The request is malformed. Reload the page and try again.'],
    ]
    for (const [data, message] of cases) {
      const err = await publicCallError('redeemInvite', data, { from })
      expect({ code: err.code, message: err.message }).toEqual({ code: 'invalid-argument', message })
    }
    const badCheck = await publicCallError('checkInvite', { token: 'short' }, { from })
    expect(badCheck.code).toBe('invalid-argument')

    expect(await inviteDoc(link)).toMatchObject({ failedAttempts: 0 })
    const key = callerAddress({ headers: { 'x-forwarded-for': from } })
    for (const kind of ['redeemInvite', 'checkInvite']) {
      const id = createHmac('sha256', inviteKey).update(`${kind}:${key}`).digest('hex')
      expect((await admin().db.doc(`rateLimits/${id}`).get()).exists).toBe(false)
    }
    // The invite id is the token's hash: the link still works after all that.
    expect(inviteIdForToken(link.token)).toBe(link.inviteId)
    expect((await redeem(link, link.code, from)).visit.appointmentId).toBe(link.appointmentId)
  })
})
