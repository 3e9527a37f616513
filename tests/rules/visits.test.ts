import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing'
import {
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  type DocumentData,
  type Firestore,
} from 'firebase/firestore'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { paths } from '../../functions/src/domain/paths'
import { MAX_SIGNAL_SLOTS, patientUid, signalId, type PatientClaims } from '../../functions/src/domain/visit'
import { uniqueId } from '../factories/ids'
import { anAppointment, aPatient, aPractice, aPracticeSettings, type AppointmentStatus } from '../factories/practice'
import { anInvite, aParticipant, aSignal, aVisit } from '../factories/visit'
import {
  describeAccessMatrix,
  NO_ACCESS,
  only,
  READS,
  firestoreOf,
  seed,
  rulesTestFile,
} from './rulesTestEnv'
import { isPatientActor, seedPatientInvite, visitActors, VISIT_ACTORS, type VisitActor } from './support/visitActors'

// Video visits (issue 4). Functions write the visit document; each participant writes their own presence
// and, with the development media backend, WebRTC signals. Patients act through a custom token scoped to
// one appointment. request.time is the emulator's real clock, so appointments are seeded around `Date.now()`.

const MINUTE = 60_000

/** The visit the matrices act on: the practitioner's live visit with two patients, its window open now. */
let appointmentId: string
/** Another appointment of the practice, whose patient is `patient of another appointment`. */
let otherAppointmentId: string
/** An appointment in the window whose visit has not started: no visit document. */
let waitingAppointmentId: string

const practicePath = () => paths.practice(rules.team.practiceId)
const appointmentPath = (a: string) => paths.appointment(rules.team.practiceId, a)
const visitPath = (a: string) => paths.visit(rules.team.practiceId, a)
const presencePath = (a: string, uid: string) => paths.visitParticipant(rules.team.practiceId, a, uid)
const signalsPath = (a: string) => paths.visitSignals(rules.team.practiceId, a)

/** Booked from `startInMinutes` from now, for `minutes`. */
function bookedAt(startInMinutes: number, minutes = 50): { start: Date; end: Date } {
  const start = new Date(Date.now() + startInMinutes * MINUTE)
  return { start, end: new Date(start.getTime() + minutes * MINUTE) }
}

/** An admin deletes a document (rules bypassed), so a create starts from nothing whatever ran before. */
async function unseed(path: string): Promise<void> {
  await rules.env.withSecurityRulesDisabled(async (context) => {
    await deleteDoc(doc(firestoreOf(context), path))
  })
}

/** The presence an actor writes for themselves: a patient as 'patient' with their patientId, anyone else as 'practitioner'. */
function ownPresence(actor: VisitActor, overrides: DocumentData = {}): DocumentData {
  const who = isPatientActor(actor)
    ? ({ role: 'patient', patientId: claims[actor].patientId } as const)
    : ({ role: 'practitioner', patientId: null } as const)
  // Overrides are untyped on purpose: shape tests write what the rules must refuse.
  return { ...aParticipant({ ...who, joinedAt: serverTimestamp(), lastSeenAt: serverTimestamp() }), ...overrides }
}

/** The same presence as stored by an earlier write (timestamps in the past), for update tests. */
function storedPresence(actor: VisitActor): DocumentData {
  const fiveMinutesAgo = new Date(Date.now() - 5 * MINUTE)
  return ownPresence(actor, { joinedAt: fiveMinutesAgo, lastSeenAt: fiveMinutesAgo })
}

/** A heartbeat: what a participant writes every HEARTBEAT_INTERVAL_MS. */
const heartbeat = () => ({ lastSeenAt: serverTimestamp(), connection: 'great' })

/** Who a signal from `actor` goes to: the practitioner signals the patient, everyone else the practitioner. */
const counterpartOf = (actor: VisitActor) => (actor === 'practitioner' ? uidOf('patient') : rules.team.practitioner)

/** Each new signal takes the next of its sender's slots (the id is `{from}~{slot}`, as the rules require). */
let slotCounter = 0
function newSignal(from: string, to: string, overrides: DocumentData = {}): DocumentData {
  return { ...aSignal({ from, to, slot: slotCounter++ % MAX_SIGNAL_SLOTS, createdAt: serverTimestamp() }), ...overrides }
}

/** Writes `signal` at the id its sender and slot give. */
function sendSignal(db: Firestore, collectionPath: string, signal: DocumentData) {
  return setDoc(doc(db, collectionPath, signalId(String(signal.from), Number(signal.slot))), signal)
}

const rules = rulesTestFile('visits', async (env, team) => {
  const docs: Record<string, DocumentData> = {}
  ;({ appointmentId, otherAppointmentId } = seedPatients(docs))
  waitingAppointmentId = uniqueId('appointment')
  const booked = (practitionerId: string, patientIds: string[]) =>
    anAppointment({
      practitionerId,
      ...bookedAt(5),
      patients: patientIds.map((id) => ({ id, firstName: 'Amelia', lastName: 'Nguyen' })),
    })
  const here = [claims.patient.patientId, claims['patient whose invite is used'].patientId]
  const there = [claims['patient of another appointment'].patientId]
  docs[appointmentPath(appointmentId)] = booked(team.practitioner, here)
  docs[appointmentPath(otherAppointmentId)] = booked(team.otherPractitioner, there)
  docs[appointmentPath(waitingAppointmentId)] = booked(team.practitioner, [uniqueId('patient')])
  docs[visitPath(appointmentId)] = aVisit({ practitionerId: team.practitioner, patientIds: here })
  docs[visitPath(otherAppointmentId)] = aVisit({ practitionerId: team.otherPractitioner, patientIds: there })
  docs[`${visitPath(appointmentId)}/private/media`] = { key: 'c2VjcmV0LWtleQ', salt: 'c2FsdA' }
  docs[presencePath(appointmentId, team.practitioner)] = storedPresence('practitioner')
  docs[presencePath(appointmentId, uidOf('patient'))] = storedPresence('patient')
  docs[presencePath(otherAppointmentId, uidOf('patient of another appointment'))] = storedPresence('patient of another appointment')
  docs[`${signalsPath(appointmentId)}/practitioner-offer`] = aSignal({ from: team.practitioner, to: uidOf('patient'), type: 'offer' })
  docs[`${signalsPath(appointmentId)}/to-used-patient`] = aSignal({ from: team.practitioner, to: uidOf('patient whose invite is used') })
  docs[`${signalsPath(otherAppointmentId)}/other-offer`] = aSignal({
    from: team.otherPractitioner,
    to: uidOf('patient of another appointment'),
    type: 'offer',
  })
  await seed(env, docs)
})

const { claims, uidOf, as, seedPatients } = visitActors(rules)

// ------------------------------------------------------------------ visits/{appointmentId}

const getOnly = only('get')

describeAccessMatrix<VisitActor>('visits', {
  subject: {
    get: 'the visit',
    list: "the practice's visits",
    create: 'a visit',
    update: "the visit's status",
    delete: 'the visit',
  },
  access: {
    'signed out': NO_ACCESS,
    'member of another practice': NO_ACCESS,
    staff: getOnly,
    'other practitioner': NO_ACCESS,
    practitioner: getOnly,
    owner: getOnly,
    patient: getOnly,
    'patient of another appointment': NO_ACCESS,
    'patient whose invite is used': getOnly,
  },
  as,
  run: {
    get: (db) => getDoc(doc(db, visitPath(appointmentId))),
    list: (db) => getDocs(collection(db, `${practicePath()}/visits`)),
    // Start is the startVisit callable's job; the waiting appointment has no visit document yet.
    create: (db) => setDoc(doc(db, visitPath(waitingAppointmentId)), aVisit({ practitionerId: rules.team.practitioner })),
    update: (db) => updateDoc(doc(db, visitPath(appointmentId)), { status: 'ended', endedAt: serverTimestamp() }),
    delete: (db) => deleteDoc(doc(db, visitPath(appointmentId))),
  },
})

describe('visits: read before Start, and only by get', () => {
  it('the practitioner can listen to the visit before it exists (the console, before Start)', async () => {
    const snapshot = await assertSucceeds(getDoc(doc(as('practitioner'), visitPath(waitingAppointmentId))))
    expect(snapshot.exists()).toBe(false)
  })

  it("the other practitioner cannot get a visit that does not exist yet either (access comes from the appointment)", async () => {
    await assertFails(getDoc(doc(as('other practitioner'), visitPath(waitingAppointmentId))))
  })

  it('a patient of the appointment reads the live visit (to see Start)', async () => {
    const snapshot = await assertSucceeds(getDoc(doc(as('patient'), visitPath(appointmentId))))
    expect(snapshot.get('status')).toBe('live')
  })

  it('the patient of another appointment reads their own visit, so their token is valid', async () => {
    await assertSucceeds(getDoc(doc(as('patient of another appointment'), visitPath(otherAppointmentId))))
  })

  it('a token naming the right appointment but a uid of another invite is denied', async () => {
    const forged = firestoreOf(rules.env.authenticatedContext(patientUid(uniqueId('invite')), { patient: { ...claims.patient } }))
    await assertFails(getDoc(doc(forged, visitPath(appointmentId))))
  })
})

// ------------------------------------------------------------------ visits/{a}/private/{doc}

describe('visits/private: the media key is server-only, even for the practitioner and the owner', () => {
  for (const actor of VISIT_ACTORS) {
    it(`${actor} cannot read the media key`, async () => {
      await assertFails(getDoc(doc(as(actor), `${visitPath(appointmentId)}/private/media`)))
    })

    it(`${actor} cannot list, write or delete the media key`, async () => {
      const db = as(actor)
      await assertFails(getDocs(collection(db, `${visitPath(appointmentId)}/private`)))
      await assertFails(setDoc(doc(db, `${visitPath(appointmentId)}/private/media`), { key: 'forged', salt: 'forged' }))
      await assertFails(deleteDoc(doc(db, `${visitPath(appointmentId)}/private/media`)))
    })
  }
})

// ------------------------------------------------------------------ visits/{a}/participants/{uid}

const participantOrPatient = only('get', 'list', 'create', 'update')

// Every actor of the visit reads the practitioner's presence, and writes their own (participants/{their uid}) with
// a well-formed document: the practitioner as 'practitioner', a patient as 'patient'. Reception and owners read it
// (who is in the waiting room) and write nothing.
describeAccessMatrix<VisitActor>('participants', {
  subject: {
    get: "the practitioner's presence",
    list: "the visit's participants",
    create: 'their own presence',
    update: 'their own presence (heartbeat)',
    delete: 'their own presence',
  },
  access: {
    'signed out': NO_ACCESS,
    'member of another practice': NO_ACCESS,
    staff: READS,
    'other practitioner': NO_ACCESS,
    practitioner: participantOrPatient,
    owner: READS,
    patient: participantOrPatient,
    'patient of another appointment': NO_ACCESS,
    'patient whose invite is used': READS,
  },
  as,
  run: {
    get: (db) => getDoc(doc(db, presencePath(appointmentId, rules.team.practitioner))),
    list: (db) => getDocs(collection(db, `${visitPath(appointmentId)}/participants`)),
    create: async (db, actor) => {
      await unseed(presencePath(appointmentId, uidOf(actor)))
      return setDoc(doc(db, presencePath(appointmentId, uidOf(actor))), ownPresence(actor))
    },
    update: async (db, actor) => {
      await seed(rules.env, { [presencePath(appointmentId, uidOf(actor))]: storedPresence(actor) })
      return updateDoc(doc(db, presencePath(appointmentId, uidOf(actor))), heartbeat())
    },
    delete: async (db, actor) => {
      await seed(rules.env, { [presencePath(appointmentId, uidOf(actor))]: storedPresence(actor) })
      return deleteDoc(doc(db, presencePath(appointmentId, uidOf(actor))))
    },
  },
})

describe('participants: each writes only their own presence, as who they are', () => {
  it("a patient cannot write another participant's presence", async () => {
    const path = presencePath(appointmentId, uidOf('patient whose invite is used'))
    await assertFails(setDoc(doc(as('patient'), path), ownPresence('patient')))
  })

  it("the practitioner cannot write a patient's presence", async () => {
    const path = presencePath(appointmentId, uidOf('patient'))
    await assertFails(updateDoc(doc(as('practitioner'), path), { state: 'left', lastSeenAt: serverTimestamp() }))
  })

  it('a patient cannot join as the practitioner', async () => {
    await unseed(presencePath(appointmentId, uidOf('patient')))
    const path = presencePath(appointmentId, uidOf('patient'))
    await assertFails(setDoc(doc(as('patient'), path), ownPresence('patient', { role: 'practitioner', patientId: null })))
    await assertSucceeds(setDoc(doc(as('patient'), path), ownPresence('patient')))
  })

  it("a patient cannot claim another patient's patientId", async () => {
    await unseed(presencePath(appointmentId, uidOf('patient')))
    const path = presencePath(appointmentId, uidOf('patient'))
    const otherPatientId = claims['patient whose invite is used'].patientId
    await assertFails(setDoc(doc(as('patient'), path), ownPresence('patient', { patientId: otherPatientId })))
  })

  it('the practitioner cannot join with a patientId', async () => {
    await unseed(presencePath(appointmentId, rules.team.practitioner))
    const path = presencePath(appointmentId, rules.team.practitioner)
    await assertFails(setDoc(doc(as('practitioner'), path), ownPresence('practitioner', { patientId: claims.patient.patientId })))
    await assertSucceeds(setDoc(doc(as('practitioner'), path), ownPresence('practitioner')))
  })

  it("the practitioner of another appointment cannot join this visit even as a member of the practice", async () => {
    await assertFails(setDoc(doc(as('other practitioner'), presencePath(appointmentId, rules.team.otherPractitioner)), ownPresence('other practitioner')))
  })

  it('an owner who is the appointment\'s practitioner joins as the practitioner', async () => {
    const ownersAppointment = uniqueId('appointment')
    await seed(rules.env, { [appointmentPath(ownersAppointment)]: anAppointment({ practitionerId: rules.team.owner, ...bookedAt(5) }) })
    await assertSucceeds(setDoc(doc(as('owner'), presencePath(ownersAppointment, rules.team.owner)), ownPresence('owner')))
    await assertFails(setDoc(doc(as('owner'), presencePath(appointmentId, rules.team.owner)), ownPresence('owner')))
  })

  it('the practitioner joins a visit that has not started (no visit document)', async () => {
    await assertSucceeds(setDoc(doc(as('practitioner'), presencePath(waitingAppointmentId, rules.team.practitioner)), ownPresence('practitioner')))
  })

  it("reception reads a waiting patient's presence (the front desk sees who waits) but cannot mark them left", async () => {
    const path = presencePath(appointmentId, uidOf('patient'))
    await assertSucceeds(getDoc(doc(as('staff'), path)))
    await assertFails(updateDoc(doc(as('staff'), path), { state: 'left', lastSeenAt: serverTimestamp() }))
  })
})

describe('participants: the document shape', () => {
  const path = () => presencePath(appointmentId, uidOf('patient'))
  const create = (data: DocumentData) => setDoc(doc(as('patient'), path()), data)
  const update = (data: DocumentData) => updateDoc(doc(as('patient'), path()), data)

  describe('create', () => {
    beforeEach(() => unseed(path()))

    it('accepts a well-formed presence with a 60-character screen name', async () => {
      await assertSucceeds(create(ownPresence('patient', { screenName: 'A'.repeat(60) })))
    })

    it('rejects an extra key', async () => {
      await assertFails(create(ownPresence('patient', { email: 'amelia@mail.example' })))
    })

    it('rejects a missing key', async () => {
      const { connection: _dropped, ...withoutConnection } = ownPresence('patient')
      await assertFails(create(withoutConnection))
    })

    it('rejects a 61-character screen name', async () => {
      await assertFails(create(ownPresence('patient', { screenName: 'A'.repeat(61) })))
    })

    it('rejects an empty screen name', async () => {
      await assertFails(create(ownPresence('patient', { screenName: '' })))
    })

    it('rejects an unknown state', async () => {
      await assertFails(create(ownPresence('patient', { state: 'hiding' })))
    })

    it('rejects a connection strength outside the six states', async () => {
      await assertFails(create(ownPresence('patient', { connection: 'fair' })))
    })

    it('rejects media with an extra or a non-boolean flag', async () => {
      await assertFails(create(ownPresence('patient', { media: { audio: true, video: true, screen: false, chat: true } })))
      await assertFails(create(ownPresence('patient', { media: { audio: 'on', video: true, screen: false } })))
      await assertFails(create(ownPresence('patient', { media: { audio: true, video: true } })))
    })

    it('rejects a lastSeenAt that is not the request time', async () => {
      await assertFails(create(ownPresence('patient', { lastSeenAt: new Date() })))
    })

    it('rejects a joinedAt that is not the request time', async () => {
      await assertFails(create(ownPresence('patient', { joinedAt: new Date(Date.now() - 60 * MINUTE) })))
    })
  })

  describe('update', () => {
    beforeEach(() => seed(rules.env, { [path()]: storedPresence('patient') }))

    it('accepts a heartbeat that changes state, connection and media', async () => {
      await assertSucceeds(update({ ...heartbeat(), state: 'in-visit', connection: 'poor', media: { audio: false, video: false, screen: true } }))
    })

    it('rejects a heartbeat whose lastSeenAt is not the request time', async () => {
      await assertFails(update({ lastSeenAt: new Date() }))
    })

    it('rejects an update that leaves lastSeenAt as it was', async () => {
      await assertFails(update({ state: 'in-visit' }))
    })

    it('rejects changing the role', async () => {
      await assertFails(update({ ...heartbeat(), role: 'practitioner', patientId: null }))
    })

    it('rejects changing the patientId', async () => {
      await assertFails(update({ ...heartbeat(), patientId: claims['patient whose invite is used'].patientId }))
    })

    it('rejects changing joinedAt', async () => {
      await assertFails(update({ ...heartbeat(), joinedAt: serverTimestamp() }))
    })

    it('rejects a bad state, an extra key, or a 61-character screen name', async () => {
      await assertFails(update({ ...heartbeat(), state: 'gone' }))
      await assertFails(update({ ...heartbeat(), note: 'hello' }))
      await assertFails(update({ ...heartbeat(), screenName: 'A'.repeat(61) }))
    })
  })
})

// Each scenario is its own appointment (and patient), so changing its state cannot disturb the matrices.
interface Scenario {
  appointmentId: string
  patient: Firestore
  patientPresence: string
  practitionerPresence: string
  patientClaims: PatientClaims
}

async function aScenario(options: {
  practiceId?: string
  startInMinutes?: number
  minutes?: number
  status?: AppointmentStatus
  visit?: 'none' | 'live' | 'ended'
}): Promise<Scenario> {
  const practiceId = options.practiceId ?? rules.team.practiceId
  const id = uniqueId('appointment')
  const docs: Record<string, DocumentData> = {}
  const patientClaims = seedPatientInvite(docs, practiceId, id)
  docs[`practices/${practiceId}/appointments/${id}`] = anAppointment({
    practitionerId: rules.team.practitioner,
    ...bookedAt(options.startInMinutes ?? 5, options.minutes ?? 50),
    patients: [{ id: patientClaims.patientId, firstName: 'Isla', lastName: 'Patel' }],
    status: options.status ?? 'scheduled',
  })
  if ((options.visit ?? 'none') !== 'none') {
    docs[`practices/${practiceId}/visits/${id}`] = aVisit({ practitionerId: rules.team.practitioner, patientIds: [patientClaims.patientId], status: options.visit === 'ended' ? 'ended' : 'live' })
  }
  await seed(rules.env, docs)
  return {
    appointmentId: id,
    patient: rules.asPatient(patientClaims),
    patientPresence: `practices/${practiceId}/visits/${id}/participants/${patientUid(patientClaims.inviteId)}`,
    practitionerPresence: `practices/${practiceId}/visits/${id}/participants/${rules.team.practitioner}`,
    patientClaims,
  }
}

const patientJoin = (s: Scenario) => aParticipant({ role: 'patient', patientId: s.patientClaims.patientId, joinedAt: serverTimestamp(), lastSeenAt: serverTimestamp() })
const practitionerJoin = () => ownPresence('practitioner')

describe('participants: joining only inside the join window', () => {
  it('a patient cannot join 30 minutes before the start (the window opens 10 minutes before)', async () => {
    const s = await aScenario({ startInMinutes: 30 })
    await assertFails(setDoc(doc(s.patient, s.patientPresence), patientJoin(s)))
  })

  it('the practitioner cannot join 30 minutes before the start either', async () => {
    const s = await aScenario({ startInMinutes: 30 })
    await assertFails(setDoc(doc(as('practitioner'), s.practitionerPresence), practitionerJoin()))
  })

  it('a patient joins 9 minutes before the start', async () => {
    const s = await aScenario({ startInMinutes: 9 })
    await assertSucceeds(setDoc(doc(s.patient, s.patientPresence), patientJoin(s)))
  })

  it("follows the practice's joinWindowMinutes: 45 minutes opens a start 30 minutes away", async () => {
    const practiceId = uniqueId('rules-visits-early')
    await seed(rules.env, { [`practices/${practiceId}`]: aPractice({ settings: aPracticeSettings({ joinWindowMinutes: 45 }) }) })
    const s = await aScenario({ practiceId, startInMinutes: 30 })
    await assertSucceeds(setDoc(doc(s.patient, s.patientPresence), patientJoin(s)))
  })

  it('falls back to 10 minutes when the practice has no settings', async () => {
    const practiceId = uniqueId('rules-visits-default')
    const { settings: _none, ...withoutSettings } = aPractice()
    await seed(rules.env, { [`practices/${practiceId}`]: withoutSettings })
    const tooEarly = await aScenario({ practiceId, startInMinutes: 15 })
    await assertFails(setDoc(doc(tooEarly.patient, tooEarly.patientPresence), patientJoin(tooEarly)))
    const justOpen = await aScenario({ practiceId, startInMinutes: 8 })
    await assertSucceeds(setDoc(doc(justOpen.patient, justOpen.patientPresence), patientJoin(justOpen)))
  })

  it('a patient can still join 55 minutes after the booked end (the visit may overrun by 60)', async () => {
    const s = await aScenario({ startInMinutes: -105, minutes: 50 })
    await assertSucceeds(setDoc(doc(s.patient, s.patientPresence), patientJoin(s)))
  })

  it('a patient cannot join 65 minutes after the booked end', async () => {
    const s = await aScenario({ startInMinutes: -115, minutes: 50 })
    await assertFails(setDoc(doc(s.patient, s.patientPresence), patientJoin(s)))
  })

  it('heartbeats go on after the window has closed (the visit is running late)', async () => {
    const s = await aScenario({ startInMinutes: -115, minutes: 50, visit: 'live' })
    await seed(rules.env, { [s.patientPresence]: aParticipant({ role: 'patient', patientId: s.patientClaims.patientId, state: 'in-visit' }) })
    await assertSucceeds(updateDoc(doc(s.patient, s.patientPresence), heartbeat()))
  })

  it('nobody joins a cancelled appointment inside its window', async () => {
    const s = await aScenario({ status: 'cancelled' })
    await assertFails(setDoc(doc(s.patient, s.patientPresence), patientJoin(s)))
    await assertFails(setDoc(doc(as('practitioner'), s.practitionerPresence), practitionerJoin()))
  })
})

describe('participants: a patient waits before Start and is cut off by End call', () => {
  it('joins the waiting room while there is no visit document yet', async () => {
    const s = await aScenario({ visit: 'none' })
    await assertSucceeds(setDoc(doc(s.patient, s.patientPresence), patientJoin(s)))
  })

  it("cannot write once the invite is 'used' (End call), though the same write succeeded while it was active", async () => {
    const s = await aScenario({ visit: 'live' })
    await assertSucceeds(setDoc(doc(s.patient, s.patientPresence), patientJoin(s)))
    await seed(rules.env, { [paths.invite(s.patientClaims.inviteId)]: anInvite({ ...s.patientClaims, status: 'used' }) })
    await assertFails(updateDoc(doc(s.patient, s.patientPresence), heartbeat()))
  })

  it("cannot write once the invite is 'revoked' (the appointment was cancelled)", async () => {
    const s = await aScenario({ visit: 'live' })
    await assertSucceeds(setDoc(doc(s.patient, s.patientPresence), patientJoin(s)))
    await seed(rules.env, { [paths.invite(s.patientClaims.inviteId)]: anInvite({ ...s.patientClaims, status: 'revoked' }) })
    await assertFails(updateDoc(doc(s.patient, s.patientPresence), heartbeat()))
  })
})

describe('participants and signals: nothing is written once the visit has ended', () => {
  const end = (s: Scenario) =>
    seed(rules.env, {
      [visitPath(s.appointmentId)]: aVisit({
        practitionerId: rules.team.practitioner,
        patientIds: [s.patientClaims.patientId],
        status: 'ended',
        endedAt: new Date(),
        endedBy: rules.team.practitioner,
      }),
    })

  it('a patient heartbeat is accepted while live and refused after the end', async () => {
    const s = await aScenario({ visit: 'live' })
    await assertSucceeds(setDoc(doc(s.patient, s.patientPresence), patientJoin(s)))
    await end(s)
    await assertFails(updateDoc(doc(s.patient, s.patientPresence), heartbeat()))
  })

  it('a practitioner heartbeat is accepted while live and refused after the end', async () => {
    const s = await aScenario({ visit: 'live' })
    await assertSucceeds(setDoc(doc(as('practitioner'), s.practitionerPresence), practitionerJoin()))
    await end(s)
    await assertFails(updateDoc(doc(as('practitioner'), s.practitionerPresence), heartbeat()))
  })

  it('nobody joins an ended visit', async () => {
    const s = await aScenario({ visit: 'ended' })
    await assertFails(setDoc(doc(s.patient, s.patientPresence), patientJoin(s)))
    await assertFails(setDoc(doc(as('practitioner'), s.practitionerPresence), practitionerJoin()))
  })

  it('signals are sent and deleted while live, neither after the end', async () => {
    const s = await aScenario({ visit: 'live' })
    const me = patientUid(s.patientClaims.inviteId)
    const signals = `${visitPath(s.appointmentId)}/signals`
    await assertSucceeds(sendSignal(s.patient, signals, newSignal(me, rules.team.practitioner, { type: 'offer' })))
    await seed(rules.env, { [`${signals}/answer`]: aSignal({ from: rules.team.practitioner, to: me, type: 'answer' }) })
    await end(s)
    await assertFails(sendSignal(s.patient, signals, newSignal(me, rules.team.practitioner, { type: 'bye', payload: '' })))
    await assertFails(deleteDoc(doc(s.patient, `${signals}/answer`)))
    await assertFails(sendSignal(as('practitioner'), signals, newSignal(rules.team.practitioner, me, { type: 'bye', payload: '' })))
  })
})

// ------------------------------------------------------------------ visits/{a}/signals/{id}

const inVisit = only('get', 'list', 'create', 'delete')
const usedInvite = only('list', 'delete')

// get: the practitioner's offer to the patient. list: signals addressed to the actor (the query a listener
// runs). create: a signal from the actor. update: a signal the actor sent. delete: a signal sent to the actor.
describeAccessMatrix<VisitActor>('signals', {
  subject: {
    get: "the practitioner's offer to the patient",
    list: 'signals addressed to them',
    create: 'a signal from themselves',
    update: 'a signal they sent',
    delete: 'a signal sent to them',
  },
  access: {
    'signed out': NO_ACCESS,
    'member of another practice': NO_ACCESS,
    staff: NO_ACCESS,
    'other practitioner': NO_ACCESS,
    practitioner: inVisit,
    owner: NO_ACCESS,
    patient: inVisit,
    'patient of another appointment': NO_ACCESS,
    'patient whose invite is used': usedInvite,
  },
  as,
  run: {
    get: (db) => getDoc(doc(db, `${signalsPath(appointmentId)}/practitioner-offer`)),
    list: (db, actor) => getDocs(query(collection(db, signalsPath(appointmentId)), where('to', '==', uidOf(actor)))),
    create: (db, actor) => sendSignal(db, signalsPath(appointmentId), newSignal(uidOf(actor), counterpartOf(actor))),
    update: async (db, actor) => {
      const path = `${signalsPath(appointmentId)}/${uniqueId('sent')}`
      await seed(rules.env, { [path]: aSignal({ from: uidOf(actor), to: counterpartOf(actor) }) })
      return updateDoc(doc(db, path), { payload: '{}', createdAt: serverTimestamp() })
    },
    delete: async (db, actor) => {
      const path = `${signalsPath(appointmentId)}/${uniqueId('received')}`
      await seed(rules.env, { [path]: aSignal({ from: counterpartOf(actor), to: uidOf(actor) }) })
      return deleteDoc(doc(db, path))
    },
  },
})

describe('signals: only the two ends of a signal see it', () => {
  it('a listener that does not filter on `to` is rejected', async () => {
    await assertFails(getDocs(collection(as('patient'), signalsPath(appointmentId))))
  })

  it("a patient cannot read a signal between the practitioner and another patient", async () => {
    await assertFails(getDoc(doc(as('patient'), `${signalsPath(appointmentId)}/to-used-patient`)))
  })

  it('a patient cannot list signals addressed to someone else', async () => {
    const db = as('patient')
    await assertFails(getDocs(query(collection(db, signalsPath(appointmentId)), where('to', '==', rules.team.practitioner))))
  })

  it('the listener gets exactly the signals addressed to the caller', async () => {
    const db = as('patient')
    const snapshot = await assertSucceeds(getDocs(query(collection(db, signalsPath(appointmentId)), where('to', '==', uidOf('patient')))))
    expect(snapshot.docs.every((d) => d.get('to') === uidOf('patient'))).toBe(true)
    expect(snapshot.docs.map((d) => d.id)).toContain('practitioner-offer')
  })

  it('the sender reads the signal it sent', async () => {
    await assertSucceeds(getDoc(doc(as('practitioner'), `${signalsPath(appointmentId)}/to-used-patient`)))
  })
})

describe('signals: the document shape', () => {
  const me = () => uidOf('patient')
  const send = (data: DocumentData) => sendSignal(as('patient'), signalsPath(appointmentId), data)

  it('accepts an offer with a 60 000-character payload to a 160-character id', async () => {
    await assertSucceeds(send(newSignal(me(), 'x'.repeat(160), { type: 'offer', payload: 'p'.repeat(60_000) })))
  })

  it('rejects a signal sent in the name of someone else', async () => {
    await assertFails(send(newSignal(rules.team.practitioner, me())))
  })

  it('rejects a payload over 60 000 characters', async () => {
    await assertFails(send(newSignal(me(), rules.team.practitioner, { payload: 'p'.repeat(60_001) })))
  })

  it('rejects a recipient id over 160 characters', async () => {
    await assertFails(send(newSignal(me(), 'x'.repeat(161))))
  })

  it('rejects an unknown type', async () => {
    await assertFails(send(newSignal(me(), rules.team.practitioner, { type: 'renegotiate' })))
  })

  it('rejects an extra key', async () => {
    await assertFails(send(newSignal(me(), rules.team.practitioner, { screenName: 'Amelia' })))
  })

  it('rejects a createdAt that is not the request time', async () => {
    await assertFails(send(newSignal(me(), rules.team.practitioner, { createdAt: new Date() })))
  })

  it("a patient of another appointment cannot signal into this visit, though it signals in its own", async () => {
    const db = as('patient of another appointment')
    const from = uidOf('patient of another appointment')
    await assertFails(sendSignal(db, signalsPath(appointmentId), newSignal(from, rules.team.practitioner)))
    await assertSucceeds(sendSignal(db, signalsPath(otherAppointmentId), newSignal(from, rules.team.otherPractitioner)))
  })
})

// ------------------------------------------------------------------ a patient token reads nothing else

describe("a patient token reads only its own visit's documents", () => {
  let patientRecordPath: string
  let reminderPath: string
  let templatePath: string
  let auditPath: string

  beforeAll(async () => {
    patientRecordPath = `${practicePath()}/patients/${claims.patient.patientId}`
    reminderPath = `${appointmentPath(appointmentId)}/reminders/${claims.patient.patientId}_resend-1741600000000_sms`
    templatePath = `${practicePath()}/templates/video_sms`
    auditPath = `${practicePath()}/audit/${uniqueId('entry')}`
    await seed(rules.env, {
      [patientRecordPath]: aPatient(),
      [reminderPath]: { practiceId: rules.team.practiceId, appointmentId, patientId: claims.patient.patientId, state: 'sent' },
      [templatePath]: { kind: 'video', channel: 'sms', body: 'Hi [First Name]', updatedAt: new Date(), updatedBy: rules.team.owner },
      [auditPath]: { at: new Date(), actor: { kind: 'system' }, action: 'visit.started', target: { type: 'visit', id: appointmentId }, details: {} },
      [`rateLimits/${uniqueId('redeemInvite_ip')}`]: { count: 1, windowStart: new Date() },
    })
  })

  const patient = () => as('patient')
  const denied: [string, (db: Firestore) => Promise<unknown>][] = [
    ["another appointment's visit", (db) => getDoc(doc(db, visitPath(otherAppointmentId)))],
    ["another appointment's participants", (db) => getDocs(collection(db, `${visitPath(otherAppointmentId)}/participants`))],
    ["another appointment's participant", (db) => getDoc(doc(db, presencePath(otherAppointmentId, uidOf('patient of another appointment'))))],
    ["another appointment's signals, even filtered on its own uid", (db) => getDocs(query(collection(db, signalsPath(otherAppointmentId)), where('to', '==', uidOf('patient'))))],
    ['signals of every visit (collection group)', (db) => getDocs(query(collectionGroup(db, 'signals'), where('to', '==', uidOf('patient'))))],
    ['its own patient record', (db) => getDoc(doc(db, patientRecordPath))],
    ["the practice's patients", (db) => getDocs(collection(db, `${practicePath()}/patients`))],
    ['its own invite', (db) => getDoc(doc(db, paths.invite(claims.patient.inviteId)))],
    ['invites of its appointment', (db) => getDocs(query(collection(db, 'invites'), where('appointmentId', '==', appointmentId)))],
    ['its own appointment', (db) => getDoc(doc(db, appointmentPath(appointmentId)))],
    ["the practice's appointments", (db) => getDocs(collection(db, `${practicePath()}/appointments`))],
    ["its appointment's reminders", (db) => getDocs(collection(db, `${appointmentPath(appointmentId)}/reminders`))],
    ['the team (members)', (db) => getDocs(collection(db, `${practicePath()}/members`))],
    ["the practitioner's member document", (db) => getDoc(doc(db, `${practicePath()}/members/${rules.team.practitioner}`))],
    ['reminder templates', (db) => getDoc(doc(db, templatePath))],
    ['the audit log', (db) => getDocs(collection(db, `${practicePath()}/audit`))],
    ['the practice', (db) => getDoc(doc(db, practicePath()))],
    ["the practitioner's users document", (db) => getDoc(doc(db, `users/${rules.team.practitioner}`))],
    ['rate limits', (db) => getDocs(collection(db, 'rateLimits'))],
  ]
  for (const [what, read] of denied) {
    it(`cannot read ${what}`, async () => {
      await assertFails(read(patient()))
    })
  }

  it('cannot write its own appointment, patient record or invite', async () => {
    const db = patient()
    await assertFails(updateDoc(doc(db, appointmentPath(appointmentId)), { status: 'cancelled' }))
    await assertFails(updateDoc(doc(db, patientRecordPath), { firstName: 'Mallory' }))
    await assertFails(updateDoc(doc(db, paths.invite(claims.patient.inviteId)), { status: 'active', failedAttempts: 0 }))
  })

  it('cannot write a malformed in-visit message (chat.test.ts has the full matrix)', async () => {
    await assertFails(setDoc(doc(patient(), `${visitPath(appointmentId)}/messages/${uniqueId('message')}`), { text: 'hi' }))
  })
})
