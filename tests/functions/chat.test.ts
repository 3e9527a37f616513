import { randomBytes, randomUUID } from 'node:crypto'
import { FieldValue } from 'firebase-admin/firestore'
import { Bytes, collection, doc, getDocs, serverTimestamp, setDoc, type Firestore } from 'firebase/firestore'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restartLocalClamd, stopLocalClamd } from '../../scripts/lib/clamd'
import { checkAttachment, joinChunks, splitIntoChunks, type ScanAttachmentResult } from '../../functions/src/domain/attachments'
import { patientUid, type PatientClaims } from '../../functions/src/domain/visit'
import { chatExpiry } from '../factories/chat'
import { admin, closeClients, createAccount, customTokenClient, expectCallableError, signedInClient } from './support/emulators'
import { adjustCredits } from './support/credits'

// Shared files against the emulators and the real clamd `npm test` starts (with the project's EICAR signature).
// Megabyte-sized writes are slow in the Firestore emulator under load (seconds per chunk), hence the timeouts.
const SLOW = 120_000

const practiceId = `fn-chat-${randomUUID().slice(0, 8)}`
const MINUTE = 60_000
// The EICAR test file, built from two halves so this source file is not itself flagged by a scanner.
const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-' + 'ANTIVIRUS-TEST-FILE!$H+H*')
const practice = () => admin().db.doc(`practices/${practiceId}`)
type Client = { uid: string; db: Firestore; call: <T = unknown>(name: string, data: unknown) => Promise<T> }
let practitioner: Client
let drA: Awaited<ReturnType<typeof createAccount>>

/** A live visit of Dr A with one patient, both present (as their pages would have written on joining). */
async function liveVisit(): Promise<{ ref: { practiceId: string; appointmentId: string }; patient: Client; visitPath: string }> {
  const appointmentId = `appt-${randomBytes(4).toString('hex')}`
  const start = new Date(Date.now() - 5 * MINUTE)
  await practice().collection('appointments').doc(appointmentId).set({
    practitionerId: drA.uid, practitionerName: 'Dr Alpha', start, end: new Date(start.getTime() + 30 * MINUTE),
    location: 'video', status: 'scheduled', patientIds: ['p1'], patients: [{ id: 'p1', firstName: 'Amelia', lastName: 'Nguyen' }], notes: '',
  })
  const inviteId = randomBytes(32).toString('hex')
  await admin().db.doc(`invites/${inviteId}`).set({ practiceId, appointmentId, patientId: 'p1', nonce: 'n', codeHash: 'h', status: 'active', failedAttempts: 0 })
  const claims: PatientClaims = { practiceId, appointmentId, inviteId, patientId: 'p1' }
  const ref = { practiceId, appointmentId }
  await practitioner.call('startVisit', ref)
  const uid = patientUid(inviteId)
  const client = await customTokenClient(await admin().auth.createCustomToken(uid, { patient: claims }))
  const visitPath = `practices/${practiceId}/visits/${appointmentId}`
  const presence = (role: string, patientId: string | null, screenName: string) => ({
    role, patientId, screenName, state: 'in-visit', connection: 'good', media: { audio: true, video: true, screen: false },
    joinedAt: FieldValue.serverTimestamp(), lastSeenAt: FieldValue.serverTimestamp(),
  })
  await admin().db.doc(`${visitPath}/participants/${uid}`).set(presence('patient', 'p1', 'Amelia'))
  await admin().db.doc(`${visitPath}/participants/${drA.uid}`).set(presence('practitioner', null, 'Dr Alpha'))
  return { ref, patient: { uid, db: client.db, call: client.call }, visitPath }
}

/** What the chat panel does: the record, then every chunk, through the rules, as the uploader. */
async function upload(client: Client, visitPath: string, name: string, bytes: Uint8Array, screenName: string): Promise<string> {
  const check = checkAttachment({ name, sizeBytes: bytes.length }, 0)
  if (!check.ok) throw new Error(check.problem)
  const attachmentId = randomUUID()
  await setDoc(doc(client.db, `${visitPath}/attachments/${attachmentId}`), {
    uploaderId: client.uid, uploaderName: screenName, fileName: check.fileName, contentType: check.contentType,
    sizeBytes: check.sizeBytes, chunkCount: check.chunkCount, status: 'uploading', createdAt: serverTimestamp(), expireAt: chatExpiry(),
  })
  const chunks = splitIntoChunks(bytes)
  await Promise.all(
    chunks.map((data, index) =>
      setDoc(doc(client.db, `${visitPath}/attachments/${attachmentId}/chunks/${index}`), { index, data: Bytes.fromUint8Array(data), expireAt: chatExpiry() }),
    ),
  )
  return attachmentId
}

const scan = (client: Client, ref: { practiceId: string; appointmentId: string }, attachmentId: string) =>
  client.call<ScanAttachmentResult>('scanAttachment', { ...ref, attachmentId })

const readChunks = async (client: Client, visitPath: string, attachmentId: string) =>
  joinChunks((await getDocs(collection(client.db, `${visitPath}/attachments/${attachmentId}/chunks`))).docs
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((d) => (d.get('data') as Bytes).toUint8Array()))

const adminChunkCount = async (visitPath: string, attachmentId: string) =>
  (await admin().db.collection(`${visitPath}/attachments/${attachmentId}/chunks`).count().get()).data().count

const auditFor = async (attachmentId: string, action: string) =>
  (await practice().collection('audit').where('target.id', '==', attachmentId).where('action', '==', action).get()).docs.map((d) => d.data())

/** A PDF of `size` bytes: the right first bytes, random after them. */
const aPdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)])

beforeAll(async () => {
  await practice().set({ name: 'Chat Clinic', timeZone: 'UTC', phone: '+61290000011', settings: { joinWindowMinutes: 10, reminderOffsetsHours: [], idleTimeoutMinutes: 15 } })
  drA = await createAccount('Dr A')
  await practice().collection('members').doc(drA.uid).set({ uid: drA.uid, email: drA.email, displayName: 'Dr Alpha', role: 'practitioner', createdAt: FieldValue.serverTimestamp() })
  const signedIn = await signedInClient(drA.email, drA.password)
  practitioner = { uid: drA.uid, db: signedIn.db, call: signedIn.call }
  // Start needs credit for the first block (issue 10).
  await adjustCredits(practiceId, 1_000)
}, 60_000)

afterAll(async () => {
  await closeClients()
})

describe('scanAttachment with a real clamd', () => {
  it('a clean file becomes readable by the other participant, byte for byte, and is audited by id', async () => {
    const { ref, patient, visitPath } = await liveVisit()
    const pdf = aPdf(1_500_000)
    const attachmentId = await upload(patient, visitPath, 'referral.pdf', pdf, 'Amelia')
    await expect(readChunks(practitioner, visitPath, attachmentId)).rejects.toMatchObject({ code: 'permission-denied' })

    expect((await scan(patient, ref, attachmentId)).status).toBe('clean')
    expect((await admin().db.doc(`${visitPath}/attachments/${attachmentId}`).get()).get('status')).toBe('clean')
    const bytes = await readChunks(practitioner, visitPath, attachmentId)
    expect(Buffer.from(bytes).equals(pdf)).toBe(true)
    const [shared] = await auditFor(attachmentId, 'attachment.shared')
    expect(shared).toMatchObject({ actor: { uid: patient.uid, role: 'patient' }, target: { type: 'attachment', id: attachmentId }, details: { visitId: ref.appointmentId } })

    await practitioner.call('recordAttachmentOpened', { ...ref, attachmentId })
    expect(await auditFor(attachmentId, 'attachment.opened')).toHaveLength(1)
    // Scanning again returns the verdict without a second scan or audit.
    expect((await scan(patient, ref, attachmentId)).status).toBe('clean')
    expect(await auditFor(attachmentId, 'attachment.shared')).toHaveLength(1)
  }, SLOW)

  it('the EICAR test file is blocked: its chunks are gone at once and nobody reads it', async () => {
    const { ref, patient, visitPath } = await liveVisit()
    const attachmentId = await upload(patient, visitPath, 'eicar.txt', EICAR, 'Amelia')
    expect((await scan(patient, ref, attachmentId)).status).toBe('infected')
    expect((await admin().db.doc(`${visitPath}/attachments/${attachmentId}`).get()).get('status')).toBe('infected')
    expect(await adminChunkCount(visitPath, attachmentId)).toBe(0)
    await expect(readChunks(practitioner, visitPath, attachmentId)).rejects.toMatchObject({ code: 'permission-denied' })
    await expect(readChunks(patient, visitPath, attachmentId)).rejects.toMatchObject({ code: 'permission-denied' })
    await expectCallableError(practitioner.call('recordAttachmentOpened', { ...ref, attachmentId }), 'not-found')
    expect(await auditFor(attachmentId, 'attachment.blocked')).toEqual([
      expect.objectContaining({ actor: { uid: patient.uid, role: 'patient' }, details: { visitId: ref.appointmentId } }),
    ])
  }, SLOW)

  it('with clamd down the scan fails closed: nothing readable, and the uploader can retry once it is back', async () => {
    const { ref, patient, visitPath } = await liveVisit()
    const pdf = aPdf(2_000)
    const attachmentId = await upload(patient, visitPath, 'results.pdf', pdf, 'Amelia')
    await stopLocalClamd()
    try {
      expect((await scan(patient, ref, attachmentId)).status).toBe('failed')
    } finally {
      await restartLocalClamd()
    }
    expect((await admin().db.doc(`${visitPath}/attachments/${attachmentId}`).get()).get('status')).toBe('failed')
    await expect(readChunks(practitioner, visitPath, attachmentId)).rejects.toMatchObject({ code: 'permission-denied' })
    expect((await scan(patient, ref, attachmentId)).status).toBe('clean')
    expect(Buffer.from(await readChunks(practitioner, visitPath, attachmentId)).equals(pdf)).toBe(true)
  }, SLOW)

  it('checks again on the server: a file whose bytes are not its type is refused and deleted whole', async () => {
    const { ref, patient, visitPath } = await liveVisit()
    const attachmentId = await upload(patient, visitPath, 'invoice.pdf', Buffer.from('<html><script>alert(1)</script></html>'), 'Amelia')
    await expectCallableError(scan(patient, ref, attachmentId), 'invalid-argument', 'invoice.pdf is not really a PDF file.')
    expect((await admin().db.doc(`${visitPath}/attachments/${attachmentId}`).get()).exists).toBe(false)
    expect(await adminChunkCount(visitPath, attachmentId)).toBe(0)
  }, SLOW)

  it('only the uploader has a file scanned, and malformed input is refused', async () => {
    const { ref, patient, visitPath } = await liveVisit()
    const attachmentId = await upload(patient, visitPath, 'notes.txt', Buffer.from('notes'), 'Amelia')
    await expectCallableError(scan(practitioner, ref, attachmentId), 'not-found', 'That file is not yours to share, or it is gone.')
    await expectCallableError(patient.call('scanAttachment', { ...ref, attachmentId, status: 'clean' }), 'invalid-argument')
    await expectCallableError(patient.call('scanAttachment', { ...ref, attachmentId: 'a/b' }), 'invalid-argument', 'The file is malformed.')
    expect((await admin().db.doc(`${visitPath}/attachments/${attachmentId}`).get()).get('status')).toBe('uploading')
  }, SLOW)
})

describe('the end of the visit', () => {
  it('leaves zero messages, attachments and chunks, and a retried End finishes a cut-short clean-up', async () => {
    const { ref, patient, visitPath } = await liveVisit()
    const send = (client: Client, senderRole: string, senderName: string, seq: number) =>
      setDoc(doc(client.db, `${visitPath}/messages/${client.uid}_s_${seq}`), {
        senderId: client.uid, senderRole, senderName, text: `message ${seq} 😀`, clientSeq: seq, sentAt: serverTimestamp(), expireAt: chatExpiry(),
      })
    await Promise.all([send(patient, 'patient', 'Amelia', 0), send(practitioner, 'practitioner', 'Dr Alpha', 0), send(patient, 'patient', 'Amelia', 1)])
    const clean = await upload(patient, visitPath, 'scan.pdf', aPdf(900_000), 'Amelia')
    await scan(patient, ref, clean)
    const pending = await upload(practitioner, visitPath, 'plan.txt', Buffer.from('plan'), 'Dr Alpha')
    expect((await admin().db.collection(`${visitPath}/messages`).count().get()).data().count).toBe(3)
    expect(await adminChunkCount(visitPath, clean)).toBe(2)

    await practitioner.call('endVisit', ref)
    const counts = async () => ({
      messages: (await admin().db.collection(`${visitPath}/messages`).count().get()).data().count,
      attachments: (await admin().db.collection(`${visitPath}/attachments`).count().get()).data().count,
      chunks: (await adminChunkCount(visitPath, clean)) + (await adminChunkCount(visitPath, pending)),
    })
    expect(await counts()).toEqual({ messages: 0, attachments: 0, chunks: 0 })

    // A clean-up cut short leaves documents behind (here: put back by hand); the next End deletes them.
    await admin().db.doc(`${visitPath}/messages/left-over`).set({ text: 'left over' })
    await admin().db.doc(`${visitPath}/attachments/${clean}/chunks/0`).set({ index: 0 })
    await practitioner.call('endVisit', ref)
    expect(await counts()).toEqual({ messages: 0, attachments: 0, chunks: 0 })
  }, SLOW)
})
