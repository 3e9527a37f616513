/**
 * Books a video visit for an e2e test straight into the emulator (Admin SDK), with one invite per patient derived
 * the way saveAppointment derives them, so the links and codes work exactly like real ones. Each test gets its own
 * appointment: visits, presence and invite locks never leak between tests.
 */
import { randomUUID } from 'node:crypto'
import { getApps, initializeApp } from 'firebase-admin/app'
import { getFirestore, Timestamp, FieldValue } from 'firebase-admin/firestore'
import { deriveInviteSecrets, hashAccessCode, inviteIdForToken, newInviteNonce } from '../../../functions/src/invites/inviteSecrets'
import { localSecrets } from '../../../scripts/lib/localFunctionsConfig'
import { demoMembers, demoPatients, DEMO_PRACTICE_ID } from '../../../scripts/seed/demoPractice'

export interface BookedVisit {
  appointmentId: string
  practitioner: { email: string; displayName: string }
  patients: { id: string; firstName: string; fullName: string; path: string; code: string; inviteId: string }[]
  /** Deletes the appointment, its visit and invites, so other tests' "today" lists are as seeded. */
  remove(): Promise<void>
}

export function adminDb() {
  if (!getApps().length) initializeApp({ projectId: process.env.GCLOUD_PROJECT ?? 'demo-telehealth' })
  return getFirestore()
}

export async function bookVideoVisit(options: {
  practitionerUid: string
  patientIndexes: number[]
  startsInMinutes: number
  minutes?: number
}): Promise<BookedVisit> {
  const db = adminDb()
  const appointmentId = `e2e-visit-${randomUUID().slice(0, 8)}`
  const practitioner = demoMembers.find((m) => m.uid === options.practitionerUid)!
  const patients = options.patientIndexes.map((i) => demoPatients[i]!)
  const start = new Date(Date.now() + options.startsInMinutes * 60_000)
  const end = new Date(start.getTime() + (options.minutes ?? 30) * 60_000)
  await db.doc(`practices/${DEMO_PRACTICE_ID}/appointments/${appointmentId}`).set({
    practitionerId: practitioner.uid,
    practitionerName: practitioner.displayName,
    start: Timestamp.fromDate(start),
    end: Timestamp.fromDate(end),
    location: 'video',
    patientIds: patients.map((p) => p.id),
    patients: patients.map((p) => ({ id: p.id, firstName: p.firstName, lastName: p.lastName })),
    status: 'scheduled',
    notes: '',
    createdBy: 'e2e',
    createdAt: FieldValue.serverTimestamp(),
    updatedAt: FieldValue.serverTimestamp(),
  })
  const key = localSecrets().INVITE_KEY
  const links: BookedVisit['patients'] = []
  for (const patient of patients) {
    const nonce = newInviteNonce()
    const { token, code } = deriveInviteSecrets(key, nonce)
    const inviteId = inviteIdForToken(token)
    await db.doc(`invites/${inviteId}`).set({
      practiceId: DEMO_PRACTICE_ID,
      appointmentId,
      patientId: patient.id,
      nonce,
      codeHash: hashAccessCode(code),
      status: 'active',
      failedAttempts: 0,
      createdAt: FieldValue.serverTimestamp(),
    })
    links.push({ id: patient.id, firstName: patient.firstName, fullName: `${patient.firstName} ${patient.lastName}`, path: `/join/${token}`, code, inviteId })
  }
  const appointmentPath = `practices/${DEMO_PRACTICE_ID}/appointments/${appointmentId}`
  return {
    appointmentId,
    practitioner: { email: practitioner.email, displayName: practitioner.displayName },
    patients: links,
    async remove() {
      await db.recursiveDelete(db.doc(appointmentPath))
      await db.recursiveDelete(db.doc(`practices/${DEMO_PRACTICE_ID}/visits/${appointmentId}`))
      await Promise.all(links.map((link) => db.doc(`invites/${link.inviteId}`).delete()))
    },
  }
}

/** A wrong code for `code`: same length, different digits. */
export function wrongCodeFor(code: string): string {
  return code
    .split('')
    .map((d) => String((Number(d) + 1) % 10))
    .join('')
}
