/**
 * Seeds the demo practice into the running emulators through the Admin SDK. Safe to run again: fixed ids,
 * accounts updated in place, today's bookings rebuilt for the current day.
 */
import { TZDate } from '@date-fns/tz'
import { initializeApp, getApps } from 'firebase-admin/app'
import { getAuth } from 'firebase-admin/auth'
import { FieldValue, getFirestore, Timestamp } from 'firebase-admin/firestore'
import { addMinutes, set as setTime } from 'date-fns'
import { deriveInviteSecrets, hashAccessCode, inviteIdForToken, newInviteNonce } from '../../functions/src/invites/inviteSecrets'
import { memberInvitationExpiresAt } from '../../functions/src/domain/memberInvitation'
import { invitationIdForToken, newInvitationToken } from '../../functions/src/members/invitationToken'
import { applyCreditGrant } from '../../functions/src/billing/applyCreditGrant'
import { localSecrets } from '../lib/localFunctionsConfig'
import { demoTimeZone } from './demoTimeZone'
import { patientSearchTokens } from '../../functions/src/domain/patientContact'
import {
  DEMO_GRANT,
  DEMO_PASSWORD,
  DEMO_PHONE_NUMBER,
  DEMO_PRACTICE_ID,
  demoBookings,
  demoInvitation,
  demoMembers,
  demoPatients,
  demoPractice,
  type DemoBooking,
} from './demoPractice'

export interface SeedResult {
  practiceId: string
  members: { email: string; role: string; password: string }[]
  timeZone: string
  join: { url: string; code: string; patientFirstName: string; startsAt: Date }
  /** A pending member invitation (a fresh link on every seed; earlier demo ones are withdrawn). */
  invitation: { url: string; email: string; role: string }
}

function assertEmulators() {
  if (!process.env.FIRESTORE_EMULATOR_HOST || !process.env.FIREBASE_AUTH_EMULATOR_HOST) {
    throw new Error('Seeding writes to the emulators only: FIRESTORE_EMULATOR_HOST and FIREBASE_AUTH_EMULATOR_HOST must be set.')
  }
}

function bookingStart(booking: DemoBooking, now: Date, timeZone: string): Date {
  if (booking.at === 'soon') {
    const soon = addMinutes(now, 5)
    soon.setSeconds(0, 0)
    return soon
  }
  const [hours, minutes] = booking.at.split(':').map(Number)
  return new Date(setTime(new TZDate(now, timeZone), { hours, minutes, seconds: 0, milliseconds: 0 }).getTime())
}

async function upsertUser(uid: string, email: string, displayName: string) {
  const auth = getAuth()
  try {
    // Verified: the rules accept member sessions only with a verified email (members join by emailed invitation).
    await auth.updateUser(uid, { email, displayName, password: DEMO_PASSWORD, emailVerified: true })
  } catch {
    await auth.createUser({ uid, email, displayName, password: DEMO_PASSWORD, emailVerified: true })
  }
}

/**
 * Waits until `syncMemberClaims` has mirrored every demo member's role into their claims. The functions emulator
 * may register its triggers a moment after its port opens, losing the first writes, so members still unsynced
 * are touched again every few seconds.
 */
async function waitForClaims(timeoutMs: number) {
  const db = getFirestore()
  const deadline = Date.now() + timeoutMs
  let nextTouch = Date.now() + 3_000
  for (;;) {
    const users = await Promise.all(demoMembers.map((m) => db.doc(`users/${m.uid}`).get()))
    const unsynced = demoMembers.filter((m, i) => users[i]!.get(`roles.${DEMO_PRACTICE_ID}`) !== m.role)
    if (unsynced.length === 0) return
    if (Date.now() > deadline) throw new Error('Timed out waiting for the functions emulator to sync member claims.')
    if (Date.now() > nextTouch) {
      await Promise.all(unsynced.map((m) => db.doc(`practices/${DEMO_PRACTICE_ID}/members/${m.uid}`).update({ updatedAt: FieldValue.serverTimestamp() })))
      nextTouch = Date.now() + 3_000
    }
    await new Promise((r) => setTimeout(r, 250))
  }
}

/**
 * The demo practice's credits: a grant created as an admin creates one in the Firebase console, applied by the
 * onCreditGrantCreated trigger. The seed applies it too (the trigger may not be registered yet): a grant is applied
 * exactly once however often that happens. A second seed on the same emulators keeps the grant already there.
 */
async function seedCredits() {
  const grant = getFirestore().doc(`practices/${DEMO_PRACTICE_ID}/creditGrants/${DEMO_GRANT.id}`)
  if (!(await grant.get()).exists) await grant.create({ amount: DEMO_GRANT.amount, reason: DEMO_GRANT.reason, createdAt: FieldValue.serverTimestamp() })
  await applyCreditGrant(DEMO_PRACTICE_ID, DEMO_GRANT.id)
}

export async function seedDemo({ appUrl = 'http://127.0.0.1:5173', now = new Date(), timeZone = demoTimeZone(now) } = {}): Promise<SeedResult> {
  assertEmulators()
  if (!getApps().length) initializeApp({ projectId: process.env.GCLOUD_PROJECT ?? 'demo-telehealth' })
  const db = getFirestore()
  const practiceRef = db.doc(`practices/${DEMO_PRACTICE_ID}`)

  await practiceRef.set({ ...demoPractice, timeZone, createdAt: FieldValue.serverTimestamp() })

  for (const m of demoMembers) {
    await upsertUser(m.uid, m.email, m.displayName)
    await practiceRef.collection('members').doc(m.uid).set({
      ...m,
      createdAt: FieldValue.serverTimestamp(),
      updatedAt: FieldValue.serverTimestamp(),
    })
  }

  await practiceRef.collection('phoneNumbers').doc(DEMO_PHONE_NUMBER).set({
    label: 'Reception line',
    capabilities: { voice: true, sms: true },
    allowedMemberIds: demoMembers.map((m) => m.uid),
    updatedAt: FieldValue.serverTimestamp(),
  })

  const patientBatch = db.batch()
  for (const { id, consent, ...p } of demoPatients) {
    const grant = (granted: boolean) => ({ granted, updatedAt: FieldValue.serverTimestamp(), source: 'demo-seed' })
    patientBatch.set(practiceRef.collection('patients').doc(id), {
      ...p,
      consent: { email: grant(consent.email), sms: grant(consent.sms) },
      optOut: { email: null, sms: null },
      searchTokens: patientSearchTokens(p),
      createdAt: FieldValue.serverTimestamp(),
      updatedAt: FieldValue.serverTimestamp(),
    })
  }
  await patientBatch.commit()

  // Rebuild today's bookings, so a second run on another day still shows a full day.
  const old = await practiceRef.collection('appointments').where('createdBy', '==', 'demo-seed').get()
  const bookingBatch = db.batch()
  old.docs.forEach((d) => bookingBatch.delete(d.ref))
  for (const b of demoBookings) {
    const start = bookingStart(b, now, timeZone)
    const practitioner = demoMembers.find((m) => m.uid === b.practitionerUid)!
    const patients = b.patientIndexes.map((i) => demoPatients[i]!)
    bookingBatch.set(practiceRef.collection('appointments').doc(b.id), {
      practitionerId: practitioner.uid,
      practitionerName: practitioner.displayName,
      start: Timestamp.fromDate(start),
      end: Timestamp.fromDate(addMinutes(start, b.minutes)),
      location: b.location,
      patientIds: patients.map((p) => p.id),
      patients: patients.map((p) => ({ id: p.id, firstName: p.firstName, lastName: p.lastName })),
      status: b.status ?? 'scheduled',
      notes: '',
      createdBy: 'demo-seed',
      createdAt: FieldValue.serverTimestamp(),
      updatedAt: FieldValue.serverTimestamp(),
    })
  }
  await bookingBatch.commit()

  // Every video booking gets an invite per patient, derived from a nonce the way saveAppointment does it, so
  // the links the console reveals and the one printed below all work.
  const key = localSecrets().INVITE_KEY
  const oldInvites = await db.collection('invites').where('practiceId', '==', DEMO_PRACTICE_ID).get()
  const inviteBatch = db.batch()
  oldInvites.docs.forEach((d) => inviteBatch.delete(d.ref))
  let printed: { token: string; code: string } | undefined
  for (const b of demoBookings.filter((b) => b.location === 'video')) {
    for (const i of b.patientIndexes) {
      const nonce = newInviteNonce()
      const { token, code } = deriveInviteSecrets(key, nonce)
      if (b.at === 'soon') printed = { token, code }
      inviteBatch.set(db.doc(`invites/${inviteIdForToken(token)}`), {
        practiceId: DEMO_PRACTICE_ID,
        appointmentId: b.id,
        patientId: demoPatients[i]!.id,
        nonce,
        codeHash: hashAccessCode(code),
        status: b.status === 'cancelled' ? 'revoked' : 'active',
        failedAttempts: 0,
        createdAt: FieldValue.serverTimestamp(),
      })
    }
  }
  await inviteBatch.commit()
  const soon = demoBookings.find((b) => b.at === 'soon')!
  const patient = demoPatients[soon.patientIndexes[0]!]!
  const { token, code } = printed!

  const invitation = await seedMemberInvitation(appUrl, now)

  await waitForClaims(60_000)
  await seedCredits()

  return {
    practiceId: DEMO_PRACTICE_ID,
    timeZone,
    members: demoMembers.map((m) => ({ email: m.email, role: m.role, password: DEMO_PASSWORD })),
    join: { url: `${appUrl}/join/${token}`, code, patientFirstName: patient.firstName, startsAt: bookingStart(soon, now, timeZone) },
    invitation,
  }
}

/** A pending invitation for demoInvitation, as inviteMember writes it (only the token's hash is stored). */
async function seedMemberInvitation(appUrl: string, now: Date): Promise<SeedResult['invitation']> {
  const db = getFirestore()
  const earlier = await db.collection('memberInvitations').where('practiceId', '==', DEMO_PRACTICE_ID).where('status', '==', 'pending').get()
  const batch = db.batch()
  earlier.docs.forEach((d) => batch.update(d.ref, { status: 'revoked', revokedReason: 'replaced' }))
  const token = newInvitationToken()
  batch.set(db.doc(`memberInvitations/${invitationIdForToken(token)}`), {
    practiceId: DEMO_PRACTICE_ID,
    ...demoInvitation,
    status: 'pending',
    invitedBy: demoMembers[0]!.uid,
    createdAt: FieldValue.serverTimestamp(),
    expiresAt: Timestamp.fromDate(memberInvitationExpiresAt(now)),
  })
  await batch.commit()
  return { url: `${appUrl}/invitation/${token}`, email: demoInvitation.email, role: demoInvitation.role }
}
