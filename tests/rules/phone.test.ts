import type { RulesTestEnvironment } from '@firebase/rules-unit-testing'
import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing'
import { collection, deleteDoc, doc, getDoc, getDocs, query, serverTimestamp, setDoc, updateDoc, where } from 'firebase/firestore'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { aCall, aContact, aPhoneNumber } from '../factories/phone'
import {
  allow,
  deny,
  describeAccessMatrix,
  firestoreAs,
  firestoreAsPatient,
  MEMBERS_READ_ONLY,
  seed,
  seedTeam,
  startRulesTestEnv,
  type AccessMatrix,
  type Actor,
  type Team,
} from './rulesTestEnv'

// The browser phone (issue 12): numbers and the call log are written only by functions; contacts by owners and
// staff. Owners read every call; others only the calls they placed or that were on their behalf.

let env: RulesTestEnvironment
let team: Team
const NUMBER = '+61291234567'
const p = () => `practices/${team.practiceId}`
// Placed by staff on behalf of the practitioner; and one the other practitioner placed for themselves.
const sharedCall = () => `${p()}/calls/CAshared`
const othersCall = () => `${p()}/calls/CAothers`

const patientClaims = () => ({ practiceId: team.practiceId, appointmentId: 'appointment-1', inviteId: 'invite-1', patientId: 'patient-1' })
const newContact = () => ({ ...aContact(), createdAt: serverTimestamp(), updatedAt: serverTimestamp() })

beforeAll(async () => {
  env = await startRulesTestEnv()
  team = await seedTeam(env, 'phone')
  await seed(env, {
    [`${p()}/phoneNumbers/${NUMBER}`]: aPhoneNumber({ allowedMemberIds: [team.staff, team.practitioner] }),
    [`${p()}/contacts/contact-1`]: aContact(),
    [sharedCall()]: aCall({ callSid: 'CAshared', placedBy: team.staff, onBehalfOf: team.practitioner }),
    [othersCall()]: aCall({ callSid: 'CAothers', placedBy: team.otherPractitioner, onBehalfOf: team.otherPractitioner }),
  })
  // Seeding two practices and their calls can outlast the default 10 s hook timeout on a loaded machine.
}, 60_000)

afterAll(async () => {
  await env?.cleanup()
})

describeAccessMatrix('phoneNumbers', {
  subject: { get: 'a practice number', list: "the practice's numbers", create: 'a number', update: 'a number', delete: 'a number' },
  access: MEMBERS_READ_ONLY,
  as: (actor) => firestoreAs(env, team, actor),
  run: {
    get: (db) => getDoc(doc(db, `${p()}/phoneNumbers/${NUMBER}`)),
    list: (db) => getDocs(collection(db, `${p()}/phoneNumbers`)),
    create: (db) => setDoc(doc(db, `${p()}/phoneNumbers/+61299990000`), aPhoneNumber()),
    update: (db) => updateDoc(doc(db, `${p()}/phoneNumbers/${NUMBER}`), { allowedMemberIds: [team.outsider] }),
    delete: (db) => deleteDoc(doc(db, `${p()}/phoneNumbers/${NUMBER}`)),
  },
})

const CONTACTS: AccessMatrix<Actor> = {
  'signed out': { get: deny, list: deny, create: deny, update: deny, delete: deny },
  'member of another practice': { get: deny, list: deny, create: deny, update: deny, delete: deny },
  staff: { get: allow, list: allow, create: allow, update: allow, delete: allow },
  practitioner: { get: allow, list: allow, create: deny, update: deny, delete: deny },
  owner: { get: allow, list: allow, create: allow, update: allow, delete: allow },
}

describeAccessMatrix('contacts', {
  subject: { get: 'a contact', list: 'the contacts', create: 'a contact', update: 'a contact', delete: 'a contact' },
  access: CONTACTS,
  as: (actor) => firestoreAs(env, team, actor),
  run: {
    get: (db) => getDoc(doc(db, `${p()}/contacts/contact-1`)),
    list: (db) => getDocs(collection(db, `${p()}/contacts`)),
    create: (db, actor) => setDoc(doc(db, `${p()}/contacts/new-${actor.replace(/\W/g, '')}`), newContact()),
    update: (db) => updateDoc(doc(db, `${p()}/contacts/contact-1`), { organisation: 'Harbour Radiology', updatedAt: serverTimestamp() }),
    delete: async (db, actor) => {
      const id = `doomed-${actor.replace(/\W/g, '')}`
      await seed(env, { [`${p()}/contacts/${id}`]: aContact() })
      return deleteDoc(doc(db, `${p()}/contacts/${id}`))
    },
  },
})

describe('contacts: shape', () => {
  it('staff cannot save a contact whose number is not E.164', async () => {
    await assertFails(setDoc(doc(firestoreAs(env, team, 'staff'), `${p()}/contacts/bad-number`), { ...newContact(), phone: '02 9123 4567' }))
  })

  it('staff cannot add fields to a contact', async () => {
    await assertFails(setDoc(doc(firestoreAs(env, team, 'staff'), `${p()}/contacts/extra`), { ...newContact(), notes: 'x' }))
  })

  it('a patient token reads no contact', async () => {
    await assertFails(getDoc(doc(firestoreAsPatient(env, patientClaims()), `${p()}/contacts/contact-1`)))
  })
})

// The shared call: placed by staff for the practitioner. Owners see it; staff and the practitioner are in it.
const CALLS: AccessMatrix<Actor> = {
  'signed out': { get: deny, list: deny, create: deny, update: deny, delete: deny },
  'member of another practice': { get: deny, list: deny, create: deny, update: deny, delete: deny },
  staff: { get: allow, list: deny, create: deny, update: deny, delete: deny },
  practitioner: { get: allow, list: deny, create: deny, update: deny, delete: deny },
  owner: { get: allow, list: allow, create: deny, update: deny, delete: deny },
}

describeAccessMatrix('calls', {
  subject: {
    get: 'a call they placed or that was on their behalf',
    list: 'every call of the practice',
    create: 'a call log entry',
    update: 'a call log entry',
    delete: 'a call log entry',
  },
  access: CALLS,
  as: (actor) => firestoreAs(env, team, actor),
  run: {
    get: (db) => getDoc(doc(db, sharedCall())),
    list: (db) => getDocs(collection(db, `${p()}/calls`)),
    create: (db) => setDoc(doc(db, `${p()}/calls/CAforged`), aCall({ callSid: 'CAforged', placedBy: team.staff, onBehalfOf: team.staff })),
    update: (db) => updateDoc(doc(db, sharedCall()), { credits: 0 }),
    delete: (db) => deleteDoc(doc(db, sharedCall())),
  },
})

describe('calls: only their own', () => {
  it('the practitioner lists the calls that include them', async () => {
    const db = firestoreAs(env, team, 'practitioner')
    await assertSucceeds(getDocs(query(collection(db, `${p()}/calls`), where('visibleTo', 'array-contains', team.practitioner))))
  })

  it("the practitioner cannot read another practitioner's call", async () => {
    await assertFails(getDoc(doc(firestoreAs(env, team, 'practitioner'), othersCall())))
  })

  it("staff cannot list another member's calls by filtering for them", async () => {
    const db = firestoreAs(env, team, 'staff')
    await assertFails(getDocs(query(collection(db, `${p()}/calls`), where('visibleTo', 'array-contains', team.otherPractitioner))))
  })

  it('a patient token reads no call and no number', async () => {
    const db = firestoreAsPatient(env, patientClaims())
    await assertFails(getDoc(doc(db, sharedCall())))
    await assertFails(getDoc(doc(db, `${p()}/phoneNumbers/${NUMBER}`)))
  })
})
