import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing'
import {
  Bytes,
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  serverTimestamp,
  setDoc,
  updateDoc,
  type DocumentData,
} from 'firebase/firestore'
import { describe, it } from 'vitest'
import { CHUNK_BYTES } from '../../functions/src/domain/attachments'
import { MESSAGE_TEXT_MAX } from '../../functions/src/domain/chat'
import { paths } from '../../functions/src/domain/paths'
import { aMessage, anAttachment, chatExpiry } from '../factories/chat'
import { uniqueId } from '../factories/ids'
import { anAppointment } from '../factories/practice'
import { aParticipant, aVisit } from '../factories/visit'
import { describeAccessMatrix, NO_ACCESS, only, READS, seed, rulesTestFile } from './rulesTestEnv'
import { isPatientActor, visitActors, type VisitActor } from './support/visitActors'

// In-visit chat (issue 11): participants write messages and file records as themselves; functions mark files
// clean; chunks are readable only once clean. request.time is the emulator's real clock.

let appointmentId: string
let otherAppointmentId: string
let endedAppointmentId: string
const SCREEN_NAMES: Record<string, string> = {}

const visitPath = (a: string) => paths.visit(rules.team.practiceId, a)
const messagesPath = (a: string) => `${visitPath(a)}/messages`
const attachmentsPath = (a: string) => `${visitPath(a)}/attachments`
const chunkPath = (a: string, attachmentId: string, n: number) => `${attachmentsPath(a)}/${attachmentId}/chunks/${n}`

/** The message `actor` sends as themselves, under their own screen name, now. */
function ownMessage(actor: VisitActor, overrides: DocumentData = {}): DocumentData {
  return {
    ...aMessage({
      senderId: uidOf(actor),
      senderRole: isPatientActor(actor) ? 'patient' : 'practitioner',
      senderName: SCREEN_NAMES[uidOf(actor)] ?? 'Nobody',
      sentAt: serverTimestamp(),
      expireAt: chatExpiry(),
    }),
    ...overrides,
  }
}

function ownAttachment(actor: VisitActor, overrides: DocumentData = {}): DocumentData {
  return {
    ...anAttachment({
      uploaderId: uidOf(actor),
      uploaderName: SCREEN_NAMES[uidOf(actor)] ?? 'Nobody',
      createdAt: serverTimestamp(),
      expireAt: chatExpiry(),
    }),
    ...overrides,
  }
}

const chunk = (index: number, size = 1200) => ({ index, data: Bytes.fromUint8Array(new Uint8Array(size).fill(7)), expireAt: chatExpiry() })

// Files seeded for the chunk tests, one per status, each uploaded by the patient with chunk 0 in place (the
// infected one has none: the scan deleted them).
const FILES = ['uploading', 'scanning', 'clean', 'failed', 'infected'] as const
const fileId = (status: (typeof FILES)[number]) => `file-${status}`

const rules = rulesTestFile('chat', async (env, team) => {
  const docs: Record<string, DocumentData> = {}
  ;({ appointmentId, otherAppointmentId } = seedPatients(docs))
  endedAppointmentId = uniqueId('appointment')
  const here = [claims.patient.patientId, claims['patient whose invite is used'].patientId]
  const start = new Date(Date.now() - 5 * 60_000)
  const end = new Date(start.getTime() + 50 * 60_000)
  const appointment = (practitionerId: string, patientIds: string[]) =>
    anAppointment({ practitionerId, start, end, patients: patientIds.map((id) => ({ id, firstName: 'Amelia', lastName: 'Nguyen' })) })
  docs[paths.appointment(team.practiceId, appointmentId)] = appointment(team.practitioner, here)
  docs[paths.appointment(team.practiceId, otherAppointmentId)] = appointment(team.otherPractitioner, [claims['patient of another appointment'].patientId])
  docs[paths.appointment(team.practiceId, endedAppointmentId)] = appointment(team.practitioner, [uniqueId('patient')])
  docs[visitPath(appointmentId)] = aVisit({ practitionerId: team.practitioner, patientIds: here })
  docs[visitPath(otherAppointmentId)] = aVisit({ practitionerId: team.otherPractitioner })
  docs[visitPath(endedAppointmentId)] = aVisit({ practitionerId: team.practitioner, status: 'ended', endedAt: new Date(), endedBy: team.practitioner })

  // Everyone who could be in the visit has presence, so a denial is about the rule under test, not a missing name.
  const presence = (a: string, uid: string, role: 'patient' | 'practitioner', screenName: string) => {
    SCREEN_NAMES[uid] = screenName
    docs[`${visitPath(a)}/participants/${uid}`] = aParticipant({ role, patientId: role === 'patient' ? uniqueId('patient') : null, screenName, state: 'in-visit' })
  }
  presence(appointmentId, team.practitioner, 'practitioner', 'Dr Sam Patel')
  presence(endedAppointmentId, team.practitioner, 'practitioner', 'Dr Sam Patel')
  presence(appointmentId, uidOf('patient'), 'patient', 'Amelia')
  presence(appointmentId, uidOf('patient whose invite is used'), 'patient', 'Noah')
  presence(otherAppointmentId, uidOf('patient of another appointment'), 'patient', 'Olivia')
  for (const who of ['staff', 'owner', 'other practitioner', 'member of another practice'] as const) {
    presence(appointmentId, uidOf(who), 'practitioner', `Someone ${who}`)
  }

  docs[`${messagesPath(appointmentId)}/seeded`] = aMessage({ senderId: uidOf('patient'), senderName: 'Amelia' })
  for (const status of FILES) {
    docs[`${attachmentsPath(appointmentId)}/${fileId(status)}`] = anAttachment({ uploaderId: uidOf('patient'), status, chunkCount: 2 })
    if (status !== 'infected') docs[chunkPath(appointmentId, fileId(status), 0)] = chunk(0)
  }
  await seed(env, docs)
})

const { claims, uidOf, as, seedPatients } = visitActors(rules)


const readAndSend = only('get', 'list', 'create')
const chatAccess = {
  'signed out': NO_ACCESS,
  'member of another practice': NO_ACCESS,
  staff: NO_ACCESS,
  'other practitioner': NO_ACCESS,
  owner: NO_ACCESS,
  practitioner: readAndSend,
  patient: readAndSend,
  'patient whose invite is used': READS,
  'patient of another appointment': NO_ACCESS,
}

// ------------------------------------------------------------------ messages

describeAccessMatrix<VisitActor>('messages', {
  subject: { get: 'a message', list: "the visit's messages", create: 'a message', update: 'a message', delete: 'a message' },
  access: chatAccess,
  as,
  run: {
    get: (db) => getDoc(doc(db, `${messagesPath(appointmentId)}/seeded`)),
    list: (db) => getDocs(collection(db, messagesPath(appointmentId))),
    create: (db, actor) => setDoc(doc(db, `${messagesPath(appointmentId)}/${uniqueId('m')}`), ownMessage(actor)),
    update: (db) => updateDoc(doc(db, `${messagesPath(appointmentId)}/seeded`), { text: 'edited' }),
    delete: (db) => deleteDoc(doc(db, `${messagesPath(appointmentId)}/seeded`)),
  },
})

describe('messages: who, when and what', () => {
  const send = (actor: VisitActor, overrides: DocumentData = {}, a = appointmentId, id = uniqueId('m')) =>
    setDoc(doc(as(actor), `${messagesPath(a)}/${id}`), ownMessage(actor, overrides))

  it('nobody sends once the visit has ended', async () => {
    await assertFails(send('practitioner', {}, endedAppointmentId))
  })

  it('a patient cannot write a message as someone else', async () => {
    await assertFails(send('patient', { senderId: rules.team.practitioner, senderRole: 'practitioner' }))
  })

  it("a patient cannot send under another participant's name", async () => {
    await assertFails(send('patient', { senderName: 'Dr Sam Patel' }))
  })

  it('the practitioner cannot send as a patient', async () => {
    await assertFails(send('practitioner', { senderRole: 'patient' }))
  })

  it('a patient cannot send into another appointment\'s visit', async () => {
    await assertFails(setDoc(doc(as('patient of another appointment'), `${messagesPath(appointmentId)}/${uniqueId('m')}`), ownMessage('patient of another appointment')))
  })

  it(`a message of exactly ${MESSAGE_TEXT_MAX} characters is sent`, async () => {
    await assertSucceeds(send('patient', { text: 'a'.repeat(MESSAGE_TEXT_MAX) }))
  })

  it(`a message of ${MESSAGE_TEXT_MAX + 1} characters is refused`, async () => {
    await assertFails(send('patient', { text: 'a'.repeat(MESSAGE_TEXT_MAX + 1) }))
  })

  it('an empty message, a non-text message and an extra field are refused', async () => {
    await assertFails(send('patient', { text: '' }))
    await assertFails(send('patient', { text: 42 }))
    await assertFails(send('patient', { html: '<b>hi</b>' }))
  })

  it("a message stamped with the sender's own clock is refused (order is by server time)", async () => {
    await assertFails(send('patient', { sentAt: new Date(Date.now() - 60_000) }))
  })

  it('a message with no expiry, or one far in the future, is refused (the TTL backstop)', async () => {
    await assertFails(send('patient', { expireAt: null }))
    await assertFails(send('patient', { expireAt: new Date(Date.now() + 30 * 24 * 3_600_000) }))
  })

  it('a retried send with the same id is refused, so a message is never stored twice', async () => {
    const id = uniqueId('m')
    await assertSucceeds(send('patient', {}, appointmentId, id))
    await assertFails(send('patient', {}, appointmentId, id))
  })

  it("the practitioner cannot delete a patient's message", async () => {
    await assertFails(deleteDoc(doc(as('practitioner'), `${messagesPath(appointmentId)}/seeded`)))
  })
})

// ------------------------------------------------------------------ attachments

describeAccessMatrix<VisitActor>('attachments', {
  subject: { get: 'a file record', list: "the visit's files", create: 'a file record', update: 'a file record (mark it clean)', delete: 'a file record' },
  access: chatAccess,
  as,
  run: {
    get: (db) => getDoc(doc(db, `${attachmentsPath(appointmentId)}/${fileId('clean')}`)),
    list: (db) => getDocs(collection(db, attachmentsPath(appointmentId))),
    create: (db, actor) => setDoc(doc(db, `${attachmentsPath(appointmentId)}/${uniqueId('file')}`), ownAttachment(actor)),
    update: (db) => updateDoc(doc(db, `${attachmentsPath(appointmentId)}/${fileId('scanning')}`), { status: 'clean' }),
    delete: (db) => deleteDoc(doc(db, `${attachmentsPath(appointmentId)}/${fileId('infected')}`)),
  },
})

describe('attachments: what a new file record may say', () => {
  const create = (actor: VisitActor, overrides: DocumentData = {}, a = appointmentId) =>
    setDoc(doc(as(actor), `${attachmentsPath(a)}/${uniqueId('file')}`), ownAttachment(actor, overrides))

  it('the uploader cannot mark their own file clean, on creation or after', async () => {
    await assertFails(create('patient', { status: 'clean' }))
    await assertFails(updateDoc(doc(as('patient'), `${attachmentsPath(appointmentId)}/${fileId('uploading')}`), { status: 'clean' }))
  })

  it('a file over 10 MB is refused; exactly 10 MB is accepted', async () => {
    await assertFails(create('patient', { sizeBytes: 10 * 1024 * 1024 + 1, chunkCount: 15 }))
    await assertSucceeds(create('patient', { sizeBytes: 10 * 1024 * 1024, chunkCount: 15 }))
  })

  it('a type a browser would run (HTML, SVG) is refused', async () => {
    await assertFails(create('patient', { contentType: 'text/html', fileName: 'page.html' }))
    await assertFails(create('patient', { contentType: 'image/svg+xml', fileName: 'picture.svg' }))
  })

  it('a record as another uploader, or with a wrong-typed size, is refused', async () => {
    await assertFails(create('patient', { uploaderId: rules.team.practitioner }))
    await assertFails(create('patient', { sizeBytes: '1200' }))
  })

  it('no file is shared once the visit has ended', async () => {
    await assertFails(create('practitioner', {}, endedAppointmentId))
  })
})

// ------------------------------------------------------------------ attachments/{id}/chunks/{n}

describe('chunks: readable only once the scan has passed', () => {
  const read = (actor: VisitActor, status: (typeof FILES)[number]) => getDoc(doc(as(actor), chunkPath(appointmentId, fileId(status), 0)))

  for (const status of ['uploading', 'scanning', 'failed', 'infected'] as const) {
    it(`nobody reads a chunk of a ${status} file, not even its uploader`, async () => {
      await assertFails(read('practitioner', status))
      await assertFails(read('patient', status))
    })
  }

  it('the participants read a chunk of a clean file, and list them', async () => {
    await assertSucceeds(read('practitioner', 'clean'))
    await assertSucceeds(read('patient', 'clean'))
    await assertSucceeds(getDocs(collection(as('practitioner'), `${attachmentsPath(appointmentId)}/${fileId('clean')}/chunks`)))
  })

  it('outsiders cannot read a chunk of a clean file', async () => {
    for (const actor of ['patient of another appointment', 'staff', 'owner', 'other practitioner', 'signed out'] as const) {
      await assertFails(read(actor, 'clean'))
    }
  })
})

describe('chunks: written only by the uploader while uploading', () => {
  const write = (actor: VisitActor, status: (typeof FILES)[number], index: number, data: DocumentData = chunk(index)) =>
    setDoc(doc(as(actor), chunkPath(appointmentId, fileId(status), index)), data)

  it('the uploader writes the next chunk of their uploading file', async () => {
    await assertSucceeds(write('patient', 'uploading', 1))
  })

  it('another participant cannot write a chunk into it', async () => {
    await assertFails(write('practitioner', 'uploading', 1))
  })

  it('no chunk is written once the file is scanning, clean or failed (the bytes scanned are the bytes read)', async () => {
    await assertFails(write('patient', 'scanning', 1))
    await assertFails(write('patient', 'clean', 1))
    await assertFails(write('patient', 'failed', 1))
  })

  it(`a chunk over ${CHUNK_BYTES} bytes, past the chunk count, or under another index is refused`, async () => {
    await assertFails(write('patient', 'uploading', 1, chunk(1, CHUNK_BYTES + 1)))
    await assertFails(write('patient', 'uploading', 2))
    await assertFails(write('patient', 'uploading', 1, chunk(0)))
  })

  it('a chunk is never changed or deleted', async () => {
    await assertFails(updateDoc(doc(as('patient'), chunkPath(appointmentId, fileId('uploading'), 0)), { data: Bytes.fromUint8Array(new Uint8Array(3)) }))
    await assertFails(deleteDoc(doc(as('patient'), chunkPath(appointmentId, fileId('uploading'), 0))))
  })
})
