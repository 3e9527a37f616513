import { assertFails, assertSucceeds } from '@firebase/rules-unit-testing'
import { collection, deleteDoc, doc, getDoc, getDocs, query, serverTimestamp, setDoc, where } from 'firebase/firestore'
import { describe, it } from 'vitest'
import { aCall, aContact, aPhoneNumber } from '../factories/phone'
import {
  describeAccessMatrix,
  documentRequests,
  FULL_ACCESS,
  MEMBERS_READ_ONLY,
  only,
  practiceAccess,
  READS,
  rulesTestFile,
  seed,
  subjectsOf,
} from './rulesTestEnv'

// The browser phone (issue 12): numbers and the call log are written only by functions; contacts by owners and
// staff. Owners read every call; others only the calls they placed or that were on their behalf.

const NUMBER = '+61291234567'

const rules = rulesTestFile('phone', async (env, team) => {
  await seed(env, {
    [`${p()}/phoneNumbers/${NUMBER}`]: aPhoneNumber({ allowedMemberIds: [team.staff, team.practitioner] }),
    [`${p()}/contacts/contact-1`]: aContact(),
    [sharedCall()]: aCall({ callSid: 'CAshared', placedBy: team.staff, onBehalfOf: team.practitioner }),
    [othersCall()]: aCall({ callSid: 'CAothers', placedBy: team.otherPractitioner, onBehalfOf: team.otherPractitioner }),
  })
})

const p = () => `practices/${rules.team.practiceId}`
// Placed by staff on behalf of the practitioner; and one the other practitioner placed for themselves.
const sharedCall = () => `${p()}/calls/CAshared`
const othersCall = () => `${p()}/calls/CAothers`

const patientClaims = () => ({ practiceId: rules.team.practiceId, appointmentId: 'appointment-1', inviteId: 'invite-1', patientId: 'patient-1' })
const newContact = () => ({ ...aContact(), createdAt: serverTimestamp(), updatedAt: serverTimestamp() })

describeAccessMatrix('phoneNumbers', {
  subject: { ...subjectsOf('a number', "the practice's numbers"), get: 'a practice number' },
  access: MEMBERS_READ_ONLY,
  as: rules.as,
  run: documentRequests({
    document: () => `${p()}/phoneNumbers/${NUMBER}`,
    collection: () => `${p()}/phoneNumbers`,
    create: () => ({ path: `${p()}/phoneNumbers/+61299990000`, data: aPhoneNumber() }),
    update: () => ({ allowedMemberIds: [rules.team.outsider] }),
  }),
})

describeAccessMatrix('contacts', {
  subject: subjectsOf('a contact', 'the contacts'),
  access: practiceAccess({ staff: FULL_ACCESS, practitioner: READS, owner: FULL_ACCESS }),
  as: rules.as,
  run: {
    ...documentRequests({
      document: () => `${p()}/contacts/contact-1`,
      collection: () => `${p()}/contacts`,
      create: (actor) => ({ path: `${p()}/contacts/new-${actor.replace(/\W/g, '')}`, data: newContact() }),
      update: () => ({ organisation: 'Harbour Radiology', updatedAt: serverTimestamp() }),
    }),
    delete: async (db, actor) => {
      const id = `doomed-${actor.replace(/\W/g, '')}`
      await seed(rules.env, { [`${p()}/contacts/${id}`]: aContact() })
      return deleteDoc(doc(db, `${p()}/contacts/${id}`))
    },
  },
})

describe('contacts: shape', () => {
  it('staff cannot save a contact whose number is not E.164', async () => {
    await assertFails(setDoc(doc(rules.as('staff'), `${p()}/contacts/bad-number`), { ...newContact(), phone: '02 9123 4567' }))
  })

  it('staff cannot add fields to a contact', async () => {
    await assertFails(setDoc(doc(rules.as('staff'), `${p()}/contacts/extra`), { ...newContact(), notes: 'x' }))
  })

  it('a patient token reads no contact', async () => {
    await assertFails(getDoc(doc(rules.asPatient(patientClaims()), `${p()}/contacts/contact-1`)))
  })
})

// The shared call: placed by staff for the practitioner. Owners see it; staff and the practitioner are in it.
describeAccessMatrix('calls', {
  subject: {
    get: 'a call they placed or that was on their behalf',
    list: 'every call of the practice',
    create: 'a call log entry',
    update: 'a call log entry',
    delete: 'a call log entry',
  },
  access: practiceAccess({ staff: only('get'), practitioner: only('get'), owner: READS }),
  as: rules.as,
  run: documentRequests({
    document: sharedCall,
    collection: () => `${p()}/calls`,
    create: () => ({ path: `${p()}/calls/CAforged`, data: aCall({ callSid: 'CAforged', placedBy: rules.team.staff, onBehalfOf: rules.team.staff }) }),
    update: () => ({ credits: 0 }),
  }),
})

describe('calls: only their own', () => {
  it('the practitioner lists the calls that include them', async () => {
    const db = rules.as('practitioner')
    await assertSucceeds(getDocs(query(collection(db, `${p()}/calls`), where('visibleTo', 'array-contains', rules.team.practitioner))))
  })

  it("the practitioner cannot read another practitioner's call", async () => {
    await assertFails(getDoc(doc(rules.as('practitioner'), othersCall())))
  })

  it("staff cannot list another member's calls by filtering for them", async () => {
    const db = rules.as('staff')
    await assertFails(getDocs(query(collection(db, `${p()}/calls`), where('visibleTo', 'array-contains', rules.team.otherPractitioner))))
  })

  it('a patient token reads no call and no number', async () => {
    const db = rules.asPatient(patientClaims())
    await assertFails(getDoc(doc(db, sharedCall())))
    await assertFails(getDoc(doc(db, `${p()}/phoneNumbers/${NUMBER}`)))
  })
})
