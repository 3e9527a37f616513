/**
 * The attacks of the security review (issue 8) as rules tests: each one was allowed by the earlier rules and is
 * denied now. Who may do what in general is in the per-collection matrices; these pin the findings.
 */
import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing'
import {
  collection,
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
} from 'firebase/firestore'
import { beforeAll, describe, it } from 'vitest'
import { paths } from '../../functions/src/domain/paths'
import { patientUid, signalId, type PatientClaims } from '../../functions/src/domain/visit'
import { uniqueId } from '../factories/ids'
import { aPatient, anAppointment } from '../factories/practice'
import { aParticipant, aSignal, aVisit } from '../factories/visit'
import { firestoreOf, seed, rulesTestFile } from './rulesTestEnv'
import { seedPatientInvite } from './support/visitActors'

const rules = rulesTestFile('security')
const MINUTE = 60_000

const practicePath = () => paths.practice(rules.team.practiceId)
const appointmentPath = (a: string) => paths.appointment(rules.team.practiceId, a)
const visitPath = (a: string) => paths.visit(rules.team.practiceId, a)

/** A live visit of the practitioner's, booked now, with one patient per invite status given. */
async function liveVisit(statuses: ('active' | 'revoked' | 'used')[], appointment: DocumentData = {}) {
  const appointmentId = uniqueId('appointment')
  const docs: Record<string, DocumentData> = {}
  const patients: PatientClaims[] = statuses.map((status) => seedPatientInvite(docs, rules.team.practiceId, appointmentId, status))
  const now = Date.now()
  docs[appointmentPath(appointmentId)] = {
    ...anAppointment({ practitionerId: rules.team.practitioner }),
    start: new Date(now - 5 * MINUTE),
    end: new Date(now + 25 * MINUTE),
    ...appointment,
  }
  docs[visitPath(appointmentId)] = aVisit({ practitionerId: rules.team.practitioner, patientIds: patients.map((p) => p.patientId) })
  for (const p of patients) {
    docs[`${visitPath(appointmentId)}/participants/${patientUid(p.inviteId)}`] = aParticipant({ patientId: p.patientId })
  }
  docs[`${visitPath(appointmentId)}/participants/${rules.team.practitioner}`] = aParticipant({ role: 'practitioner', patientId: null })
  await seed(rules.env, docs)
  return { appointmentId, patients }
}

describe('finding 1: a member session needs a verified email', () => {
  // Someone registered the member's address before they were added: the same uid, but never verified.
  const unverifiedOwner = () => firestoreOf(rules.env.authenticatedContext(rules.team.owner, { roles: { [rules.team.practiceId]: 'owner' }, email_verified: false }))

  it('an unverified account that holds a membership cannot read the practice, its patients or its members', async () => {
    const db = unverifiedOwner()
    await assertFails(getDoc(doc(db, practicePath())))
    await assertFails(getDocs(collection(db, `${practicePath()}/patients`)))
    await assertFails(getDocs(collection(db, `${practicePath()}/members`)))
  })

  it('an account without the email_verified claim at all is refused too', async () => {
    const db = firestoreOf(rules.env.authenticatedContext(rules.team.staff, { roles: { [rules.team.practiceId]: 'staff' } }))
    await assertFails(getDoc(doc(db, practicePath())))
  })

  it('the same member with a verified email reads the practice', async () => {
    await assertSucceeds(getDoc(doc(rules.as('owner'), practicePath())))
  })
})

describe('finding 1: member invitations are read only by the practice’s owners', () => {
  let invitationId: string
  beforeAll(async () => {
    invitationId = uniqueId('invitation')
    await seed(rules.env, {
      [`memberInvitations/${invitationId}`]: {
        practiceId: rules.team.practiceId,
        email: 'new.person@test.example',
        displayName: 'New Person',
        role: 'staff',
        status: 'pending',
        invitedBy: rules.team.owner,
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    })
  })
  const listFor = (practiceId: string) => query(collection(rules.as('owner'), 'memberInvitations'), where('practiceId', '==', practiceId))

  it('the owner lists the practice’s invitations', async () => {
    await assertSucceeds(getDocs(listFor(rules.team.practiceId)))
    await assertSucceeds(getDoc(doc(rules.as('owner'), `memberInvitations/${invitationId}`)))
  })

  it('staff, practitioners and another practice’s owner cannot read them', async () => {
    for (const actor of ['staff', 'practitioner', 'member of another practice'] as const) {
      await assertFails(getDoc(doc(rules.as(actor), `memberInvitations/${invitationId}`)))
    }
    const outsider = rules.as('member of another practice')
    await assertFails(getDocs(query(collection(outsider, 'memberInvitations'), where('practiceId', '==', rules.team.practiceId))))
  })

  it('an unfiltered list and any client write are refused, even for the owner', async () => {
    const db = rules.as('owner')
    await assertFails(getDocs(collection(db, 'memberInvitations')))
    await assertFails(updateDoc(doc(db, `memberInvitations/${invitationId}`), { status: 'accepted' }))
    await assertFails(setDoc(doc(db, `memberInvitations/${uniqueId('forged')}`), { practiceId: rules.team.practiceId, status: 'pending' }))
  })
})

describe('finding 2: a patient removed from the appointment (invite revoked) reads nothing more', () => {
  it('cannot get the visit, list its participants or read its signals', async () => {
    const { appointmentId, patients } = await liveVisit(['revoked', 'active'])
    const revoked = rules.asPatient(patients[0]!)
    const me = patientUid(patients[0]!.inviteId)
    await seed(rules.env, { [`${visitPath(appointmentId)}/signals/${signalId(rules.team.practitioner, 0)}`]: aSignal({ from: rules.team.practitioner, to: me, slot: 0 }) })
    await assertFails(getDoc(doc(revoked, visitPath(appointmentId))))
    await assertFails(getDocs(collection(revoked, `${visitPath(appointmentId)}/participants`)))
    await assertFails(getDoc(doc(revoked, `${visitPath(appointmentId)}/participants/${patientUid(patients[1]!.inviteId)}`)))
    await assertFails(getDocs(query(collection(revoked, `${visitPath(appointmentId)}/signals`), where('to', '==', me))))
  })

  it('while the co-patient with an active invite, and one who left with End call, still read', async () => {
    const { appointmentId, patients } = await liveVisit(['active', 'used'])
    for (const p of patients) {
      const db = rules.asPatient(p)
      await assertSucceeds(getDoc(doc(db, visitPath(appointmentId))))
      await assertSucceeds(getDocs(collection(db, `${visitPath(appointmentId)}/participants`)))
    }
  })
})

describe('finding 3: a cancelled appointment takes no more presence or signals, even while its visit is live', () => {
  it('the practitioner can neither heartbeat nor signal', async () => {
    const { appointmentId, patients } = await liveVisit(['active'], { status: 'cancelled' })
    const db = rules.as('practitioner')
    await assertFails(updateDoc(doc(db, `${visitPath(appointmentId)}/participants/${rules.team.practitioner}`), { lastSeenAt: serverTimestamp() }))
    const to = patientUid(patients[0]!.inviteId)
    await assertFails(setDoc(doc(db, `${visitPath(appointmentId)}/signals/${signalId(rules.team.practitioner, 0)}`), aSignal({ from: rules.team.practitioner, to, slot: 0, createdAt: serverTimestamp() })))
  })
})

describe('finding 7: list items are checked (searchTokens)', () => {
  const create = (tokens: unknown) =>
    setDoc(doc(rules.as('staff'), `${practicePath()}/patients/${uniqueId('patient')}`), {
      ...aPatient({ optOut: { email: null, sms: null } }),
      consent: {
        email: { granted: true, updatedAt: serverTimestamp(), source: 'staff' },
        sms: { granted: false, updatedAt: serverTimestamp(), source: 'staff' },
      },
      searchTokens: tokens,
      createdAt: serverTimestamp(),
      updatedAt: serverTimestamp(),
    })

  it('accepts short string tokens, and no tokens', async () => {
    await assertSucceeds(create(['a', 'am', 'amelia', 'amelia@example.com', '61412345678']))
    await assertSucceeds(create([]))
  })

  it('refuses a number, a map, a boolean or null among the tokens', async () => {
    await assertFails(create(['a', 42]))
    await assertFails(create(['a', { big: 'x' }]))
    await assertFails(create([true]))
    await assertFails(create([null]))
  })

  it('refuses an empty or an overlong token, wherever it is in the list', async () => {
    await assertFails(create(['']))
    await assertFails(create(['x'.repeat(255)]))
    await assertFails(create(['two words']))
    await assertFails(create(['a', '']))
    await assertFails(create([...Array.from({ length: 59 }, (_, i) => `t${i}`), 'x'.repeat(255)]))
    await assertSucceeds(create(Array.from({ length: 60 }, (_, i) => `t${i}`)))
  })
})

describe('finding 8: signalling is capped per sender by bounded slots', () => {
  let appointmentId: string
  let patient: PatientClaims
  beforeAll(async () => {
    const visit = await liveVisit(['active'])
    appointmentId = visit.appointmentId
    patient = visit.patients[0]!
  })
  const signals = () => `${visitPath(appointmentId)}/signals`
  const send = (id: string, data: DocumentData) => setDoc(doc(rules.as('practitioner'), `${signals()}/${id}`), data)
  const signal = (slot: unknown, overrides: DocumentData = {}) => ({
    ...aSignal({ from: rules.team.practitioner, to: patientUid(patient.inviteId), createdAt: serverTimestamp() }),
    slot,
    ...overrides,
  })

  it('accepts a signal in a free slot of the sender, under the id {from}~{slot}', async () => {
    await assertSucceeds(send(signalId(rules.team.practitioner, 7), signal(7)))
  })

  it('refuses a random id, another sender’s slot, a mismatched slot and a slot out of range', async () => {
    await assertFails(send(uniqueId('signal'), signal(1)))
    await assertFails(send(signalId(patientUid(patient.inviteId), 1), signal(1)))
    await assertFails(send(signalId(rules.team.practitioner, 2), signal(3)))
    await assertFails(send(signalId(rules.team.practitioner, 256), signal(256)))
    await assertFails(send(signalId(rules.team.practitioner, -1), signal(-1)))
    await assertFails(send(`${rules.team.practitioner}~1.5`, signal(1.5)))
  })

  it('refuses writing over a taken slot, so at most 256 signals are outstanding per sender', async () => {
    await assertSucceeds(send(signalId(rules.team.practitioner, 9), signal(9)))
    await assertFails(send(signalId(rules.team.practitioner, 9), signal(9, { type: 'offer' })))
  })

  it('refuses a signal to oneself (nobody would ever consume it)', async () => {
    await assertFails(send(signalId(rules.team.practitioner, 11), signal(11, { to: rules.team.practitioner })))
  })

  it('only the recipient deletes a signal, which frees the sender’s slot', async () => {
    await assertSucceeds(send(signalId(rules.team.practitioner, 12), signal(12)))
    const path = `${signals()}/${signalId(rules.team.practitioner, 12)}`
    await assertFails(deleteDoc(doc(rules.as('practitioner'), path)))
    await assertSucceeds(deleteDoc(doc(rules.asPatient(patient), path)))
    await assertSucceeds(send(signalId(rules.team.practitioner, 12), signal(12)))
  })
})
